/**
 * Where the requests go: straight to the server on our pool of undici clients (client-pool.ts), or through the HTTP(S) proxy the
 * environment names (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, lower-case forms first, as curl and npm
 * read them). Either way the same handler-based dispatch, connection limit and timeouts apply.
 */
import { setFlagsFromString } from 'node:v8';
import type { BaseUrl } from './base-url.js';
import { ClientPool, type RequestDispatcher } from './client-pool.js';

/** The proxy settings, as read from the environment by the caller (nothing here reads process.env). */
export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

/** The lower-case variable wins over the upper-case one, as in curl, npm and undici. */
export function proxySettingsFrom(env: Readonly<Record<string, string | undefined>>): ProxySettings {
  const pick = (name: string): string | undefined => env[name.toLowerCase()] || env[name] || undefined;
  const settings: ProxySettings = {};
  const httpProxy = pick('HTTP_PROXY');
  const httpsProxy = pick('HTTPS_PROXY');
  const noProxy = pick('NO_PROXY');
  if (httpProxy) settings.httpProxy = httpProxy;
  if (httpsProxy) settings.httpsProxy = httpsProxy;
  if (noProxy) settings.noProxy = noProxy;
  return settings;
}

export interface DispatcherOptions {
  connections: number;
  connectTimeoutMs: number;
  proxy?: ProxySettings;
}

const KEEP_ALIVE_MS = 10_000;

let baselineWasm = false;

/**
 * undici parses HTTP with llhttp compiled to WebAssembly, on the first connection. V8 then also
 * compiles that module with its optimising compiler on background threads: ~0.2 s of CPU per
 * process (measured: a bare undici client sending one request, 0.41 s → 0.20 s of CPU; a cold apply
 * of 1,000 mounts, 1.20 s → 0.99 s), more than the whole parsing of a thousand replies with the
 * baseline code. Our replies are a few hundred bytes, and even a big list's body is handed over by
 * llhttp in spans, not parsed byte by byte: the baseline compiler (Liftoff) is enough. The flag
 * exists in every V8 Node ≥ 20 ships; it must be set before undici compiles the module, so here,
 * before the first dispatcher exists. Nothing else in the process runs WebAssembly.
 * The published CLI sets it at start-up already (src/boot.ts: a code cache is accepted only under
 * the same flags); setting it again to the same value changes nothing.
 */
function keepWasmOnBaselineCompiler(): void {
  if (baselineWasm) return;
  baselineWasm = true;
  setFlagsFromString('--liftoff-only');
}

/** Our pool of undici clients to the server when no proxy is set for its scheme; else undici's env-proxy agent, given our values. */
export async function createDispatcher(base: BaseUrl, options: DispatcherOptions): Promise<RequestDispatcher> {
  keepWasmOnBaselineCompiler();
  const proxy = options.proxy ?? {};
  const common = {
    connect: { timeout: options.connectTimeoutMs },
    keepAliveTimeout: KEEP_ALIVE_MS,
    // Off: http.ts times each attempt itself, from when it is written to its last byte; undici's own
    // header and body timers would be a second pair of timers per request, never the first to fire.
    headersTimeout: 0,
    bodyTimeout: 0,
  };
  const proxied = base.protocol === 'https:' ? (proxy.httpsProxy ?? proxy.httpProxy) : proxy.httpProxy;
  if (!proxied) return new ClientPool(base.origin, common, options.connections);
  // The module object of CommonJS undici, under `default` in Node and in the bundle alike.
  const { EnvHttpProxyAgent } = (await import('undici')).default;
  return new EnvHttpProxyAgent({
    ...common,
    connections: options.connections,
    // Empty strings, never undefined: undici would fall back to process.env, which is not ours to read here.
    httpProxy: proxy.httpProxy ?? '',
    httpsProxy: proxy.httpsProxy ?? '',
    noProxy: proxy.noProxy ?? '',
    // Plain http goes to the proxy in absolute form, as curl sends it; https is tunnelled (CONNECT).
    proxyTunnel: false,
    proxyTls: { timeout: options.connectTimeoutMs },
  });
}

/** The proxy a request to `base` may go through, for messages (NO_PROXY aside). */
export function proxyFor(base: BaseUrl, proxy: ProxySettings | undefined): string | undefined {
  if (!proxy) return undefined;
  return base.protocol === 'https:' ? (proxy.httpsProxy ?? proxy.httpProxy) : proxy.httpProxy;
}
