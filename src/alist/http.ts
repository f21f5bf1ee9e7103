/**
 * Transport: one HTTP attempt against the AList API on an undici Pool (keep-alive), with a timeout,
 * the envelope decoded, and every failure classified for the retry policy (retry.ts).
 *
 * Secrets: errors thrown from here are built from the method, the endpoint, the base URL (which may
 * not carry credentials) and fixed descriptions of error codes. Never from undici's error objects,
 * which can carry the request options (headers with the token, bodies with passwords).
 */
import { Pool } from 'undici';
import { z } from 'zod';
import { AbortedError, TransportError, UsageError } from '../errors.js';
import type { FailureKind } from './retry.js';

export interface BaseUrl {
  /** scheme://host[:port] */
  origin: string;
  /** '' for the root, else '/alist' (no trailing slash) */
  basePath: string;
  hostname: string;
  protocol: 'http:' | 'https:';
}

/** Accepts `https://host`, `https://host/`, `https://host/alist`, `https://host/alist/`. */
export function parseBaseUrl(url: string): BaseUrl {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new UsageError(`The server URL is not a valid URL: ${JSON.stringify(url)}.`, { hint: 'Write it like https://alist.example.com or https://example.com/alist.' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`The server URL must start with http:// or https:// (got ${parsed.protocol}).`);
  }
  if (parsed.username || parsed.password) {
    // Said without echoing the URL: it holds a credential.
    throw new UsageError('The server URL must not contain a user name or password.', { hint: 'Pass the credentials with --username and --password-stdin (or a token) instead.' });
  }
  const basePath = parsed.pathname.replace(/\/+$/, '');
  return { origin: parsed.origin, basePath, hostname: parsed.hostname, protocol: parsed.protocol };
}

export function displayUrl(base: BaseUrl): string {
  return base.origin + base.basePath;
}

/** localhost, *.localhost, 127.0.0.0/8 and ::1: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\.\d+\.\d+\.\d+$/.test(host)) return true;
  return /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The warning to print before a credential goes over plain http to another machine, if any. */
export function plainHttpWarning(base: BaseUrl, credential: 'password' | 'token'): string | undefined {
  if (base.protocol !== 'http:' || isLoopbackHost(base.hostname)) return undefined;
  const what = credential === 'password' ? 'the admin password (hashed, but the hash is enough to log in)' : 'the admin token';
  return `${displayUrl(base)} uses plain http: ${what} will cross the network unencrypted. Use https:// if the server offers it.`;
}

export interface Envelope {
  code: number;
  message: string;
  data: unknown;
}

const envelopeSchema = z.object({ code: z.number().int(), message: z.string(), data: z.unknown() });

export const LOADING_MESSAGE = 'Loading storage, please wait';

/** The error for "the user interrupted": the signal's own reason when it is one of ours. */
export function abortedError(signal: AbortSignal): AbortedError {
  return signal.reason instanceof AbortedError ? signal.reason : new AbortedError('Interrupted.');
}

/** One attempt failed in a way the retry policy decides about. Internal: the client turns it into a TransportError. */
export class AttemptFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly description: string,
  ) {
    super(description);
    this.name = 'AttemptFailure';
  }
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** After the base path, e.g. '/api/admin/storage/list'. */
  endpoint: string;
  query?: Record<string, string | number>;
  body?: unknown;
  token?: string;
}

export interface TransportOptions {
  timeoutMs: number;
  connections: number;
  signal?: AbortSignal;
}

/** Error codes of a connection that was never made: the server never saw the request. */
const NOT_SENT_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (temporary)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
};

/** Errors no retry can fix: a certificate the system does not trust, for one. */
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/;

const LOST_CODES: Record<string, string> = {
  UND_ERR_SOCKET: 'connection closed by the server before it replied',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection broken while sending',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_HEADERS_TIMEOUT: 'no reply headers in time',
  UND_ERR_BODY_TIMEOUT: 'reply body stalled',
};

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // undici wraps some connect errors: the system error is the cause.
  return errorCode((error as { cause?: unknown }).cause);
}

export class HttpTransport {
  readonly base: BaseUrl;
  private readonly pool: Pool;
  private readonly options: TransportOptions;
  private sent = 0;

  constructor(base: BaseUrl, options: TransportOptions) {
    this.base = base;
    this.options = options;
    this.pool = new Pool(base.origin, {
      connections: options.connections,
      connect: { timeout: options.timeoutMs },
      keepAliveTimeout: 10_000,
    });
  }

  /** HTTP requests sent so far (every attempt). */
  get requestCount(): number {
    return this.sent;
  }

