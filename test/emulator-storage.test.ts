import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Emulator, fixAndCleanPath } from './emulator/index.js';
import { admin, api, create, emulatorLifecycle } from './emulator-support.js';

const start = emulatorLifecycle();
const additionOf = (e: Emulator, mountPath: string): Record<string, unknown> => JSON.parse(e.row(mountPath)?.addition ?? 'null');
const ONEDRIVE = '{"root_folder_path":"/","region":"global","client_id":"c","client_secret":"s","tenant_id":"t","email":"u@x","chunk_size":5,"custom_host":""}';

describe('mount paths', () => {
  it('clean like Go path.Clean after FixAndCleanPath', () => {
    const cases: [string, string][] = [
      ['od', '/od'],
      ['/od/', '/od'],
      ['\\a\\b', '/a/b'],
      ['/a/../b', '/b'],
      ['//x', '/x'],
      ['/', '/'],
      ['/../..', '/'],
      ['a/./b//c/', '/a/b/c'],
      ['/x/..', '/'],
      ['/a b?', '/a b?'],
    ];
    for (const [input, cleaned] of cases) expect(fixAndCleanPath(input), input).toBe(cleaned);
  });

  it('are stored cleaned and unique; ids count up from 1', async () => {
    const e = await start();
    expect(await create(e, { mount_path: 'od/', driver: 'OnedriveAPP' })).toEqual({ code: 200, message: 'success', data: { id: 1 } });
    expect(await create(e, { mount_path: '//od', driver: 'PikPak' })).toEqual({
      code: 500,
      message: 'failed create storage in database: UNIQUE constraint failed: x_storages.mount_path',
      data: { id: 0 },
    });
    expect((await create(e, { mount_path: '\\two', driver: 'PikPak' })).data).toEqual({ id: 2 });
    expect(e.rows().map((r) => [r.id, r.mount_path])).toEqual([
      [1, '/od'],
      [2, '/two'],
    ]);
  });

  it('use the OpenList sqlite text for duplicates', async () => {
    const e = await start({ flavor: 'openlist' });
    await create(e, { mount_path: '/a', driver: 'PikPak' });
    expect((await create(e, { mount_path: '/a', driver: 'PikPak' })).message).toBe(
      'failed create storage in database: constraint failed: UNIQUE constraint failed: x_storages.mount_path (2067)',
    );
  });
});

