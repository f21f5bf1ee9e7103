// A hostile or odd server, through the CLI: a storage list whose `total` lies, a server that ignores
// `page`, a consistent paged list, and replies far too large. The hostile proxy sits in front of the
// emulator and rewrites chosen replies; everything else is the emulator's.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AlistClient } from '../src/alist/client.js';
import { TransportError } from '../src/errors.js';
import type { StorageRow } from './emulator/types.js';
import type { Emulator } from './emulator/index.js';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, ADMIN_PASSWORD, MOUNT_PATHS, workspaces, type Workspace } from './e2e-support.js';
import { LIST, hostileProxies, relist, viaProxy, type ListData } from './hostile/list-support.js';
import type { HostileProxy, HostileRequest } from './hostile/proxy.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();
const startProxy = hostileProxies();
const MB = 1024 * 1024;

/** An emulator with the standard files applied, a proxy in front of it, and counters reset. */
async function provisioned(): Promise<{ emu: Emulator; ws: Workspace; proxy: HostileProxy }> {
  const emu = await startEmulator({ users: [ADMIN] });
  const ws = await workspace();
  expect((await ws.run(emu, ['apply'])).code).toBe(0);
  const proxy = await startProxy(emu.url);
  emu.resetStats();
  return { emu, ws, proxy };
}

function listRequests(proxy: HostileProxy): HostileRequest[] {
  return proxy.seen.filter((r) => r.path === LIST);
}

