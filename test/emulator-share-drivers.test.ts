// The emulator's `115 Share` and `123PanShare` (share-links.md): what driver/info reports, what a
// create stores, how init fails and what the server writes back.
import { describe, expect, it } from 'vitest';
import type { DriverItem } from './emulator/drivers.js';
import type { Emulator } from './emulator/index.js';
import { admin, create, emulatorLifecycle } from './emulator-support.js';

const start = emulatorLifecycle();

interface Info {
  common: DriverItem[];
  additional: DriverItem[];
  config: Record<string, unknown>;
}
const info = async (e: Emulator, driver: string): Promise<Info> =>
  (await admin(e).get(`/api/admin/driver/info?driver=${encodeURIComponent(driver)}`)).data as Info;
const additionOf = (e: Emulator, mountPath: string): Record<string, unknown> => JSON.parse(e.row(mountPath)?.addition ?? 'null');
const item = (name: string, type: string, extra: Partial<DriverItem> = {}): DriverItem => ({
  name,
  type,
  default: '',
  options: '',
  required: false,
  help: '',
  ...extra,
});
const common = (items: DriverItem[]): string[] => items.map((i) => i.name);
const without = <T extends object>(o: T, key: string): T => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key)) as T;

/** The addition a client builds the way the web UI does: every item's default, then its own values. */
const withDefaults = (i: Info, values: Record<string, unknown>): string => {
  const typed = (it: DriverItem): unknown => {
    if (it.type === 'bool') return it.default === 'true';
    if (it.type === 'number' || it.type === 'float') return Number(it.default || 0);
    return it.default;
  };
  return JSON.stringify({ ...Object.fromEntries(i.additional.map((it) => [it.name, typed(it)])), ...values });
};

