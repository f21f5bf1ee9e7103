// The network, end to end through the CLI: a server that goes away mid-run, failures no retry can
// fix (unknown host, https:// to plain HTTP), a server that accepts and never answers, and proxies.
import { createServer as createHttpServer, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { connect as connectTcp, createServer as createTcpServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator as startBareEmulator, type Emulator } from './emulator/index.js';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, MOUNT_PATHS, workspaces } from './e2e-support.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const BULK = 100;
function bulkShares(): string {
  const lines = ['Bulk:'];
  for (let i = 0; i < BULK; i++) lines.push(`    Item ${String(i).padStart(3, '0')}: https://www.aliyundrive.com/s/Bulk${String(i).padStart(3, '0')}x`);
  return `${lines.join('\n')}\n`;
}

describe('a server that goes away mid-run', () => {
  it('stops starting changes, prints one line per request at most, exits 1, and a rerun converges', async () => {
    const emu = await startBareEmulator({ users: [ADMIN], latencyMs: 40 });
    const ws = await workspace();
    await ws.write({ 'ali_share.yaml': bulkShares() });
    const apply = ws.run(emu, ['apply']);
    await waitFor(() => emu.rows().length >= 20);
    await emu.close();
    const started = Date.now();
    const { code, stdout, stderr } = await apply;
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    const retryLines = stderr.split('\n').filter((line) => line.startsWith('retrying'));
    // One line per request in flight at most (8 by default, plus re-reads), never one per attempt per change.
    expect(retryLines.length).toBeLessThanOrEqual(12);
    const failed = Number(/(\d+) failed/.exec(stdout)?.[1]);
    expect(failed).toBeLessThanOrEqual(10);
    expect(stdout).toContain('not attempted: the server is unreachable (');
    expect(stdout).toMatch(/connection refused \(ECONNREFUSED\)/);
    // One error says why it stopped and what to do, once.
    const stopped = stderr.split('\n').filter((line) => line.startsWith('error: apply stopped: the server is unreachable ('));
    expect(stopped).toHaveLength(1);
    expect(stopped[0]).toMatch(/; \d+ changes not attempted\. Run apply again once this is fixed: it converges, and nothing is created twice\.$/);

    // The server comes back with what it had: a plain apply finishes the job, nothing twice.
    const back = await startEmulator({ users: [ADMIN] });
    for (const row of emu.rows()) back.insertRow(row);
    const again = await ws.run(back, ['apply']);
    expect(again.code).toBe(0);
    const paths = back.rows().map((r) => r.mount_path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toHaveLength(BULK + MOUNT_PATHS.length - 3);
  });
});

describe('failing fast where retrying cannot help', () => {
  it('an unknown host fails at once, naming the host and where the URL came from', async () => {
    const ws = await workspace();
    const started = Date.now();
    const { code, stderr } = await ws.run({ url: 'http://no-such-host.invalid:5244' } as Emulator, ['plan']);
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(stderr).toContain('the host name no-such-host.invalid was not found (ENOTFOUND); not retried');
    expect(stderr).toContain('(The URL comes from ALIST_URL.)');
    expect(stderr).not.toContain('retrying');
  });

  it('https:// to a plain-HTTP server says so, and suggests the http:// URL with its base path', async () => {
    const emu = await startEmulator({ users: [ADMIN], basePath: '/alist' });
    const ws = await workspace();
    const https = emu.url.replace('http://', 'https://');
    const { code, stderr } = await ws.run({ url: https } as Emulator, ['plan']);
    expect(code).toBe(1);
    expect(stderr).toContain('speaks plain HTTP, not HTTPS');
    expect(stderr).toContain(`Use ${emu.url} as the URL`);
    expect(stderr).not.toContain('retrying');
    expect(emu.url).toMatch(/\/alist$/);
  });
});

describe('a server that accepts and never answers', () => {
  it('costs about two --timeout, not five', async () => {
    const sockets: Socket[] = [];
    const tcp = createTcpServer((socket) => void sockets.push(socket));
    const port = await listen(tcp);
    closers.push(
      () =>
        new Promise((resolve) => {
          for (const s of sockets) s.destroy();
          tcp.close(() => resolve());
        }),
    );
    const ws = await workspace();
    const started = Date.now();
    const { code, stderr } = await ws.run({ url: `http://127.0.0.1:${port}` } as Emulator, ['plan', '--timeout', '1']);
    const elapsed = Date.now() - started;
    expect(code).toBe(1);
    expect(stderr).toContain('no reply within 1000 ms, after 2 attempts');
    expect(elapsed).toBeLessThan(3_500);
  });
});

/** A forward proxy that alone knows `alist.internal`: requests in absolute form, as curl sends them. */
async function startProxy(emu: Emulator, tlsPort?: number): Promise<{ url: string; seen: string[] }> {
  const target = new URL(emu.url);
  const seen: string[] = [];
  const proxy = createHttpServer((req, res) => {
    const url = new URL(req.url ?? '/');
    seen.push(`${req.method} ${url.host}${url.pathname}`);
    if (url.hostname !== 'alist.internal') {
      res.writeHead(502).end();
      return;
    }
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: url.pathname + url.search, headers: { ...req.headers, host: target.host } },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  // HTTPS goes through a tunnel: CONNECT alist.internal:<port>, then TLS end to end to `tlsPort`.
  const tunnels: Socket[] = [];
  proxy.on('connect', (req: { url?: string }, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url ?? ''}`);
    if (!req.url?.startsWith('alist.internal:') || tlsPort === undefined) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = connectTcp(tlsPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    tunnels.push(client, upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const port = await listen(proxy);
  closers.push(
    () =>
      new Promise((resolve) => {
        for (const socket of tunnels) socket.destroy();
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${port}`, seen };
}

/**
 * `alist.internal` over HTTPS: a TLS server with a certificate made for the test (openssl), that
 * hands every request to the emulator over plain HTTP. Returns its port and the certificate file.
 */
async function startTlsFront(emu: Emulator, dir: string): Promise<{ port: number; certFile: string }> {
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=alist.internal',
      '-addext',
      'subjectAltName=DNS:alist.internal',
    ],
    { stdio: 'ignore' },
  );
  if (made.status !== 0) throw new Error('openssl could not make a test certificate');
  const target = new URL(emu.url);
  const front = createHttpsServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (req, res) => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  const port = await listen(front);
  closers.push(
    () =>
      new Promise((resolve) => {
        front.closeAllConnections();
        front.close(() => resolve());
      }),
  );
  return { port, certFile };
}