  /**
   * One attempt. Resolves with the envelope (any code); throws AttemptFailure for what the retry
   * policy decides about, TransportError for what no retry fixes (wrong URL, TLS, HTTP 4xx),
   * AbortedError when the caller's signal fired.
   */
  async attempt(request: HttpRequest): Promise<Envelope> {
    // The caller's signal (Ctrl-C) stops new attempts only: a request in flight is left to finish,
    // so that a write the server is doing is not turned into an unknown outcome by us.
    const userSignal = this.options.signal;
    if (userSignal?.aborted) throw abortedError(userSignal);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    this.sent += 1;
    try {
      const { statusCode, text, location } = await this.exchange(request, controller.signal);
      return this.decode(request, statusCode, text, location);
    } catch (error) {
      if (error instanceof AttemptFailure || error instanceof TransportError) throw error;
      if (controller.signal.aborted) throw new AttemptFailure('timeout', `no reply within ${this.options.timeoutMs} ms`);
      throw this.classify(request, error);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async exchange(request: HttpRequest, signal: AbortSignal): Promise<{ statusCode: number; text: string; location: string | undefined }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    // Raw token, never "Bearer …": AList compares the header as is (alist-api.md §2.3).
    if (request.token !== undefined) headers.authorization = request.token;
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    const response = await this.pool.request({ method: request.method, path: this.pathOf(request), headers, body, signal });
    const location = response.headers.location;
    const text = await response.body.text();
    return { statusCode: response.statusCode, text, location: typeof location === 'string' ? location : undefined };
  }

  private pathOf(request: HttpRequest): string {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {})) query.set(key, String(value));
    const search = query.size > 0 ? `?${query.toString()}` : '';
    return `${this.base.basePath}${request.endpoint}${search}`;
  }

  private decode(request: HttpRequest, statusCode: number, text: string, location: string | undefined): Envelope {
    if (statusCode === 504) throw new AttemptFailure('timeout', 'HTTP 504 from a proxy (gateway timeout)');
    if (statusCode >= 500) throw new AttemptFailure('http-5xx', `HTTP ${statusCode}`);
    if (statusCode !== 200) throw this.wrongStatus(request, statusCode, location);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw this.fatal(request, `the reply from ${displayUrl(this.base)}${request.endpoint} is not JSON (an HTML page?)`, 'The server URL or its base path looks wrong: AList answers unknown paths with its web page. Give the URL the web UI is served at, including any sub-path (e.g. https://host/alist).');
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) {
      throw this.fatal(request, `the reply from ${displayUrl(this.base)}${request.endpoint} is JSON but not an AList API reply`, 'Check that the URL points at an AList or OpenList server.');
    }
    if (envelope.data.code === 500 && envelope.data.message === LOADING_MESSAGE) {
      throw new AttemptFailure('loading', `the server is still loading its storages ("${LOADING_MESSAGE}")`);
    }
    return envelope.data;
  }

  private wrongStatus(request: HttpRequest, statusCode: number, location: string | undefined): TransportError {
    if (statusCode >= 300 && statusCode < 400) {
      const target = location ? ` to ${location.split('?')[0]}` : '';
      return this.fatal(request, `the server redirects${target} (HTTP ${statusCode})`, 'Use the URL it redirects to (https:// instead of http://, or the right sub-path), without a trailing path after the base.');
    }
    return this.fatal(request, `HTTP ${statusCode} from ${displayUrl(this.base)}${request.endpoint}`, 'A proxy in front of the server, or a wrong URL or base path? AList itself answers every API call with HTTP 200.');
  }

  private classify(request: HttpRequest, error: unknown): AttemptFailure | TransportError {
    const code = errorCode(error) ?? 'unknown error';
    const notSent = NOT_SENT_CODES[code];
    if (notSent) return new AttemptFailure('not-sent', `${notSent} (${code}) at ${this.base.origin}`);
    if (TLS_CODE.test(code)) {
      return this.fatal(request, `TLS error talking to ${this.base.origin} (${code})`, 'The server certificate is not trusted: fix it, or point NODE_EXTRA_CA_CERTS at your CA bundle.');
    }
    const lost = LOST_CODES[code];
    return new AttemptFailure('connection-lost', lost ? `${lost} (${code})` : `request failed (${code})`);
  }

  private fatal(request: HttpRequest, what: string, hint: string): TransportError {
    return new TransportError({ message: `${request.method} ${request.endpoint} failed: ${what}.`, outcome: 'failed', method: request.method, endpoint: request.endpoint, hint });
  }
}