describe('create', () => {
  it('rejects bad input with code 400 and an unknown driver with 500 {id:0}', async () => {
    const e = await start();
    const required = "Key: 'Storage.MountPath' Error:Field validation for 'MountPath' failed on the 'required' tag";
    expect(await create(e, { mount_path: '', driver: 'PikPak' })).toEqual({ code: 400, message: required, data: null });
    expect((await admin(e).post('/api/admin/storage/create', '{"mount_path":')).code).toBe(400);
    expect(await api(e, 'POST', '/api/admin/storage/create', { token: e.adminToken, body: '' })).toMatchObject({ code: 400, message: 'EOF' });
    // Without a JSON content type gin binds a form: mount_path stays empty.
    const form = await api(e, 'POST', '/api/admin/storage/create', {
      token: e.adminToken,
      body: JSON.stringify({ mount_path: '/x', driver: 'PikPak' }),
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(form).toEqual({ code: 400, message: required, data: null });
    expect((await create(e, { mount_path: '/x', driver: 'PikPak', order: 'first' })).code).toBe(400);
    expect((await create(e, { mount_path: '/x', driver: 'PikPak', modified: '' })).code).toBe(400);
    expect(await create(e, { mount_path: '/x', driver: 'Nope' })).toEqual({
      code: 500,
      message: 'failed get driver new: no driver named: Nope',
      data: { id: 0 },
    });
    expect(e.rows()).toEqual([]);
  });

  it('re-serialises the addition in driver field order: unknown keys dropped, missing keys zero', async () => {
    const e = await start();
    await create(e, { mount_path: '/od', driver: 'OnedriveAPP', addition: '{"email":"u@x","extra":1,"client_id":"c","chunk_size":0}' });
    expect(e.row('/od')?.addition).toBe(
      // chunk_size < 1 is patched to 5 by the driver's Init.
      '{"root_folder_path":"","region":"","client_id":"c","client_secret":"","tenant_id":"","email":"u@x","chunk_size":5,"custom_host":""}',
    );
    expect(e.row('/od')).toMatchObject({ status: 'work', disabled: false });
  });

  it('sets modified, owns status, and does not return fields the version lacks', async () => {
    const e = await start({ version: 'v3.41.0' });
    await create(e, { mount_path: '/p', driver: 'PikPak', status: 'mine', disable_index: true, disable_proxy_sign: true, custom_cache_policies: '*:1' });
    const got = await admin(e).get('/api/admin/storage/get?id=1');
    const row = got.data as Record<string, unknown>;
    expect(row.status).toBe('work');
    expect(row.modified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(Object.keys(row)).toEqual([
      'id',
      'mount_path',
      'order',
      'driver',
      'cache_expiration',
      'status',
      'addition',
      'remark',
      'modified',
      'disabled',
      'enable_sign',
      'order_by',
      'order_direction',
      'extract_folder',
      'web_proxy',
      'webdav_policy',
      'proxy_range',
      'down_proxy_url',
    ]);
  });

  it('keeps OpenList-only fields on OpenList', async () => {
    const e = await start({ flavor: 'openlist' });
    await create(e, { mount_path: '/p', driver: 'PikPak', disable_proxy_sign: true, custom_cache_policies: '*:1', disable_index: true });
    expect(e.row('/p')).toMatchObject({ disable_proxy_sign: true, custom_cache_policies: '*:1', disable_index: true });
    const keys = Object.keys((await admin(e).get('/api/admin/storage/get?id=1')).data as object);
    expect(keys.indexOf('custom_cache_policies')).toBe(keys.indexOf('cache_expiration') + 1);
    expect(keys.at(-1)).toBe('disable_proxy_sign');
  });

  it('keeps the row when init fails and answers 500 with data.id', async () => {
    const e = await start({
      initFailures: [{ driver: 'OnedriveAPP', addition: { email: /@bad$/ }, message: 'Either scp or roles claim need to be present in the token' }],
    });
    const reply = await create(e, { mount_path: '/od', driver: 'OnedriveAPP', addition: '{"email":"x@bad","junk":true}' });
    expect(reply).toEqual({
      code: 500,
      message: 'failed init storage but storage is already created: failed init storage: Either scp or roles claim need to be present in the token',
      data: { id: 1 },
    });
    expect(e.row('/od')).toMatchObject({ id: 1, status: 'Either scp or roles claim need to be present in the token' });
    expect(additionOf(e, '/od')).not.toHaveProperty('junk');
    // A retry of the same create now hits the UNIQUE constraint.
    expect((await create(e, { mount_path: '/od', driver: 'OnedriveAPP' })).message).toMatch(/^failed create storage in database: UNIQUE/);
    // Other emails initialise fine.
    expect((await create(e, { mount_path: '/ok', driver: 'OnedriveAPP', addition: '{"email":"x@good"}' })).code).toBe(200);
  });

  it('matches init-failure rules by mount path and reports an addition that is not JSON as the status', async () => {
    const e = await start();
    e.addInitFailure({ mountPath: /^\/broken/, message: 'boom' });
    expect((await create(e, { mount_path: '/broken/1', driver: 'PikPak' })).data).toEqual({ id: 1 });
    expect(e.row('/broken/1')?.status).toBe('boom');
    e.clearInitFailures();
    expect((await create(e, { mount_path: '/broken/2', driver: 'PikPak' })).code).toBe(200);
    const bad = await create(e, { mount_path: '/json', driver: 'PikPak', addition: 'not json' });
    expect(bad).toMatchObject({ code: 500, data: { id: 3 } });
    expect(e.row('/json')?.status).not.toBe('work');
  });
});

describe('write-backs on init (rotateOnInit)', () => {
  it('rotates AliyundriveShare refresh tokens, reproducibly per seed, and not on failure', async () => {
    const first = await start({ seed: 7 });
    await create(first, { mount_path: '/s', driver: 'AliyundriveShare', addition: '{"refresh_token":"sent","share_id":"x"}' });
    const rotated = additionOf(first, '/s').refresh_token;
    expect(rotated).toMatch(/^rotated-[0-9a-f]+$/);
    first.addInitFailure({ mountPath: '/f', message: 'share expired' });
    await create(first, { mount_path: '/f', driver: 'AliyundriveShare', addition: '{"refresh_token":"sent"}' });
    expect(additionOf(first, '/f').refresh_token).toBe('sent');

    const emu = await start({ seed: 7 });
    await create(emu, { mount_path: '/s', driver: 'AliyundriveShare', addition: '{"refresh_token":"sent","share_id":"x"}' });
    expect(additionOf(emu, '/s').refresh_token).toBe(rotated);
  });

  it('derives an empty PikPakShare device_id as md5(share_id+share_pwd+now)', async () => {
    const now = Date.UTC(2025, 0, 1);
    const e = await start({ now: () => now });
    await create(e, { mount_path: '/pp', driver: 'PikPakShare', addition: '{"share_id":"S","share_pwd":"P","platform":"web"}' });
    expect(additionOf(e, '/pp').device_id).toBe(createHash('md5').update(`SP${now}`).digest('hex'));
    await create(e, { mount_path: '/keep', driver: 'PikPakShare', addition: '{"share_id":"S","device_id":"mine"}' });
    expect(additionOf(e, '/keep').device_id).toBe('mine');
  });

  it('leaves the addition as sent when rotateOnInit is false', async () => {
    const e = await start({ rotateOnInit: false });
    await create(e, { mount_path: '/s', driver: 'AliyundriveShare', addition: '{"refresh_token":"sent"}' });
    expect(additionOf(e, '/s').refresh_token).toBe('sent');
  });
});

describe('list and get', () => {
  it('orders by order then id, pages with page/per_page, and returns everything by default', async () => {
    const e = await start();
    await create(e, { mount_path: '/c', driver: 'PikPak', order: 2 });
    await create(e, { mount_path: '/a', driver: 'PikPak', order: 1 });
    await create(e, { mount_path: '/b', driver: 'PikPak', order: 1 });
    await create(e, { mount_path: '/d', driver: 'PikPak', order: -1, disabled: true });
    const paths = (env: { data: unknown }) => (env.data as { content: { mount_path: string }[] }).content.map((r) => r.mount_path);
    const all = await admin(e).get('/api/admin/storage/list');
    expect(paths(all)).toEqual(['/d', '/a', '/b', '/c']);
    expect((all.data as { total: number }).total).toBe(4);
    expect(paths(await admin(e).get('/api/admin/storage/list?page=2&per_page=3'))).toEqual(['/c']);
    expect(paths(await admin(e).get('/api/admin/storage/list?page=0&per_page=2'))).toEqual(['/d', '/a']);
    expect(paths(await admin(e).get('/api/admin/storage/list?page=9&per_page=2'))).toEqual([]);
    expect(await admin(e).get('/api/admin/storage/list?per_page=x')).toEqual({
      code: 400,
      message: 'strconv.ParseInt: parsing "x": invalid syntax',
      data: null,
    });
    expect(e.rows().map((r) => r.mount_path)).toEqual(['/d', '/a', '/b', '/c']);
  });

  it('answers empty lists with content []', async () => {
    const e = await start();
    expect((await admin(e).get('/api/admin/storage/list')).data).toEqual({ content: [], total: 0 });
  });

  it('gets by id with the documented errors', async () => {
    const e = await start();
    await create(e, { mount_path: '/a', driver: 'PikPak' });
    expect((await admin(e).get('/api/admin/storage/get?id=1')).data).toMatchObject({ id: 1, mount_path: '/a', driver: 'PikPak' });
    expect(await admin(e).get('/api/admin/storage/get?id=9')).toEqual({ code: 500, message: 'record not found', data: null });
    expect(await admin(e).get('/api/admin/storage/get?id=x')).toEqual({ code: 400, message: 'strconv.Atoi: parsing "x": invalid syntax', data: null });
    expect((await admin(e).get('/api/admin/storage/get')).message).toBe('strconv.Atoi: parsing "": invalid syntax');
  });
});

describe('update', () => {
  it('merges the new addition over the old one and replaces top-level fields', async () => {
    const e = await start({ rotateOnInit: false });
    await create(e, { mount_path: '/od', driver: 'OnedriveAPP', addition: ONEDRIVE, remark: 'keep?', cache_expiration: 30 });
    const reply = await admin(e).post('/api/admin/storage/update', {
      id: 1,
      mount_path: '/od2',
      driver: 'OnedriveAPP',
      addition: '{"email":"new@x","bogus":1}',
    });
    expect(reply).toEqual({ code: 200, message: 'success', data: null });
    expect(e.row('/od')).toBeUndefined();
    const row = e.row('/od2');
    expect(row).toMatchObject({ id: 1, remark: '', cache_expiration: 0, status: 'work' });
    expect(row?.addition).toBe(ONEDRIVE.replace('u@x', 'new@x'));
  });

  it('refuses a missing id, a driver change and a taken mount path', async () => {
    const e = await start();
    await create(e, { mount_path: '/a', driver: 'PikPak' });
    await create(e, { mount_path: '/b', driver: 'PikPak' });
    const update = (body: object) => admin(e).post('/api/admin/storage/update', body);
    expect(await update({ id: 9, mount_path: '/a', driver: 'PikPak' })).toEqual({ code: 500, message: 'failed get old storage: record not found', data: null });
    expect(await update({ id: 1, mount_path: '/a', driver: 'PikPakShare' })).toEqual({ code: 500, message: 'driver cannot be changed', data: null });
    expect((await update({ id: 1, mount_path: 'b/', driver: 'PikPak' })).message).toBe(
      'failed update storage in database: UNIQUE constraint failed: x_storages.mount_path',
    );
  });

  it('saves the failed status and answers "failed init storage: <e>" when re-init fails', async () => {
    const e = await start();
    await create(e, { mount_path: '/a', driver: 'PikPak', addition: '{"username":"u"}' });
    e.addInitFailure({ addition: { username: 'bad' }, message: 'login failed' });
    const reply = await admin(e).post('/api/admin/storage/update', { id: 1, mount_path: '/a', driver: 'PikPak', addition: '{"username":"bad"}' });
    expect(reply).toEqual({ code: 500, message: 'failed init storage: login failed', data: null });
    expect(e.row('/a')).toMatchObject({ status: 'login failed' });
    expect(additionOf(e, '/a').username).toBe('bad');
  });

  it('with disabled:true only writes the DB: no re-init, status "disabled"', async () => {
    const e = await start();
    await create(e, { mount_path: '/a', driver: 'AliyundriveShare', addition: '{"refresh_token":"r"}' });
    const reply = await admin(e).post('/api/admin/storage/update', {
      id: 1,
      mount_path: '/a',
      driver: 'AliyundriveShare',
      disabled: true,
      addition: '{"refresh_token":"raw"}',
    });
    expect(reply.code).toBe(200);
    expect(e.row('/a')).toMatchObject({ disabled: true, status: 'disabled', addition: '{"refresh_token":"raw"}' });
  });

  it('cannot enable a disabled storage: the row is saved but nothing is loaded', async () => {
    const e = await start();
    await create(e, { mount_path: '/a', driver: 'PikPak' });
    await admin(e).post('/api/admin/storage/disable?id=1');
    const reply = await admin(e).post('/api/admin/storage/update', { id: 1, mount_path: '/a', driver: 'PikPak', disabled: false });
    expect(reply).toEqual({ code: 500, message: 'failed get storage driver: no mount path for an storage is: /a', data: null });
    expect(await admin(e).post('/api/admin/storage/enable?id=1')).toEqual({ code: 500, message: 'this storage have enabled', data: null });
  });
});

describe('delete, enable, disable', () => {
  it('answer with the documented messages', async () => {
    const e = await start();
    await create(e, { mount_path: '/a', driver: 'PikPak' });
    const post = admin(e).post;
    expect(await post('/api/admin/storage/enable?id=1')).toEqual({ code: 500, message: 'this storage have enabled', data: null });
    expect(await post('/api/admin/storage/disable?id=1')).toEqual({ code: 200, message: 'success', data: null });
    expect(e.row('/a')).toMatchObject({ disabled: true, status: 'disabled' });
    expect(await post('/api/admin/storage/disable?id=1')).toEqual({ code: 500, message: 'this storage have disabled', data: null });
    expect(await post('/api/admin/storage/enable?id=1')).toEqual({ code: 200, message: 'success', data: null });
    expect(e.row('/a')).toMatchObject({ disabled: false, status: 'work' });
    for (const op of ['enable', 'disable', 'delete']) {
      expect(await post(`/api/admin/storage/${op}?id=7`)).toEqual({ code: 500, message: 'failed get storage: record not found', data: null });
    }
    expect((await post('/api/admin/storage/delete?id=z')).code).toBe(400);
    expect(await post('/api/admin/storage/delete?id=1')).toEqual({ code: 200, message: 'success', data: null });
    expect(e.rows()).toEqual([]);
  });

  it('report an init failure on enable as "failed load storage: failed init storage: <e>" with the flag already set', async () => {
    const e = await start();
    await create(e, { mount_path: '/a', driver: 'PikPak' });
    await admin(e).post('/api/admin/storage/disable?id=1');
    e.addInitFailure({ mountPath: '/a', message: 'captcha' });
    expect(await admin(e).post('/api/admin/storage/enable?id=1')).toEqual({
      code: 500,
      message: 'failed load storage: failed init storage: captcha',
      data: null,
    });
    expect(e.row('/a')).toMatchObject({ disabled: false, status: 'captcha' });
  });

  it('insertRow adds a hand-made storage without init; update merges over it', async () => {
    const e = await start({ rotateOnInit: false });
    const row = e.insertRow({ mount_path: 'hand', driver: 'AliyundriveShare', addition: '{"refresh_token":"r","share_id":"s"}', status: 'weird' });
    expect(row).toMatchObject({ id: 1, mount_path: '/hand', status: 'weird', addition: '{"refresh_token":"r","share_id":"s"}' });
    e.setStatus('/hand', 'work');
    await admin(e).post('/api/admin/storage/update', { id: 1, mount_path: '/hand', driver: 'AliyundriveShare', addition: '{"share_pwd":"p"}' });
    expect(additionOf(e, '/hand')).toEqual({ refresh_token: 'r', share_id: 's', share_pwd: 'p', root_folder_id: '', order_by: '', order_direction: '' });
    expect((await create(e, { mount_path: '/next', driver: 'PikPak' })).data).toEqual({ id: 2 });
  });
});

describe('load_all', () => {
  it('answers success, re-inits enabled storages and then reports Loading (AList)', async () => {
    const e = await start({ loadAllMs: 300 });
    await create(e, { mount_path: '/s', driver: 'AliyundriveShare', addition: '{"refresh_token":"r"}' });
    const before = additionOf(e, '/s').refresh_token;
    expect(await admin(e).post('/api/admin/storage/load_all')).toEqual({ code: 200, message: 'success', data: null });
    expect(additionOf(e, '/s').refresh_token).not.toBe(before);
    expect(await admin(e).get('/api/admin/storage/list')).toEqual({ code: 500, message: 'Loading storage, please wait', data: null });
    expect(await api(e, 'GET', '/api/public/settings')).toMatchObject({ code: 500 });
  });

  it('makes OpenList requests wait instead', async () => {
    const e = await start({ flavor: 'openlist', loadAllMs: 200 });
    await admin(e).post('/api/admin/storage/load_all');
    const started = Date.now();
    expect((await admin(e).get('/api/admin/storage/list')).code).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });
});
