// Contract tests of the client's storage and driver endpoints, and of its retry policy under each
// fault kind, against the emulator on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import type { AlistClient } from '../src/alist/client.js';
import type { StorageCreate } from '../src/model/storage.js';
import { AbortedError, ApiError, StorageInitError, StorageInsertError, TransportError } from '../src/errors.js';
import { closeEverything, connect, everyRendering, newRecorded, rejection, requestsTo, startTestEmulator, type Recorded } from './client-helpers.js';
import type { Emulator, EmulatorOptions, FaultKind } from './emulator/index.js';

const CREATE = '/api/admin/storage/create';
const LIST = '/api/admin/storage/list';
const CLIENT_SECRET = 'od-client-secret-value-42';

afterEach(closeEverything);

async function setUp(options: EmulatorOptions = {}, extra: Parameters<typeof connect>[2] = {}): Promise<{ emu: Emulator; c: AlistClient; recorded: Recorded }> {
  const emu = await startTestEmulator(options);
  const recorded = newRecorded();
  const c = await connect(emu, recorded, extra);
  emu.resetStats();
  return { emu, c, recorded };
}

function onedrive(mountPath: string): StorageCreate {
  return {
    mount_path: mountPath,
    order: 0,
    driver: 'OnedriveAPP',
    cache_expiration: 30,
    addition: {
      root_folder_path: '/',
      region: 'global',
      client_id: 'cid',
      client_secret: CLIENT_SECRET,
      tenant_id: 'tid',
      email: 'u@example.com',
      chunk_size: 5,
      custom_host: '',
    },
    remark: '',
    disable_index: false,
    enable_sign: false,
    order_by: 'name',
    order_direction: 'asc',
    extract_folder: 'front',
    web_proxy: false,
    webdav_policy: '302_redirect',
    down_proxy_url: '',
  };
}