describe('a storage list that does not add up is refused, and nothing is changed', () => {
  it('a total that lies high: a bounded number of list requests, exit 1, zero writes', async () => {
    const { emu, ws, proxy } = await provisioned();
    // A server paging by 3 that claims 100,000 storages: the pages run out after 8.
    proxy.setRewriter((request, text) => {
      if (request.path !== LIST) return undefined;
      return relist(text, (data) => ({ content: request.query.has('per_page') ? data.content : (data.content ?? []).slice(0, 3), total: 100_000 }));
    });
    await ws.write({ 'pik_share.yaml': '# no PikPak shares any more\n' });
    const started = Date.now();
    const result = await viaProxy(ws, emu, proxy, ['apply', '--prune', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "the server's storage list is inconsistent: it reported 100000 storages but returned 8 (page 4 was empty); nothing was changed",
    );
    expect(result.stderr).toContain('alist-batch plans only on the complete list');
    // Pages of 3: 1 (first), 2, 3 hold the 8 rows, page 4 is empty: 4 requests, not 33,334.
    expect(listRequests(proxy)).toHaveLength(4);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(emu.writeCount()).toBe(0);
    expect(emu.rows()).toHaveLength(MOUNT_PATHS.length);
  });

  it('a server that ignores `page`: exit 1 naming the repeated page, zero writes (a prune on half the rows would delete the wrong ones)', async () => {
    const { emu, ws, proxy } = await provisioned();
    // Pages of 4, and whatever `page` says, the first page again.
    let firstPage: ListData['content'] = null;
    proxy.setRewriter((request, text) => {
      if (request.path !== LIST) return undefined;
      return relist(text, (data) => {
        firstPage ??= (data.content ?? []).slice(0, 4);
        return { content: firstPage, total: data.total };
      });
    });
    await ws.write({ 'pik_share.yaml': '# no PikPak shares any more\n' });
    const result = await viaProxy(ws, emu, proxy, ['apply', '--prune', '--yes', '--json']);
    expect(result.code).toBe(1);
    const message = "the server's storage list is inconsistent: it reported 8 storages but returned 4 (page 2 repeated page 1); nothing was changed";
    expect(result.stderr).toContain(message);
    const doc = JSON.parse(result.stdout) as { error: { message: string; hint: string } };
    expect(doc.error.message).toBe(message);
    expect(doc.error.hint).toContain('Run again');
    expect(listRequests(proxy)).toHaveLength(2);
    expect(emu.writeCount()).toBe(0);
    expect(emu.rows().map((r) => r.mount_path)).toEqual(expect.arrayContaining(MOUNT_PATHS));
  });

  it('plan refuses too (exit 1 also without --detailed-exitcode): there is no plan to show', async () => {
    const { emu, ws, proxy } = await provisioned();
    proxy.setRewriter((request, text) => (request.path === LIST ? relist(text, (data) => ({ content: data.content, total: data.total + 1 })) : undefined));
    const result = await viaProxy(ws, emu, proxy, ['plan']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the server's storage list is inconsistent: it reported 9 storages but returned 8 (page 2 was empty); nothing was changed");
    expect(result.stdout).not.toContain('Plan:');
  });
});

describe('a consistent paged list works as the one-reply list does', () => {
  it('pages of 3: ceil(8 / 3) requests, in sync, and an apply of a change converges', async () => {
    const { emu, ws, proxy } = await provisioned();
    proxy.setRewriter((request, text) =>
      request.path === LIST && !request.query.has('per_page')
        ? relist(text, (data) => ({ content: (data.content ?? []).slice(0, 3), total: data.total }))
        : undefined,
    );
    const plan = await viaProxy(ws, emu, proxy, ['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes');
    expect(listRequests(proxy).map((r) => r.query.toString())).toEqual(['', 'page=2&per_page=3', 'page=3&per_page=3']);

    await ws.write({ 'pik_share.yaml': '# no PikPak shares any more\n' });
    const apply = await viaProxy(ws, emu, proxy, ['apply', '--prune', '--yes']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('2 deleted');
    expect(emu.rows()).toHaveLength(MOUNT_PATHS.length - 2);
  });
});

describe('a reply far too large is cut off at its cap and not retried', () => {
  it('1 MB for a reply other than the list (GET /api/me): exit 1, one attempt, zero writes, the proxy sent little more than the cap', async () => {
    const { emu, ws, proxy } = await provisioned();
    proxy.setRewriter((request) => (request.path === '/api/me' ? { hugeBytes: 1536 * MB } : undefined));
    const started = Date.now();
    const result = await viaProxy(ws, emu, proxy, ['plan']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GET /api/me failed: the reply is larger than 1 MB; it was not read further, and not retried.');
    expect(result.stderr).not.toContain('retrying');
    expect(proxy.seen.filter((r) => r.path === '/api/me')).toHaveLength(1);
    // The list is read while /api/me is checked (one round trip less), so it may have been sent;
    // what matters is that /api/me's failure is the one reported and that nothing was written.
    expect(listRequests(proxy).length).toBeLessThanOrEqual(1);
    expect(emu.writeCount()).toBe(0);
    expect(proxy.bytesSent()).toBeLessThan(16 * MB);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('256 MB for the storage list: a reply declaring 256 MB + 1 byte is refused before its body is read, one attempt, zero writes', async () => {
    const { emu, ws } = await provisioned();
    const front = await frontServer(emu.url, (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(256 * MB + 1) });
      res.write('{"code":200,"message":"success","data":'); // and never the rest
    });
    try {
      const result = await ws.run(emu, ['apply', '--timeout', '10'], { env: { ALIST_URL: front.url } });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`GET ${LIST} failed: the reply is larger than 256 MB; it was not read further, and not retried.`);
      expect(front.listRequests()).toBe(1);
      expect(emu.writeCount()).toBe(0);
    } finally {
      await front.close();
    }
  });

  it('the list cap is the client option replyCaps.list (a small one here): one attempt, reading stops at once', async () => {
    const { emu, proxy } = await provisioned();
    const client = await AlistClient.connect({ url: proxy.url, username: ADMIN.username, password: ADMIN_PASSWORD, replyCaps: { small: MB, list: 64 * 1024 } });
    try {
      expect((await client.listStorages()).length).toBe(MOUNT_PATHS.length);
      proxy.setRewriter((request) => (request.path === LIST ? { hugeBytes: 1536 * MB } : undefined));
      const before = listRequests(proxy).length;
      const error = await client.listStorages().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TransportError);
      expect((error as TransportError).message).toBe(`GET ${LIST} failed: the reply is larger than 64 kB; it was not read further, and not retried.`);
      expect((error as TransportError).outcome).toBe('failed');
      expect(listRequests(proxy).length - before).toBe(1);
      expect(proxy.bytesSent()).toBeLessThan(16 * MB);
    } finally {
      await client.close();
    }
    expect(emu.writeCount()).toBe(0);
  });
});

/**
 * A server in front of the emulator that answers the storage list itself (`answerList`, e.g. with a
 * Content-Length the hostile proxy cannot declare) and forwards every other request.
 */
async function frontServer(upstreamUrl: string, answerList: (res: ServerResponse) => void) {
  let lists = 0;
  const server = createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://front').pathname === LIST) {
      lists += 1;
      answerList(res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type']) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
      const body = req.method === 'POST' ? Buffer.concat(chunks) : undefined;
      fetch(upstreamUrl + (req.url ?? '/'), { method: req.method, headers, body })
        .then(async (reply) => {
          res.writeHead(reply.status, { 'content-type': reply.headers.get('content-type') ?? 'application/json' });
          res.end(await reply.text());
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    listRequests: () => lists,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The row with its order as a string: a type the server never sends (hence the cast). */
function wrongOrderType(row: StorageRow): StorageRow {
  return { ...row, order: String(row.order) } as unknown as StorageRow;
}

describe('the rows of the list are checked (a fast check, the schema when it fails)', () => {
  it('a row with a field of the wrong type: exit 1 naming the row and the field, zero writes', async () => {
    const { emu, ws, proxy } = await provisioned();
    proxy.setRewriter((request, text) =>
      request.path === LIST
        ? relist(text, (data) => ({ ...data, content: (data.content ?? []).map((row, i) => (i === 2 ? wrongOrderType(row) : row)) }))
        : undefined,
    );
    await ws.write({ 'pik_share.yaml': '# no PikPak shares any more\n' });
    const result = await viaProxy(ws, emu, proxy, ['apply', '--prune', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: GET /api/admin/storage/list failed: the reply has an unexpected shape (content.2.order: ');
    expect(result.stderr).toContain('expected number, received string');
    expect(emu.writeCount()).toBe(0);
    expect(emu.rows()).toHaveLength(MOUNT_PATHS.length);
  });

  it('rows with keys this version does not know, and without the optional ones: in sync, as before', async () => {
    const { emu, ws, proxy } = await provisioned();
    proxy.setRewriter((request, text) =>
      request.path === LIST
        ? relist(text, (data) => ({
            ...data,
            content: (data.content ?? []).map((row) => {
              const { custom_cache_policies: _c, disable_index: _d, disable_proxy_sign: _p, ...rest } = row;
              return { ...rest, mount_details: { total_space: 1, free_space: 0 }, future_key: [1, 2] } as unknown as typeof row;
            }),
          }))
        : undefined,
    );
    const plan = await viaProxy(ws, emu, proxy, ['plan', '--detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes');
  });
});
