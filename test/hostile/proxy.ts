// A hostile (or merely odd) server for the hardening tests: a node:http proxy in front of the
// emulator that forwards every request and lets a test rewrite chosen replies — a listing that
// lies about its total or ignores `page`, a reply far too large, a message that quotes the
// request body. Authentication and the storage table stay the emulator's, so everything that is
// not distorted behaves exactly like the real server.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostileRequest {
  method: string;
  /** Path without the query, e.g. '/api/admin/storage/list'. */
  path: string;
  query: URLSearchParams;
  /** The request body as sent (JSON text for POSTs). */
  body: string;
}

/** What to send instead of the emulator's reply. */
export type Distortion =
  /** Replace the reply body by this text (HTTP 200, JSON content type). */
  | { body: string }
  /** Stream this many bytes of a JSON-looking body, without ever finishing the JSON. */
  | { hugeBytes: number };

/**
 * Decides per request: undefined forwards the emulator's reply untouched; a function of the
 * emulator's reply text returns the distortion (or undefined for "as is").
 */
export type Rewriter = (request: HostileRequest, upstreamText: string) => Distortion | undefined;

export interface HostileProxy {
  readonly url: string;
  /** Requests seen, in order (path and query string). */
  readonly seen: HostileRequest[];
  setRewriter(rewriter: Rewriter | undefined): void;
  /** Bytes written in replies so far. */
  bytesSent(): number;
  close(): Promise<void>;
}

function readAll(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

function forward(upstream: URL, req: IncomingMessage, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: upstream.host, 'content-length': String(Buffer.byteLength(body)) };
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (res) => {
      readAll(res).then((text) => resolve({ status: res.statusCode ?? 502, text }), reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}

/** Starts the proxy on 127.0.0.1 in front of `upstreamUrl` (the emulator's url, no base path). */
export async function startHostileProxy(upstreamUrl: string, rewriter?: Rewriter): Promise<HostileProxy> {
  const upstream = new URL(upstreamUrl);
  let current = rewriter;
  let sent = 0;
  const seen: HostileRequest[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const url = new URL(req.url ?? '/', 'http://proxy');
      const request: HostileRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body };
      seen.push(request);
      const reply = await forward(upstream, req, body);
      const distortion = current?.(request, reply.text);
      if (distortion && 'hugeBytes' in distortion) {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        res.write('{"code":200,"message":"success","data":"');
        let left = distortion.hugeBytes;
        const pump = (): void => {
          while (left > 0) {
            left -= chunk.length;
            sent += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end('"}');
        };
        res.on('error', () => undefined);
        pump();
        return;
      }
      const text = distortion?.body ?? reply.text;
      sent += Buffer.byteLength(text);
      res.writeHead(distortion ? 200 : reply.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(text);
    })().catch(() => {
      res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    setRewriter: (next) => {
      current = next;
    },
    bytesSent: () => sent,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