describe('storages', () => {
  it('create, get, list, update, disable, enable, delete — addition an object here, a JSON string on the wire', async () => {
    const { emu, c } = await setUp();
    const id = await c.createStorage(onedrive('od'));
    const row = emu.row('/od');
    expect(row?.id).toBe(id);
    expect(row?.status).toBe('work');
    expect(JSON.parse(row?.addition ?? '{}')).toMatchObject({ client_secret: CLIENT_SECRET, chunk_size: 5 });

    const stored = await c.getStorage(id);
    expect(stored.mount_path).toBe('/od');
    expect(stored.addition).toMatchObject({ client_id: 'cid', client_secret: CLIENT_SECRET, region: 'global' });
    expect(await c.listStorages()).toEqual([stored]);

    await c.updateStorage(stored, { remark: 'changed', addition: { region: 'cn' } });
    expect(emu.row('/od')?.remark).toBe('changed');
    expect(JSON.parse(emu.row('/od')?.addition ?? '{}')).toMatchObject({ region: 'cn', client_secret: CLIENT_SECRET });

    await c.disableStorage(id);
    expect(emu.row('/od')).toMatchObject({ disabled: true, status: 'disabled' });
    await c.enableStorage(id);
    expect(emu.row('/od')).toMatchObject({ disabled: false, status: 'work' });
    await c.deleteStorage(id);
    expect(emu.rows()).toEqual([]);
    expect(c.requestCount).toBe(emu.log.length + 3); // + settings, login and /api/me before resetStats
  });

  it('lists every storage in one request (the server returns all rows without per_page)', async () => {
    const { emu, c } = await setUp();
    for (let i = 0; i < 25; i += 1) emu.insertRow({ mount_path: `/s${i}`, driver: 'OnedriveAPP', order: 25 - i });
    const all = await c.listStorages();
    expect(all).toHaveLength(25);
    expect(all[0]?.mount_path).toBe('/s24');
    expect(requestsTo(emu, LIST)).toBe(1);
  });

  it('an undecodable stored addition reads as {}', async () => {
    const { emu, c } = await setUp();
    const row = emu.insertRow({ mount_path: '/broken', driver: 'OnedriveAPP', addition: 'not json' });
    expect((await c.getStorage(row.id)).addition).toEqual({});
  });

  it('init failure on create: StorageInitError with the id of the row that now exists', async () => {
    const { emu, c } = await setUp({ initFailures: [{ mountPath: '/bad', message: 'Either scp or roles claim need to be present in the token' }] });
    const error = await rejection(c.createStorage(onedrive('/bad')));
    expect(error).toBeInstanceOf(StorageInitError);
    expect((error as StorageInitError).storageId).toBe(emu.row('/bad')?.id);
    expect((error as StorageInitError).code).toBe(500);
    expect(error.message).toBe(
      `POST ${CREATE} failed: failed init storage but storage is already created: failed init storage: Either scp or roles claim need to be present in the token (code 500)`,
    );
    expect(emu.row('/bad')?.status).toBe('Either scp or roles claim need to be present in the token');
    expect(everyRendering(error)).not.toContain(CLIENT_SECRET);
  });

  it('init failure messages keep the non-secret addition values they quote; a quoted client secret is scrubbed', async () => {
    const { c } = await setUp({
      initFailures: [
        { mountPath: '/mail', message: 'no drive found for u@example.com in tenant tid' },
        { mountPath: '/secret', message: `AADSTS7000215: Invalid client secret provided: ${CLIENT_SECRET}` },
      ],
    });
    const mail = await rejection(c.createStorage(onedrive('/mail')));
    expect((mail as ApiError).serverMessage).toBe(
      'failed init storage but storage is already created: failed init storage: no drive found for u@example.com in tenant tid',
    );
    const secret = await rejection(c.createStorage(onedrive('/secret'), [CLIENT_SECRET]));
    expect((secret as ApiError).serverMessage).toBe(
      'failed init storage but storage is already created: failed init storage: AADSTS7000215: Invalid client secret provided: ********',
    );
    expect(everyRendering(secret)).not.toContain(CLIENT_SECRET);
  });

  it('server refusals are ApiErrors with code, message, method and endpoint; never retried', async () => {
    const { emu, c } = await setUp();
    await c.createStorage(onedrive('/dup'));
    const duplicate = await rejection(c.createStorage(onedrive('/dup/')));
    expect(duplicate).toBeInstanceOf(ApiError);
    expect(duplicate).not.toBeInstanceOf(StorageInitError);
    expect(duplicate).toBeInstanceOf(StorageInsertError);
    expect(duplicate).toMatchObject({ code: 500, method: 'POST', endpoint: CREATE });
    expect((duplicate as ApiError).serverMessage).toMatch(/^failed create storage in database: /);
    const missing = await rejection(c.getStorage(999));
    expect(missing).toMatchObject({ code: 500, serverMessage: 'record not found', method: 'GET', endpoint: '/api/admin/storage/get' });
    expect(requestsTo(emu, CREATE)).toBe(2);
  });

  it('an update sends the row as listed with only the patch changed: every other key stays as the server has it', async () => {
    const { emu, c } = await setUp();
    const id = await c.createStorage({ ...onedrive('/od'), enable_sign: true, order: 7 });
    await c.disableStorage(id);
    const listed = await c.getStorage(id);
    await c.updateStorage(listed, { order_by: 'size', remark: 'note', addition: { region: 'cn' } });
    const row = emu.row('/od');
    expect(row).toMatchObject({ id, disabled: true, enable_sign: true, order: 7, order_by: 'size', order_direction: 'asc', remark: 'note' });
    expect(JSON.parse(row?.addition ?? '{}')).toEqual({ ...listed.addition, region: 'cn' });
  });

  it('OpenList gets its optional fields (disable_proxy_sign, custom_cache_policies)', async () => {
    const ol = await setUp({ flavor: 'openlist' });
    await ol.c.createStorage({ ...onedrive('/o'), disable_proxy_sign: true, custom_cache_policies: '*.mp4:60' });
    expect(ol.emu.row('/o')).toMatchObject({ disable_proxy_sign: true, custom_cache_policies: '*.mp4:60' });
  });
});

describe('drivers', () => {
  it('names, info, unknown driver', async () => {
    const { c } = await setUp();
    expect(await c.driverNames()).toEqual(expect.arrayContaining(['OnedriveAPP', 'AliyundriveShare', 'PikPakShare']));
    const info = await c.driverInfo('OnedriveAPP');
    expect(info.config.name).toBe('OnedriveAPP');
    expect(info.common[0]?.name).toBe('mount_path');
    expect(info.additional.map((i) => i.name)).toContain('client_secret');
    const error = await rejection(c.driverInfo('Nope'));
    expect(error.message).toBe('GET /api/admin/driver/info failed: driver [Nope] not found (code 404)');
  });
});

