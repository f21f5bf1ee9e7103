// Our pool of undici clients (src/alist/client-pool.ts) against a real local HTTP server: at most
// `connections` requests in flight on at most that many sockets, every request answered, a
// connection the server dropped replaced, and close() ending them all.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientPool } from '../src/alist/client-pool.js';

interface Harness {
  origin: string;
  inFlightMax: () => number;
  sockets: () => number;
  close: () => Promise<void>;
}

const servers: Harness[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startServer(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Harness> {
  let inFlight = 0;
  let inFlightMax = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    inFlight += 1;
    inFlightMax = Math.max(inFlightMax, inFlight);
    res.on('close', () => (inFlight -= 1));
    handle(req, res);
  });
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const harness: Harness = {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    inFlightMax: () => inFlightMax,
    sockets: () => sockets.size,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  servers.push(harness);
  return harness;
}

/** One GET through the pool: the body, or the error's code. */
function get(pool: ClientPool, path: string): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const handler: Dispatcher.DispatchHandler = {
      onResponseData: (_controller, chunk) => void chunks.push(chunk),
      onResponseEnd: () => resolve(Buffer.concat(chunks).toString('utf8')),
      onResponseError: (_controller, error) => resolve(`error ${(error as NodeJS.ErrnoException).code ?? error.message}`),
    };
    pool.dispatch({ origin: undefined, method: 'GET', path }, handler);
  });
}

const OPTIONS = { headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: 10_000 };

describe('ClientPool', () => {
  it('keeps at most `connections` requests in flight, on as many sockets, and answers all of them in turn', async () => {
    const server = await startServer((req, res) => setTimeout(() => res.end(`reply to ${req.url}`), 5));
    const pool = new ClientPool(server.origin, OPTIONS, 4);
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => get(pool, `/r${i}`)));
    expect(replies).toEqual(Array.from({ length: 40 }, (_, i) => `reply to /r${i}`));
    expect(server.inFlightMax()).toBe(4);
    expect(server.sockets()).toBe(4);
    await pool.close();
  });

  it('replaces a connection the server dropped: the failed request says so, the next ones are answered', async () => {
    let count = 0;
    const server = await startServer((req, res) => {
      count += 1;
      if (count === 2) req.socket.destroy();
      else res.end('ok');
    });
    const pool = new ClientPool(server.origin, OPTIONS, 1);
    expect(await get(pool, '/1')).toBe('ok');
    expect(await get(pool, '/2')).toMatch(/^error /);
    expect(await Promise.all([get(pool, '/3'), get(pool, '/4')])).toEqual(['ok', 'ok']);
    await pool.close();
  });

  it('close() ends every connection, after the requests in flight', async () => {
    const server = await startServer((_req, res) => setTimeout(() => res.end('late'), 20));
    const pool = new ClientPool(server.origin, OPTIONS, 2);
    const pending = [get(pool, '/a'), get(pool, '/b')];
    await new Promise((resolve) => setTimeout(resolve, 5));
    await pool.close();
    expect(await Promise.all(pending)).toEqual(['late', 'late']);
  });
});
