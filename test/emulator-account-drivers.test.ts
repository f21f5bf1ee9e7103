// The account drivers whose tokens the server rewrites (AliyundriveOpen, PikPak) and OpenList's
// extra storage fields, as the emulator models them (alist-api.md §3, §6.2, §6.4, §7).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Emulator, EmulatorOptions } from './emulator/index.js';
import { admin, create, emulatorLifecycle } from './emulator-support.js';

const start = emulatorLifecycle();
const additionOf = (e: Emulator, mountPath: string): Record<string, unknown> => JSON.parse(e.row(mountPath)?.addition ?? 'null');
const update = (e: Emulator, mountPath: string, changes: Record<string, unknown>) =>
  admin(e).post('/api/admin/storage/update', { ...e.row(mountPath), ...changes });
const OL = 'v4.2.5 (Commit: 0b1e9d09) - Frontend: v4.2.5 - Build at: 2026-08-19';

describe('AliyundriveOpen', () => {
  const ALIST_UI =
    '{"drive_type":"resource","root_folder_id":"root","refresh_token":"sent","oauth_token_url":"https://api.nn.ci/alist/ali_open/token","remove_way":"trash","livp_download_format":"jpeg"}';
  const OL_UI =
    '{"drive_type":"resource","root_folder_id":"root","refresh_token":"sent","use_online_api":true,"alipan_type":"default","api_url_address":"https://api.oplist.org/alicloud/renewapi","remove_way":"trash"}';

  it('rotates refresh_token and AccessToken on every successful init (AList, with the UI defaults)', async () => {
    const e = await start({ seed: 5 });
    expect((await create(e, { mount_path: '/open', driver: 'AliyundriveOpen', addition: ALIST_UI })).code).toBe(200);
    const first = additionOf(e, '/open');
    expect(e.row('/open')?.status).toBe('work');
    expect(first.refresh_token).toMatch(/^rotated-[0-9a-f]{32}$/);
    expect(first.AccessToken).toMatch(/^access-[0-9a-f]{32}$/);
    expect(Object.keys(first).at(-1)).toBe('AccessToken');
    // An update re-initialises: both change again, the rest is kept.
    expect((await update(e, '/open', { remark: 'x', addition: '{"rapid_upload":true}' })).code).toBe(200);
    const second = additionOf(e, '/open');
    expect(second).toMatchObject({ rapid_upload: true, oauth_token_url: 'https://api.nn.ci/alist/ali_open/token', drive_type: 'resource' });
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.AccessToken).not.toBe(first.AccessToken);
    // A reload (load_all) is an init as well.
    await admin(e).post('/api/admin/storage/load_all');
    expect(additionOf(e, '/open').refresh_token).not.toBe(second.refresh_token);
  });

  it('fails init on AList without oauth_token_url and client_id (the row is kept, nothing rotated)', async () => {
    const e = await start();
    const reply = await create(e, { mount_path: '/open', driver: 'AliyundriveOpen', addition: '{"refresh_token":"sent"}' });
    expect(reply).toEqual({
      code: 500,
      message: 'failed init storage but storage is already created: failed init storage: failed to refresh token: invalid client_id or client_secret',
      data: { id: 1 },
    });
    expect(e.row('/open')?.status).toBe('failed to refresh token: invalid client_id or client_secret');
    expect(additionOf(e, '/open')).toMatchObject({ refresh_token: 'sent', AccessToken: '' });
    // With client credentials of its own it goes to the official endpoint and works.
    expect((await update(e, '/open', { addition: '{"client_id":"id","client_secret":"secret"}' })).code).toBe(200);
    expect(e.row('/open')?.status).toBe('work');
  });

  it('on OpenList works with the online API (the UI default) and refuses without it or client credentials', async () => {
    const e = await start({ flavor: 'openlist', version: OL });
    expect((await create(e, { mount_path: '/ok', driver: 'AliyundriveOpen', addition: OL_UI })).code).toBe(200);
    expect(additionOf(e, '/ok').AccessToken).toMatch(/^access-/);
    // Leaving out use_online_api means false: the server applies no default.
    const reply = await create(e, { mount_path: '/off', driver: 'AliyundriveOpen', addition: '{"refresh_token":"sent","api_url_address":"https://x"}' });
    expect(reply.message).toBe('failed init storage but storage is already created: failed init storage: empty ClientID or ClientSecret');
    expect(e.row('/off')?.status).toBe('empty ClientID or ClientSecret');
    const own = await create(e, { mount_path: '/own', driver: 'AliyundriveOpen', addition: '{"refresh_token":"r","client_id":"i","client_secret":"s"}' });
    expect(own.code).toBe(200);
  });
});