describe('retries: reads', () => {
  it.each<FaultKind>(['http-502', 'reset', 'lost-response', 'loading'])('%s twice: retried, then success', async (kind) => {
    const { emu, c, recorded } = await setUp();
    emu.addFault({ kind, path: LIST, times: 2 });
    expect(await c.listStorages()).toEqual([]);
    expect(requestsTo(emu, LIST)).toBe(3);
    expect(recorded.retries.map((r) => r.attempt)).toEqual([2, 3]);
  });

  it('a persistent failure: retries+1 attempts, then TransportError outcome "failed"', async () => {
    const { emu, c } = await setUp({}, { retries: 2 });
    emu.addFault({ kind: 'http-502', path: LIST, times: 10 });
    const error = await rejection(c.listStorages());
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toBe(`GET ${LIST} failed: HTTP 502, after 3 attempts.`);
    expect((error as TransportError).outcome).toBe('failed');
    expect(requestsTo(emu, LIST)).toBe(3);
  });

  it('timeouts: a reply slower than timeoutMs is retried, then a TransportError', async () => {
    const { emu, c } = await setUp({}, { timeoutMs: 60, retries: 1 });
    emu.setLatency(300);
    const error = await rejection(c.getStorage(1));
    expect(error.message).toBe('GET /api/admin/storage/get failed: no reply within 60 ms, after 2 attempts.');
    expect((error as TransportError).outcome).toBe('failed');
    expect(requestsTo(emu, '/api/admin/storage/get')).toBe(2);
  });

  it('AbortSignal: no new attempt after it fires', async () => {
    const abort = new AbortController();
    const { emu, c } = await setUp({}, { signal: abort.signal, retryBaseMs: 50, onRetry: () => abort.abort() });
    emu.addFault({ kind: 'loading', path: LIST, times: 10 });
    const error = await rejection(c.listStorages());
    expect(error).toBeInstanceOf(AbortedError);
    expect(requestsTo(emu, LIST)).toBe(1);
  });

  it('AbortSignal: a request in flight is left to finish; the next one is not sent', async () => {
    const abort = new AbortController();
    const { emu, c } = await setUp({}, { signal: abort.signal });
    emu.setLatency(80);
    const creating = c.createStorage(onedrive('/od'));
    setTimeout(() => abort.abort(), 10);
    expect(await creating).toBe(emu.row('/od')?.id);
    expect(await rejection(c.listStorages())).toBeInstanceOf(AbortedError);
    expect(requestsTo(emu, LIST)).toBe(0);
  });
});

describe('retries: create (only where it certainly did not happen)', () => {
  it('lost reply: TransportError outcome "unknown", exactly one row, not sent twice', async () => {
    const { emu, c } = await setUp();
    emu.addFault({ kind: 'lost-response', path: CREATE });
    const error = await rejection(c.createStorage(onedrive('/od')));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).outcome).toBe('unknown');
    expect(error.message).toBe(
      `POST ${CREATE} failed: connection closed by the server before it replied (UND_ERR_SOCKET). The server may have acted on it: re-read before trying again.`,
    );
    expect(emu.rows().map((r) => r.mount_path)).toEqual(['/od']);
    expect(emu.log.map((e) => e.path)).toEqual([CREATE]);
  });

  // The client cannot tell whether the server acted before the reset or the 502: it neither retries
  // nor re-reads (the caller re-reads once for all such creates).
  it.each<[FaultKind, string]>([
    ['reset', 'connection reset (ECONNRESET)'],
    ['http-502', 'HTTP 502'],
  ])('%s after sending: TransportError outcome "unknown" at once; one create request, no re-read', async (kind, description) => {
    const { emu, c, recorded } = await setUp();
    emu.addFault({ kind, path: CREATE });
    const error = await rejection(c.createStorage(onedrive('/od')));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).outcome).toBe('unknown');
    expect(error.message).toBe(`POST ${CREATE} failed: ${description}. The server may have acted on it: re-read before trying again.`);
    expect(emu.log.map((e) => e.path)).toEqual([CREATE]);
    expect(recorded.retries).toEqual([]);
    expect(emu.rows()).toEqual([]);
  });

  it('"Loading storage" reply: retried without a re-read; exactly one row', async () => {
    const { emu, c } = await setUp();
    emu.addFault({ kind: 'loading', path: CREATE, times: 2 });
    await c.createStorage(onedrive('/od'));
    expect(emu.rows()).toHaveLength(1);
    expect(emu.log.map((e) => e.path)).toEqual([CREATE, CREATE, CREATE]);
  });

  it('more requests than connections: the timeout runs from sending, so the queued ones do not time out unsent', async () => {
    const { emu, c, recorded } = await setUp({}, { connections: 1, timeoutMs: 400 });
    emu.setLatency(200);
    const ids = await Promise.all(['/q1', '/q2', '/q3', '/q4'].map((path) => c.createStorage(onedrive(path))));
    expect(ids).toHaveLength(4);
    expect(
      emu
        .rows()
        .map((r) => r.mount_path)
        .sort(),
    ).toEqual(['/q1', '/q2', '/q3', '/q4']);
    expect(requestsTo(emu, CREATE)).toBe(4);
    expect(recorded.retries).toEqual([]);
    expect(emu.maxConcurrency()).toBe(1);
  });

  it('timeout: TransportError outcome "unknown" at once (the server may still be creating it)', async () => {
    const { emu, c } = await setUp({}, { timeoutMs: 60 });
    emu.setLatency(150);
    const error = await rejection(c.createStorage(onedrive('/slow')));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).outcome).toBe('unknown');
    expect(requestsTo(emu, CREATE)).toBe(1);
    expect(error.message).toBe(`POST ${CREATE} failed: no reply within 60 ms. The server may have acted on it: re-read before trying again.`);
  });
});