describe('proxies', () => {
  it('HTTP_PROXY routes the requests through the proxy (a host only the proxy knows)', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const proxy = await startProxy(emu);
    const ws = await workspace();
    // The built CLI, so the variable really comes from the process environment.
    const run = await ws.runBuilt({ url: 'http://alist.internal:5244' } as Emulator, ['apply'], { env: { HTTP_PROXY: proxy.url } });
    expect(run.code).toBe(0);
    expect(emu.rows()).toHaveLength(MOUNT_PATHS.length);
    expect(proxy.seen).toContain('GET alist.internal:5244/api/public/settings');
    expect(proxy.seen.filter((s) => s.startsWith('POST alist.internal:5244/api/admin/storage/create'))).toHaveLength(MOUNT_PATHS.length);
  });

  it('HTTPS_PROXY tunnels https:// through CONNECT, with the certificate trusted through NODE_EXTRA_CA_CERTS', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const tls = await startTlsFront(emu, ws.dir);
    const proxy = await startProxy(emu, tls.port);
    const run = await ws.runBuilt({ url: 'https://alist.internal:8443' } as Emulator, ['apply'], {
      env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: tls.certFile },
    });
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    expect(emu.rows()).toHaveLength(MOUNT_PATHS.length);
    expect(proxy.seen[0]).toBe('CONNECT alist.internal:8443');
    // Inside the tunnel the requests are encrypted: the proxy saw tunnels only, never a request line.
    expect(proxy.seen.every((line) => line.startsWith('CONNECT '))).toBe(true);
  });

  it('the lower-case http_proxy is honoured too', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const proxy = await startProxy(emu);
    const ws = await workspace();
    const run = await ws.run({ url: 'http://alist.internal:5244' } as Emulator, ['plan'], { env: { http_proxy: proxy.url } });
    expect(run.code).toBe(0);
    expect(proxy.seen.length).toBeGreaterThan(0);
  });

  it('NO_PROXY (a host, or *) bypasses the proxy', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const proxy = await startProxy(emu);
    const ws = await workspace();
    for (const noProxy of ['127.0.0.1', '*']) {
      const run = await ws.run(emu, ['plan'], { env: { HTTP_PROXY: proxy.url, NO_PROXY: noProxy } });
      expect(run.code).toBe(0);
    }
    expect(proxy.seen).toEqual([]);
    // Without NO_PROXY the same run goes to the proxy, which refuses 127.0.0.1: the setting is what made the difference.
    const through = await ws.run(emu, ['plan'], { env: { HTTP_PROXY: proxy.url } });
    expect(through.code).toBe(1);
    expect(proxy.seen.length).toBeGreaterThan(0);
  });
});