describe('PikPak (account)', () => {
  const ACCOUNT = '{"username":"u@x","password":"pw","platform":"web","refresh_token":"sent","captcha_token":"","disable_media_link":true}';

  it('fills device_id as md5(username+password) and rotates refresh_token and captcha_token on each init', async () => {
    const e = await start({ seed: 9 });
    expect((await create(e, { mount_path: '/pp', driver: 'PikPak', addition: ACCOUNT })).code).toBe(200);
    const first = additionOf(e, '/pp');
    expect(Object.keys(first)).toEqual([
      'root_folder_id',
      'username',
      'password',
      'platform',
      'refresh_token',
      'captcha_token',
      'device_id',
      'disable_media_link',
    ]);
    expect(first.device_id).toBe(createHash('md5').update('u@xpw').digest('hex'));
    expect(first.refresh_token).toMatch(/^rotated-[0-9a-f]{32}$/);
    expect(first.captcha_token).toMatch(/^captcha-[0-9a-f]{32}$/);
    expect(first.password).toBe('pw');
    expect((await update(e, '/pp', { order: 3 })).code).toBe(200);
    const second = additionOf(e, '/pp');
    expect(second.device_id).toBe(first.device_id);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.captcha_token).not.toBe(first.captcha_token);
  });

  it('keeps a given device_id, writes nothing back on failure, and only fills device_id with rotateOnInit off', async () => {
    const failing: EmulatorOptions = { initFailures: [{ driver: 'PikPak', message: 'invalid username or password' }] };
    const e = await start(failing);
    await create(e, { mount_path: '/bad', driver: 'PikPak', addition: ACCOUNT.replace('"captcha_token":""', '"captcha_token":"c","device_id":"dev"') });
    expect(e.row('/bad')?.status).toBe('invalid username or password');
    expect(additionOf(e, '/bad')).toMatchObject({ refresh_token: 'sent', captcha_token: 'c', device_id: 'dev' });
    const off = await start({ rotateOnInit: false });
    await create(off, { mount_path: '/pp', driver: 'PikPak', addition: ACCOUNT });
    expect(additionOf(off, '/pp')).toMatchObject({ refresh_token: 'sent', captcha_token: '', device_id: createHash('md5').update('u@xpw').digest('hex') });
  });
});

describe("OpenList's extra storage fields", () => {
  const cases: [string, EmulatorOptions, { sign: boolean; policies: boolean }][] = [
    ['AList v3.45.0', {}, { sign: false, policies: false }],
    ['OpenList v4.0.8', { flavor: 'openlist', version: 'v4.0.8' }, { sign: false, policies: false }],
    ['OpenList v4.0.9', { flavor: 'openlist', version: 'v4.0.9' }, { sign: true, policies: false }],
    ['OpenList v4.1.9', { flavor: 'openlist', version: 'v4.1.9 (Commit: 1a2b3c4) - Frontend: v4.1.9 - Build at: 2025-08-01' }, { sign: true, policies: true }],
  ];

  for (const [label, options, has] of cases) {
    it(`${label}: disable_proxy_sign ${has.sign ? 'kept' : 'absent'}, custom_cache_policies ${has.policies ? 'kept' : 'absent'} (rows, list, driver info)`, async () => {
      const e = await start(options);
      await create(e, { mount_path: '/p', driver: '123PanShare', addition: '{"sharekey":"k"}', disable_proxy_sign: true, custom_cache_policies: '*.mp4:60' });
      const listed = ((await admin(e).get('/api/admin/storage/list')).data as { content: Record<string, unknown>[] }).content[0]!;
      const got = (await admin(e).get('/api/admin/storage/get?id=1')).data as Record<string, unknown>;
      for (const row of [listed, got]) {
        expect(row.disable_proxy_sign).toBe(has.sign ? true : undefined);
        expect(row.custom_cache_policies).toBe(has.policies ? '*.mp4:60' : undefined);
      }
      const commonNames = ((await admin(e).get('/api/admin/driver/info?driver=PikPak')).data as { common: { name: string }[] }).common.map((i) => i.name);
      expect(commonNames.includes('disable_proxy_sign')).toBe(has.sign);
      expect(commonNames.includes('custom_cache_policies')).toBe(has.policies);
    });
  }

  it('are fully replaced on update like every top-level field', async () => {
    const e = await start({ flavor: 'openlist', version: OL });
    await create(e, { mount_path: '/p', driver: 'PikPakShare', addition: '{"share_id":"s"}', disable_proxy_sign: true, custom_cache_policies: '*:5' });
    const { disable_proxy_sign: _sign, custom_cache_policies: _policies, ...rest } = e.row('/p')!;
    expect((await admin(e).post('/api/admin/storage/update', rest)).code).toBe(200);
    expect(e.row('/p')).toMatchObject({ disable_proxy_sign: false, custom_cache_policies: '' });
    expect((await update(e, '/p', { custom_cache_policies: '/movies/*:1440\n*.srt:10' })).code).toBe(200);
    expect(e.row('/p')?.custom_cache_policies).toBe('/movies/*:1440\n*.srt:10');
  });
});
