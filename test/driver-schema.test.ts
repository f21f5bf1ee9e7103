// The check of the files against the server's driver schema, as a pure function: the schemas are
// fetched over HTTP from emulators of several AList and OpenList versions (never written by hand),
// the storages are built directly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverInfoSchema, driverNamesSchema, type DriverInfo } from '../src/model/driver-info.js';
import { parseServerInfo } from '../src/model/server-info.js';
import { DEFAULT_STORAGE_FIELDS, type Addition, type DesiredStorage, type StorageFields } from '../src/model/storage.js';
import { checkDriverSchemas, type CurrentStorage, type DriverSchemas } from '../src/sync/driver-schema.js';
import { startEmulator, type Emulator } from './emulator/index.js';
import { admin } from './emulator-support.js';
import { desired } from './helpers/storages.js';

const VERSIONS = { alist: 'v3.45.0', ol409: 'v4.0.9', ol425: 'v4.2.5 (Commit: 0b1e9d09) - Frontend: v4.2.5 - Build at: 2026-08-19' } as const;
type Server = keyof typeof VERSIONS;
const emulators = new Map<Server, Emulator>();

beforeAll(async () => {
  emulators.set('alist', await startEmulator({ flavor: 'alist', version: VERSIONS.alist }));
  emulators.set('ol409', await startEmulator({ flavor: 'openlist', version: VERSIONS.ol409 }));
  emulators.set('ol425', await startEmulator({ flavor: 'openlist', version: VERSIONS.ol425 }));
});
afterAll(async () => {
  await Promise.all([...emulators.values()].map((e) => e.close()));
});

function emulator(server: Server): Emulator {
  const emu = emulators.get(server);
  if (!emu) throw new Error(`no emulator ${server}`);
  return emu;
}

/** The schemas of these drivers as the server answers them (null: "driver [X] not found"), and its names when one is missing. */
async function schemasOf(server: Server, drivers: readonly string[]): Promise<DriverSchemas> {
  const emu = emulator(server);
  const infos = new Map<string, DriverInfo | null>();
  for (const driver of drivers) {
    const reply = await admin(emu).get(`/api/admin/driver/info?driver=${encodeURIComponent(driver)}`);
    infos.set(driver, reply.code === 404 ? null : driverInfoSchema.parse(reply.data));
  }
  const names = driverNamesSchema.parse((await admin(emu).get('/api/admin/driver/names')).data);
  return { infos, names, server: parseServerInfo(VERSIONS[server]) };
}

const at = (line: number, col = 5) => ({ file: 'storages.yaml', line, col });

/** A storage of a driver alist-batch has no module for, as storages.yaml states it. */
function stated(mountPath: string, driver: string, addition: Addition, fields: Partial<StorageFields> = {}): DesiredStorage {
  return {
    mount_path: mountPath,
    driver,
    fields: { ...DEFAULT_STORAGE_FIELDS, ...fields },
    addition: { ...addition },
    managed: { fields: Object.keys(fields) as (keyof StorageFields)[], addition: Object.keys(addition) },
    source: at(1, 1),
    at: {
      fields: Object.fromEntries(Object.keys(fields).map((k, i) => [k, at(2 + i)])),
      addition: Object.fromEntries(Object.keys(addition).map((k, i) => [k, at(20 + i, 7)])),
    },
    secretKeys: [],
    rewrittenKeys: [],
  };
}

async function check(server: Server, storages: DesiredStorage[], current: CurrentStorage[] = []) {
  return checkDriverSchemas(storages, current, await schemasOf(server, [...new Set(storages.map((s) => s.driver))]));
}

const messages = (result: { problems: { line: number; col: number; message: string }[] }) => result.problems.map((p) => `${p.line}:${p.col}: ${p.message}`);

const OPEN = { refresh_token: 'open-refresh-token-unit-1', remove_way: 'trash' };