describe('115 Share', () => {
  it('is listed under its name with the space, and driver/info gives every field with type, options, required and default', async () => {
    const e = await start();
    expect((await admin(e).get('/api/admin/driver/names')).data).toContain('115 Share');
    const share = await info(e, '115 Share');
    expect(share.additional.map((i) => without(i, 'help'))).toEqual(
      [
        item('cookie', 'text'),
        item('qrcode_token', 'text'),
        item('qrcode_source', 'select', { options: 'web,android,ios,tv,alipaymini,wechatmini,qandroid', default: 'linux' }),
        item('page_size', 'number', { default: '1000' }),
        item('limit_rate', 'float', { default: '2' }),
        item('share_code', 'text', { required: true }),
        item('receive_code', 'text', { required: true }),
        item('root_folder_id', 'string', { default: '0', required: true }),
      ].map((i) => without(i, 'help')),
    );
    expect(share.config).toEqual({
      name: '115 Share',
      local_sort: false,
      only_local: false,
      only_proxy: false,
      no_cache: false,
      no_upload: true,
      need_ms: false,
      default_root: '0',
      alert: '',
    });
    // Not LocalSort: no storage-level order_by/order_direction.
    expect(common(share.common)).not.toContain('order_by');
    // The '+' form of a space in the query finds it too (Go's query parsing).
    expect((await admin(e).get('/api/admin/driver/info?driver=115+Share')).code).toBe(200);
    expect(((await admin(e).get('/api/admin/driver/list')).data as Record<string, Info>)['115 Share']).toEqual(share);
  });

  it('creates with the UI defaults and stores them in struct order; missing keys become zero values', async () => {
    const e = await start();
    const share = await info(e, '115 Share');
    const addition = withDefaults(share, { cookie: 'UID=1; CID=2; SEID=3', share_code: 'sw1abc', receive_code: 'x9y8' });
    expect(await create(e, { mount_path: '/115/a', driver: '115 Share', addition })).toEqual({ code: 200, message: 'success', data: { id: 1 } });
    expect(e.row('/115/a')?.status).toBe('work');
    expect(e.row('/115/a')?.addition).toBe(
      '{"cookie":"UID=1; CID=2; SEID=3","qrcode_token":"","qrcode_source":"linux","page_size":1000,"limit_rate":2,"share_code":"sw1abc","receive_code":"x9y8","root_folder_id":"0"}',
    );
    // The server applies no default: without them page_size, limit_rate and the root stay zero.
    await create(e, { mount_path: '/115/b', driver: '115 Share', addition: '{"qrcode_token":"q","share_code":"s","receive_code":"r","extra":1}' });
    expect(e.row('/115/b')?.addition).toBe(
      '{"cookie":"","qrcode_token":"q","qrcode_source":"","page_size":0,"limit_rate":0,"share_code":"s","receive_code":"r","root_folder_id":""}',
    );
    expect(e.row('/115/b')?.status).toBe('work');
  });

  it('keeps a fractional limit_rate and reports wrong number types as the Go decoder does', async () => {
    const e = await start();
    await create(e, { mount_path: '/f', driver: '115 Share', addition: '{"cookie":"c","limit_rate":0.5,"page_size":200}' });
    expect(additionOf(e, '/f')).toMatchObject({ limit_rate: 0.5, page_size: 200 });
    const asText = await create(e, { mount_path: '/s', driver: '115 Share', addition: '{"cookie":"c","limit_rate":"2"}' });
    expect(asText).toMatchObject({ code: 500, data: { id: 2 } });
    expect(e.row('/s')?.status).toBe('json: cannot unmarshal string into Go struct field Addition.limit_rate of type float64');
    await create(e, { mount_path: '/i', driver: '115 Share', addition: '{"cookie":"c","page_size":1.5}' });
    expect(e.row('/i')?.status).toBe('json: cannot unmarshal number 1.5 into Go struct field Addition.page_size of type int64');
  });

  it('fails init without a cookie or QR token, keeps the row with the error as status, and works once updated with one', async () => {
    const e = await start();
    const reply = await create(e, { mount_path: '/115/x', driver: '115 Share', addition: '{"share_code":"s","receive_code":"r","page_size":1000}' });
    expect(reply).toEqual({
      code: 500,
      message: 'failed init storage but storage is already created: failed init storage: missing cookie or qrcode account',
      data: { id: 1 },
    });
    expect(e.row('/115/x')).toMatchObject({ id: 1, status: 'missing cookie or qrcode account' });
    const row = e.row('/115/x')!;
    // An update's addition is merged over the running driver's: share_code and page_size stay.
    const fixed = await admin(e).post('/api/admin/storage/update', { ...row, addition: '{"cookie":"c"}' });
    expect(fixed).toEqual({ code: 200, message: 'success', data: null });
    expect(e.row('/115/x')?.status).toBe('work');
    expect(additionOf(e, '/115/x')).toMatchObject({ cookie: 'c', share_code: 's', receive_code: 'r', page_size: 1000 });
    // Emptying both again fails the update with the driver's text.
    const broken = await admin(e).post('/api/admin/storage/update', { ...row, addition: '{"cookie":""}' });
    expect(broken).toEqual({ code: 500, message: 'failed init storage: missing cookie or qrcode account', data: null });
  });
});