describe("OpenList's slow storage list", () => {
  const slow = { users: [ADMIN], flavor: 'openlist' as const, storageDetailsMs: 2_500 };

  it('hints once how to turn the storage details off, and changes no setting', async () => {
    const emu = await startEmulator(slow);
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    const plan = await ws.run(emu, ['plan']);
    expect(plan.code).toBe(0);
    const hints = plan.stderr.split('\n').filter((line) => line.includes('hide_storage_details_in_manage_page'));
    expect(hints).toHaveLength(1);
    expect(hints[0]).toMatch(/The storage list took \d+\.\d s: OpenList waits for every storage's disk usage/);
    expect(emu.log.filter((e) => e.method === 'POST' && e.path.includes('setting'))).toEqual([]);
  });

  it('says nothing when the setting is on, on AList, or on OpenList before v4.1.3', async () => {
    for (const options of [
      { ...slow, hideStorageDetails: true },
      { ...slow, flavor: 'alist' as const },
      { ...slow, version: 'v4.1.2' },
    ]) {
      const emu = await startEmulator(options);
      const ws = await workspace();
      expect((await ws.run(emu, ['apply'])).code).toBe(0);
      const plan = await ws.run(emu, ['plan']);
      expect(plan.code).toBe(0);
      expect(plan.stderr).not.toContain('hide_storage_details_in_manage_page');
    }
  });
});

describe('without a terminal', () => {
  it('prints no spinner text: connecting, logging in and reading storages stay silent', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const run = await ws.runBuilt(emu, ['plan']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toMatch(/connecting to|logging in as|reading storages/);
  });
});

/** A reverse proxy to the emulator that lets every update through but never passes its reply back. */
async function startUpdateSwallower(emu: Emulator): Promise<string> {
  const target = new URL(emu.url);
  const held: ServerResponse[] = [];
  const server = createHttpServer((req, res) => {
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (reply) => {
      if (req.url?.startsWith('/api/admin/storage/update')) {
        reply.resume();
        held.push(res);
        return;
      }
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  const port = await listen(server);
  closers.push(
    () =>
      new Promise((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${port}`;
}

describe('a write whose reply times out', () => {
  it('is not sent again; the next run finds it done', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    await ws.write({
      'pik_share.yaml': 'Music/Live:\n    Rooftop: https://mypikpak.com/s/VNRoof01/VNFolder99\n    Winter: https://mypikpak.com/s/VNWinter02?pwd=ab12\n',
    });
    const url = await startUpdateSwallower(emu);
    const run = await ws.run({ url } as Emulator, ['apply', '--timeout', '1']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('no reply within 1000 ms');
    expect(emu.log.filter((e) => e.path === '/api/admin/storage/update')).toHaveLength(1);
    expect((await ws.run(emu, ['plan', '--detailed-exitcode'])).code).toBe(0);
  });
});