describe('drivers and addition keys', () => {
  it('names a driver the server does not have, with the closest of its names', async () => {
    const result = await check('alist', [stated('/Cloud/Open', 'AliyunDriveOpen', OPEN), stated('/Cloud/X', 'NoSuchThing', {})]);
    expect(messages(result)).toEqual([
      '1:1: the server (AList v3.45.0) has no driver "AliyunDriveOpen": did you mean "AliyundriveOpen"?',
      '1:1: the server (AList v3.45.0) has no driver "NoSuchThing": its drivers are listed in the web UI under Storages → Add',
    ]);
  });

  it('reports a missing driver once per file, at its first entry', async () => {
    const typo = (line: number) => ({ ...stated(`/Cloud/${line}`, 'AliyunDriveOpen', OPEN), source: at(line, 1) });
    const share = { ...desired('/Movies/A', 'AliyundriveShare', { share_id: 'a', refresh_token: 't' }), driver: 'AliyundriveShare' };
    const schemas = await schemasOf('alist', ['AliyunDriveOpen']);
    const result = checkDriverSchemas([typo(9), typo(4), typo(12), share], [], { ...schemas, infos: new Map([...schemas.infos, ['AliyundriveShare', null]]) });
    expect(result.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      'list.yaml:1: the server (AList v3.45.0) has no driver "AliyundriveShare": this server cannot mount these storages; leave them out of the files, or use a server that has the driver',
      'storages.yaml:4: the server (AList v3.45.0) has no driver "AliyunDriveOpen" (and 2 more entries of this file): did you mean "AliyundriveOpen"?',
    ]);
  });

  it('refuses an addition key the driver does not have, at the key, with "did you mean"', async () => {
    const result = await check('alist', [stated('/Cloud/Open', 'AliyundriveOpen', { ...OPEN, oauth_token_uri: 'https://x', zzzzzzzz: 'q' })]);
    expect(messages(result)).toEqual([
      '22:7: addition.oauth_token_uri is not a key of AliyundriveOpen on this server (AList v3.45.0): did you mean "oauth_token_url"?',
      expect.stringMatching(
        /^23:7: addition\.zzzzzzzz is not a key of AliyundriveOpen on this server \(AList v3\.45\.0\): its keys are drive_type, root_folder_id, refresh_token, /,
      ),
    ]);
  });

  it('knows which keys exist on which server: use_online_api is OpenList’s, oauth_token_url AList’s', async () => {
    expect(messages(await check('ol425', [stated('/Cloud/Open', 'AliyundriveOpen', { ...OPEN, use_online_api: true })]))).toEqual([]);
    expect(messages(await check('alist', [stated('/Cloud/Open', 'AliyundriveOpen', { ...OPEN, use_online_api: true })]))).toEqual([
      '22:7: addition.use_online_api is not a key of AliyundriveOpen on this server (AList v3.45.0): its keys are drive_type, root_folder_id, refresh_token, order_by, order_direction, oauth_token_url, client_id, client_secret, remove_way, rapid_upload, internal_upload, livp_download_format',
    ]);
  });

  it('checks types: bool, number (whole), float, string; a secret value is never echoed', async () => {
    const pan115 = stated('/S/115', '115 Share', { share_code: 'sw3', receive_code: 'ab12', page_size: 1.5, limit_rate: 'fast', cookie: 'UID=1' });
    const open = stated('/Cloud/Open', 'AliyundriveOpen', { refresh_token: 987654321, remove_way: 'trash', rapid_upload: 'yes' });
    open.secretKeys = ['refresh_token'];
    const result = await check('alist', [pan115, open]);
    expect(messages(result)).toEqual([
      '20:7: addition.refresh_token must be text (quote it) for AliyundriveOpen (got a number)',
      '22:7: addition.page_size must be a whole number for 115 Share (got 1.5)',
      '22:7: addition.rapid_upload must be true or false for AliyundriveOpen (got "yes")',
      '23:7: addition.limit_rate must be a number for 115 Share (got "fast")',
    ]);
    expect(JSON.stringify(result.problems)).not.toContain('987654321');
  });

  it('checks select values against the options; the driver’s own default counts (115’s qrcode_source linux)', async () => {
    const pan115 = (source: string) => stated('/S/115', '115 Share', { share_code: 'sw3', receive_code: 'ab12', cookie: 'UID=1', qrcode_source: source });
    expect(messages(await check('alist', [pan115('linux')]))).toEqual([]);
    expect(messages(await check('alist', [pan115('tv')]))).toEqual([]);
    expect(messages(await check('alist', [pan115('Android')]))).toEqual([
      '23:7: addition.qrcode_source must be one of web, android, ios, tv, alipaymini, wechatmini, qandroid, linux for 115 Share (got "Android"): did you mean "android"?',
    ]);
    // A select that is not required may be cleared.
    expect(messages(await check('alist', [stated('/Cloud/Open', 'AliyundriveOpen', { ...OPEN, order_by: '' })]))).toEqual([]);
  });

  it('reports a key stated once (a section, defaults:) once, not once per storage', async () => {
    const one = stated('/S/a', '115 Share', { share_code: 'a', receive_code: 'x', cookie: 'c', page_size: 'many' });
    const two = stated('/S/b', '115 Share', { share_code: 'b', receive_code: 'y', cookie: 'c', page_size: 'many' });
    expect(messages(await check('alist', [one, two]))).toEqual(['23:7: addition.page_size must be a whole number for 115 Share (got "many")']);
  });
});