describe('retries: update, delete, enable, disable (idempotent)', () => {
  it('update with a lost reply is retried and succeeds', async () => {
    const { emu, c } = await setUp();
    const id = await c.createStorage(onedrive('/od'));
    const stored = await c.getStorage(id);
    emu.addFault({ kind: 'lost-response', path: '/api/admin/storage/update' });
    await c.updateStorage(stored, { remark: 'after', addition: {} });
    expect(emu.row('/od')?.remark).toBe('after');
    expect(requestsTo(emu, '/api/admin/storage/update')).toBe(2);
  });

  it('delete whose reply was lost: the retry\'s "record not found" counts as done', async () => {
    const { emu, c } = await setUp();
    const id = await c.createStorage(onedrive('/od'));
    emu.addFault({ kind: 'lost-response', path: '/api/admin/storage/delete' });
    await c.deleteStorage(id);
    expect(emu.rows()).toEqual([]);
    expect(requestsTo(emu, '/api/admin/storage/delete')).toBe(2);
  });

  it('delete of a storage that never existed is still an error', async () => {
    const { c } = await setUp();
    const error = await rejection(c.deleteStorage(77));
    expect(error.message).toBe('POST /api/admin/storage/delete failed: failed get storage: record not found (code 500)');
  });

  it('disable and enable whose replies were lost: "have disabled/enabled" on the retry counts as done', async () => {
    const { emu, c } = await setUp();
    const id = await c.createStorage(onedrive('/od'));
    emu.addFault({ kind: 'lost-response', path: '/api/admin/storage/disable' });
    await c.disableStorage(id);
    expect(emu.row('/od')?.disabled).toBe(true);
    emu.addFault({ kind: 'lost-response', path: '/api/admin/storage/enable' });
    await c.enableStorage(id);
    expect(emu.row('/od')?.disabled).toBe(false);
  });

  it.each<FaultKind>(['http-502', 'reset', 'loading'])('%s on enable: retried, then done', async (kind) => {
    const { emu, c } = await setUp();
    const id = await c.createStorage(onedrive('/od'));
    await c.disableStorage(id);
    emu.addFault({ kind, path: '/api/admin/storage/enable', times: 2 });
    await c.enableStorage(id);
    expect(emu.row('/od')?.status).toBe('work');
    expect(requestsTo(emu, '/api/admin/storage/enable')).toBe(3);
  });

  it('a write that keeps failing after it may have acted: outcome "unknown"', async () => {
    const { emu, c } = await setUp({}, { retries: 1 });
    const id = await c.createStorage(onedrive('/od'));
    emu.addFault({ kind: 'reset', path: '/api/admin/storage/disable', times: 5 });
    const error = await rejection(c.disableStorage(id));
    expect((error as TransportError).outcome).toBe('unknown');
  });
});