describe('123PanShare', () => {
  it('is LocalSort and NoUpload with root 0, and its accesstoken is a text item', async () => {
    const e = await start();
    const pan = await info(e, '123PanShare');
    expect(pan.additional).toEqual([
      item('sharekey', 'string', { required: true }),
      item('sharepassword', 'string'),
      item('root_folder_id', 'string', { default: '0', required: true }),
      item('accesstoken', 'text'),
    ]);
    expect(pan.config).toMatchObject({ name: '123PanShare', local_sort: true, no_upload: true, default_root: '0' });
    expect(pan.config).not.toHaveProperty('prefer_proxy');
    expect(common(pan.common)).toContain('order_by');
    expect(pan.common.find((i) => i.name === 'web_proxy')).toEqual(item('web_proxy', 'bool'));
  });

  it('is PreferProxy on OpenList v4.1.10 and later: web_proxy defaults to true, webdav_policy to native_proxy', async () => {
    const before = await info(await start({ flavor: 'openlist', version: 'v4.1.9' }), '123PanShare');
    expect(before.config).toMatchObject({ prefer_proxy: false });
    expect(before.common.find((i) => i.name === 'webdav_policy')?.default).toBe('302_redirect');
    const since = await start({ flavor: 'openlist', version: 'v4.1.10 (Commit: abc1234) - Frontend: v4.1.10 - Build at: 2025-09-01' });
    const pan = await info(since, '123PanShare');
    expect(pan.config).toMatchObject({ prefer_proxy: true, only_indices: false });
    expect(pan.common.find((i) => i.name === 'web_proxy')).toEqual(item('web_proxy', 'bool', { default: 'true' }));
    expect(pan.common.find((i) => i.name === 'webdav_policy')).toEqual(
      item('webdav_policy', 'select', { default: 'native_proxy', options: '302_redirect,use_proxy_url,native_proxy', required: true }),
    );
    // Only the UI defaults change: the other drivers and the stored storage are untouched.
    expect((await info(since, '115 Share')).config).toMatchObject({ prefer_proxy: false });
    await create(since, { mount_path: '/123', driver: '123PanShare', addition: '{"sharekey":"k"}' });
    expect(since.row('/123')).toMatchObject({ web_proxy: false, webdav_policy: '', status: 'work' });
  });

  it('writes a new accesstoken on every successful init, reproducibly per seed, and none on failure or with rotateOnInit off', async () => {
    const e = await start({ seed: 3 });
    await create(e, { mount_path: '/123/a', driver: '123PanShare', addition: '{"sharekey":"k","sharepassword":"p","accesstoken":"mine"}' });
    const first = additionOf(e, '/123/a');
    expect(Object.keys(first)).toEqual(['sharekey', 'sharepassword', 'root_folder_id', 'accesstoken']);
    expect(first.accesstoken).toMatch(/^access-[0-9a-f]{32}$/);
    const row = e.row('/123/a')!;
    expect((await admin(e).post('/api/admin/storage/update', { ...row, addition: '{"sharepassword":"p2"}' })).code).toBe(200);
    const second = additionOf(e, '/123/a');
    expect(second).toMatchObject({ sharekey: 'k', sharepassword: 'p2' });
    expect(second.accesstoken).not.toBe(first.accesstoken);

    const replay = await start({ seed: 3 });
    await create(replay, { mount_path: '/123/a', driver: '123PanShare', addition: '{"sharekey":"k","sharepassword":"p","accesstoken":"mine"}' });
    expect(additionOf(replay, '/123/a').accesstoken).toBe(first.accesstoken);

    e.addInitFailure({ driver: '123PanShare', message: 'share not found' });
    await create(e, { mount_path: '/123/gone', driver: '123PanShare', addition: '{"sharekey":"k","accesstoken":"mine"}' });
    expect(e.row('/123/gone')).toMatchObject({ status: 'share not found' });
    expect(additionOf(e, '/123/gone').accesstoken).toBe('mine');

    const off = await start({ rotateOnInit: false });
    await create(off, { mount_path: '/123', driver: '123PanShare', addition: '{"sharekey":"k","accesstoken":"mine"}' });
    expect(additionOf(off, '/123').accesstoken).toBe('mine');
  });

  it('can be inserted by hand with the zero addition', async () => {
    const e = await start();
    e.insertRow({ mount_path: '/hand', driver: '123PanShare' });
    e.insertRow({ mount_path: '/hand115', driver: '115 Share' });
    expect(e.row('/hand')?.addition).toBe('{"sharekey":"","sharepassword":"","root_folder_id":"","accesstoken":""}');
    expect(additionOf(e, '/hand115')).toMatchObject({ page_size: 0, limit_rate: 0 });
  });
});