describe('required keys', () => {
  it('a create needs the required keys without a default; root folders and UI-only flags are not asked for', async () => {
    const open = stated('/Cloud/Open', 'AliyundriveOpen', {});
    const pikpak = stated('/Cloud/PikPak', 'PikPak', { username: 'someone@example.com' });
    const result = await check('alist', [open, pikpak]);
    expect(messages(result)).toEqual([
      '1:1: AliyundriveOpen needs addition.refresh_token, which the server requires and has no default for: state it in the entry or under defaults.AliyundriveOpen.addition',
      '1:1: PikPak needs addition.password, which the server requires and has no default for: state it in the entry or under defaults.PikPak.addition',
    ]);
  });

  it('a storage the server already has keeps what the files leave out: nothing is missing', async () => {
    const current: CurrentStorage[] = [{ mount_path: '/Cloud/Open', driver: 'AliyundriveOpen', addition: { refresh_token: 'on-server' } }];
    expect(messages(await check('alist', [stated('/Cloud/Open', 'AliyundriveOpen', {})], current))).toEqual([]);
  });

  it('a required key stated empty is refused at the key, create or not', async () => {
    const current: CurrentStorage[] = [{ mount_path: '/Cloud/Open', driver: 'AliyundriveOpen', addition: {} }];
    expect(messages(await check('alist', [stated('/Cloud/Open', 'AliyundriveOpen', { refresh_token: '' })], current))).toEqual([
      '20:7: addition.refresh_token is required by AliyundriveOpen: it may not be empty',
    ]);
  });

  it('the keys a driver module fills in count as given', async () => {
    const share = desired('/Movies/A', 'AliyundriveShare', { share_id: 'abc', refresh_token: 'tok' });
    expect(messages(await check('alist', [share]))).toEqual([]);
  });
});

describe('storage fields', () => {
  it('an OpenList-only field on AList names the version it needs and the server’s', async () => {
    const open = stated('/Cloud/Open', 'AliyundriveOpen', OPEN, { custom_cache_policies: '*.mp4:60', disable_proxy_sign: true });
    expect(messages(await check('alist', [open]))).toEqual([
      '2:5: custom_cache_policies needs OpenList ≥ v4.1.9; the server is AList v3.45.0: remove it from the files',
      '3:5: disable_proxy_sign needs OpenList ≥ v4.0.9; the server is AList v3.45.0: remove it from the files',
    ]);
    expect(messages(await check('ol409', [open]))).toEqual([
      '2:5: custom_cache_policies needs OpenList ≥ v4.1.9; the server is OpenList v4.0.9: remove it from the files',
    ]);
    expect(messages(await check('ol425', [open]))).toEqual([]);
  });

  it('order_by on a driver the server does not sort points at the driver’s own order_by', async () => {
    const open = stated('/Cloud/Open', 'AliyundriveOpen', OPEN, { order_by: 'name' });
    expect(messages(await check('alist', [open]))).toEqual([
      "2:5: order_by is a storage setting only for drivers the server sorts itself, and AliyundriveOpen does not: use addition.order_by for this driver's own sorting",
    ]);
    const pikpak = stated('/Cloud/PikPak', 'PikPak', { username: 'u', password: 'p' }, { order_by: 'name', order_direction: 'down' });
    expect(messages(await check('alist', [pikpak]))).toEqual(['3:5: order_direction must be one of asc, desc for PikPak (got "down")']);
  });

  it('webdav_policy must be one of the form’s options', async () => {
    const open = stated('/Cloud/Open', 'AliyundriveOpen', OPEN, { webdav_policy: '302' });
    expect(messages(await check('alist', [open]))).toEqual([
      '2:5: webdav_policy must be one of 302_redirect, use_proxy_url, native_proxy for AliyundriveOpen (got "302")',
    ]);
  });
});

