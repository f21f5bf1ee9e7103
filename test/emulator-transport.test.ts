import { describe, expect, it } from 'vitest';
import { admin, api, call, create, emulatorLifecycle } from './emulator-support.js';

const start = emulatorLifecycle();
const CREATE = '/api/admin/storage/create';

describe('faults', () => {
  it('http-502 is a real HTTP 502 with an HTML body, and nothing is done', async () => {
    const e = await start();
    e.addFault({ kind: 'http-502', path: CREATE });
    const res = await call(e, 'POST', CREATE, { token: e.adminToken, body: { mount_path: '/a', driver: 'PikPak', addition: '{}' } });
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toContain('502 Bad Gateway');
    expect(e.rows()).toEqual([]);
    expect(e.writeCount()).toBe(0);
    // times defaults to 1: the next request goes through.
    expect((await create(e, { mount_path: '/a', driver: 'PikPak' })).code).toBe(200);
  });

  it('reset destroys the socket before handling: the client sees an error and nothing is written', async () => {
    const e = await start();
    e.addFault({ kind: 'reset', method: 'POST' });
    await expect(create(e, { mount_path: '/a', driver: 'PikPak' })).rejects.toThrow();
    expect(e.rows()).toEqual([]);
    expect(e.writeCount()).toBe(0);
    expect(e.log.at(-1)).toMatchObject({ method: 'POST', path: CREATE, fault: 'reset', httpStatus: null, envelopeCode: null });
  });

  it('lost-response performs the write and then drops the connection', async () => {
    const e = await start();
    e.addFault({ kind: 'lost-response', path: CREATE });
    await expect(create(e, { mount_path: '/a', driver: 'PikPak' })).rejects.toThrow();
    expect(e.row('/a')).toMatchObject({ id: 1, status: 'work' });
    expect(e.writeCount()).toBe(1);
    expect(e.log.at(-1)).toMatchObject({ fault: 'lost-response', envelopeCode: 200, httpStatus: null });
  });

  it('loading answers "Loading storage, please wait" without doing anything; times counts hits', async () => {
    const e = await start();
    e.addFault({ kind: 'loading', times: 2 });
    const loading = { code: 500, message: 'Loading storage, please wait', data: null };
    expect(await create(e, { mount_path: '/a', driver: 'PikPak' })).toEqual(loading);
    expect(await admin(e).get('/api/admin/storage/list')).toEqual(loading);
    expect((await admin(e).get('/api/admin/storage/list')).code).toBe(200);
    expect(e.rows()).toEqual([]);
  });

  it('draws probabilistic faults from the seed, so a run replays exactly', async () => {
    const pattern = async (seed: number): Promise<(string | null)[]> => {
      const e = await start({ seed });
      e.addFault({ kind: 'loading', probability: 0.5, times: 100 });
      for (let i = 0; i < 20; i++) await api(e, 'GET', '/api/public/settings');
      return e.log.map((entry) => entry.fault);
    };
    const first = await pattern(42);
    expect(await pattern(42)).toEqual(first);
    expect(first).toContain('loading');
    expect(first).toContain(null);
    expect(await pattern(43)).not.toEqual(first);
  });

  it('clearFaults removes pending rules', async () => {
    const e = await start();
    e.addFault({ kind: 'http-502', times: 5 });
    e.clearFaults();
    expect((await call(e, 'GET', '/api/public/settings')).status).toBe(200);
  });

  it('startLoading: AList answers Loading for its duration, OpenList blocks until it ends', async () => {
    const alist = await start();
    alist.startLoading(150);
    expect((await admin(alist).get('/api/admin/storage/list')).message).toBe('Loading storage, please wait');
    await new Promise((r) => setTimeout(r, 200));
    expect((await admin(alist).get('/api/admin/storage/list')).code).toBe(200);

    const ol = await start({ flavor: 'openlist' });
    ol.startLoading(150);
    const t0 = Date.now();
    expect((await admin(ol).get('/api/admin/storage/list')).code).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
  });
});

describe('latency, log and statistics', () => {
  it('adds latency and records the concurrency high-water mark', async () => {
    const e = await start({ latencyMs: 60 });
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 5 }, () => api(e, 'GET', '/api/public/settings')));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
    expect(e.maxConcurrency()).toBe(5);
    e.setLatency(0);
    e.resetStats();
    expect(e.maxConcurrency()).toBe(0);
    await api(e, 'GET', '/api/admin/storage/list?page=1', { token: e.adminToken });
    expect(e.maxConcurrency()).toBe(1);
    expect(e.log).toEqual([{ method: 'GET', path: '/api/admin/storage/list', query: 'page=1', envelopeCode: 200, httpStatus: 200, fault: null }]);
  });

  it('counts writes that reached a handler, not refused or read requests', async () => {
    const e = await start();
    await create(e, { mount_path: '/a', driver: 'PikPak' });
    await create(e, { mount_path: '/a', driver: 'PikPak' });
    await admin(e).post('/api/admin/storage/disable?id=1');
    await admin(e).get('/api/admin/storage/list');
    await api(e, 'POST', CREATE, { body: { mount_path: '/b', driver: 'PikPak' } });
    expect(e.writeCount()).toBe(3);
  });
});

describe('routing', () => {
  it('answers unknown GET/POST paths with the 200 text/html page and other methods with 405', async () => {
    const e = await start();
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['POST', '/api/nope'],
      ['GET', CREATE],
    ] as const) {
      const res = await call(e, method, path, { token: e.adminToken });
      expect(res.status, `${method} ${path}`).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html');
      expect(await res.text()).toMatch(/^<!DOCTYPE html>/);
    }
    expect((await call(e, 'PUT', '/api/nope')).status).toBe(405);
    expect((await call(e, 'DELETE', '/api/admin/storage/delete?id=1')).status).toBe(405);
  });

  it('redirects a trailing slash like gin', async () => {
    const e = await start();
    const res = await call(e, 'GET', '/api/me/');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/api/me');
  });

  it('serves everything under the base path', async () => {
    const e = await start({ basePath: 'alist/' });
    expect(e.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/alist$/);
    expect(await api(e, 'GET', '/api/me', { token: e.adminToken })).toMatchObject({ code: 200 });
    const root = e.url.replace(/\/alist$/, '');
    const outside = await fetch(`${root}/api/me`, { headers: { Authorization: e.adminToken } });
    expect(outside.headers.get('content-type')).toBe('text/html');
    const home = await fetch(`${root}/`, { redirect: 'manual' });
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/alist');
    expect(e.log.at(-1)?.path).toBe('/');
  });

  it('reports the version in the public settings (AList and OpenList formats)', async () => {
    const e = await start();
    expect((await api(e, 'GET', '/api/public/settings')).data).toMatchObject({ version: 'v3.45.0', site_title: 'AList' });
    expect((await api(e, 'POST', '/api/public/settings')).code).toBe(200);
    const ol = await start({ flavor: 'openlist' });
    expect((await api(ol, 'GET', '/api/public/settings')).data).toMatchObject({
      version: 'v4.2.5 (Commit: 0b1e9d09) - Frontend: v4.2.5 - Build at: 2026-08-19',
    });
  });

  it('writes JSON the way Go does (HTML characters escaped)', async () => {
    const e = await start();
    await create(e, { mount_path: '/<a&b>', driver: 'PikPak' });
    const text = await (await call(e, 'GET', '/api/admin/storage/get?id=1', { token: e.adminToken })).text();
    expect(text).toContain('"mount_path":"/\\u003ca\\u0026b\\u003e"');
  });
});