describe('completing a create as the web UI would', () => {
  it('fills every unstated addition key with the form’s default, typed; nothing of it is managed', async () => {
    const [alist] = (await check('alist', [stated('/Cloud/Open', 'AliyundriveOpen', OPEN)])).storages;
    expect(alist?.addition).toEqual({
      drive_type: 'resource',
      root_folder_id: 'root',
      refresh_token: OPEN.refresh_token,
      order_by: '',
      order_direction: '',
      oauth_token_url: 'https://api.nn.ci/alist/ali_open/token',
      client_id: '',
      client_secret: '',
      remove_way: 'trash',
      rapid_upload: false,
      internal_upload: false,
      livp_download_format: 'jpeg',
    });
    expect(alist?.managed.addition).toEqual(['refresh_token', 'remove_way']);
    const [ol] = (await check('ol425', [stated('/Cloud/Open', 'AliyundriveOpen', OPEN)])).storages;
    expect(ol?.addition).toMatchObject({ use_online_api: true, alipan_type: 'default', api_url_address: 'https://api.oplist.org/alicloud/renewapi' });
    expect(ol?.addition).not.toHaveProperty('oauth_token_url');
    const [pan] = (await check('alist', [stated('/S/115', '115 Share', { share_code: 'a', receive_code: 'b', cookie: 'c' })])).storages;
    expect(pan?.addition).toMatchObject({ qrcode_source: 'linux', page_size: 1000, limit_rate: 2, root_folder_id: '0', qrcode_token: '' });
  });

  it('OnedriveAPP gets OpenList’s extra keys on OpenList, not on AList; the module’s values stay', async () => {
    const want = () => desired('/Teams/A', 'OnedriveAPP', { client_id: 'id', client_secret: 'secret', tenant_id: 't', email: 'a@b' });
    const [ol] = (await check('ol425', [want()])).storages;
    expect(ol?.addition).toMatchObject({ disable_disk_usage: false, enable_direct_upload: false, chunk_size: 5, root_folder_path: '/' });
    const [alist] = (await check('alist', [want()])).storages;
    expect(alist?.addition).toEqual(want().addition);
  });

  it('unstated storage fields take the form’s defaults: 123PanShare on OpenList ≥ 4.1.10 proxies; stated ones stay', async () => {
    const share = (fields: Partial<StorageFields> = {}) => stated('/S/123', '123PanShare', { sharekey: 'k' }, fields);
    const [ol] = (await check('ol425', [share()])).storages;
    expect(ol?.fields).toMatchObject({ web_proxy: true, webdav_policy: 'native_proxy', cache_expiration: 30 });
    const [kept] = (await check('ol425', [share({ web_proxy: false })])).storages;
    expect(kept?.fields).toMatchObject({ web_proxy: false, webdav_policy: 'native_proxy' });
    const [alist] = (await check('alist', [share()])).storages;
    expect(alist?.fields).toMatchObject({ web_proxy: false, webdav_policy: '302_redirect' });
  });

  it('a storage the server has is not completed (an update sends only what the files state)', async () => {
    const current: CurrentStorage[] = [{ mount_path: '/Cloud/Open', driver: 'AliyundriveOpen', addition: {} }];
    const [kept] = (await check('alist', [stated('/Cloud/Open', 'AliyundriveOpen', OPEN)], current)).storages;
    expect(kept?.addition).toEqual(OPEN);
  });
});

describe('secret and server-written keys', () => {
  it('keys the server stores but its form does not list are server-written; stating one is refused', async () => {
    const emu = emulator('alist');
    await admin(emu).post('/api/admin/storage/create', {
      mount_path: '/Seen/Open',
      driver: 'AliyundriveOpen',
      addition: JSON.stringify({ refresh_token: 'seed-token', oauth_token_url: 'https://api.nn.ci/alist/ali_open/token' }),
    });
    const listed = (await admin(emu).get('/api/admin/storage/list')).data as { content: { mount_path: string; driver: string; addition: string }[] };
    const current = listed.content.map((row) => ({ ...row, addition: JSON.parse(row.addition) as Addition }));
    expect(current[0]?.addition).toHaveProperty('AccessToken');
    const result = await check(
      'alist',
      [stated('/Cloud/Open', 'AliyundriveOpen', OPEN), stated('/Cloud/Two', 'AliyundriveOpen', { ...OPEN, AccessToken: 'x' })],
      current,
    );
    expect(result.storages[0]?.rewrittenKeys).toContain('AccessToken');
    expect(messages(result)).toEqual([
      '22:7: addition.AccessToken is written by the server itself, not a setting of AliyundriveOpen: remove it from the files',
    ]);
  });

  it('a driver without a module: keys named like secrets are secret (and may be rotated), addresses are not', async () => {
    const [open] = (await check('ol425', [stated('/Cloud/Open', 'AliyundriveOpen', OPEN)])).storages;
    expect(open?.secretKeys.sort()).toEqual(['client_secret', 'refresh_token']);
    expect(open?.rewrittenKeys).toContain('refresh_token');
    const [share] = (await check('alist', [desired('/Movies/A', 'AliyundriveShare', { share_id: 'abc', refresh_token: 'tok' })])).storages;
    expect(share?.secretKeys).toEqual(['refresh_token']);
  });
});
