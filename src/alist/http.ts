/**
 * Transport: one HTTP attempt against the AList API on our pool of undici clients (keep-alive; through the
 * environment's proxy when one is set, dispatcher.ts), with a timeout,
 * the envelope decoded, and every failure classified for the retry policy (retry.ts).
 *
 * Secrets: errors thrown from here are built from the method, the endpoint, the base URL (which may
 * not carry credentials) and fixed descriptions of error codes. Never from undici's error objects,
 * which can carry the request options (headers with the token, bodies with passwords).
 */
import type { Dispatcher } from 'undici';
import { AbortedError, TransportError } from '../errors.js';
import { displayUrl, type BaseUrl } from './base-url.js';
import { AttemptFailure, TIMED_OUT, classifyFailure, fatalError } from './classify.js';
import type { RequestDispatcher } from './client-pool.js';
import { createDispatcher, proxyFor, type ProxySettings } from './dispatcher.js';
import { PLAIN_HTTP, errorCode, isPlainHttpReply } from './failure-codes.js';
import { DEFAULT_REPLY_CAPS, ReplyMeter, describeBytes, type ReplyCaps, type ReplySize } from './reply-caps.js';

export interface Envelope {
  code: number;
  message: string;
  data: unknown;
}

/**
 * The envelope every reply has, or undefined. Checked by hand, not with a schema: it runs once per
 * request, and a schema parse cost more than the rest of our per-request work together.
 */
function asEnvelope(json: unknown): Envelope | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const { code, message, data } = json as Record<string, unknown>;
  return Number.isSafeInteger(code) && typeof message === 'string' ? { code: code as number, message, data } : undefined;
}

const LOADING_MESSAGE = 'Loading storage, please wait';

/** The error for "the user interrupted": the signal's own reason when it is one of ours. */
export function abortedError(signal: AbortSignal): AbortedError {
  return signal.reason instanceof AbortedError ? signal.reason : new AbortedError('Interrupted.');
}

export { AttemptFailure } from './classify.js';

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** After the base path, e.g. '/api/admin/storage/list'. */
  endpoint: string;
  query?: Record<string, string | number>;
  body?: unknown;
  token?: string;
  /** Which cap the reply has (reply-caps.ts); default 'small'. */
  replySize?: ReplySize;
}

interface TransportOptions {
  timeoutMs: number;
  /** How long to wait for a TCP (and TLS) connection; default the smaller of 10 s and timeoutMs. */
  connectTimeoutMs?: number;
  connections: number;
  /** HTTP_PROXY / HTTPS_PROXY / NO_PROXY as the environment gives them. */
  proxy?: ProxySettings;
  signal?: AbortSignal;
  /** Default DEFAULT_REPLY_CAPS; tests give smaller ones. */
  replyCaps?: ReplyCaps;
}

interface RawReply {
  statusCode: number;
  text: string;
  location: string | undefined;
}

/** Our own abort of a reply past its cap. */
const TOO_LARGE = 'too large';

/**
 * An exchange that failed: the error code only (undici's error objects can carry the request's
 * headers), and whether undici had started writing the request on a connection.
 */
class ExchangeFailure extends Error {
  constructor(
    readonly code: string | undefined,
    readonly written: boolean,
  ) {
    super(code ?? 'exchange failed');
    this.name = 'ExchangeFailure';
  }
}

const CONNECT_TIMEOUT_MS = 10_000;

export class HttpTransport {
  readonly base: BaseUrl;
  /** Ready at once without a proxy; through one, once undici's proxy agent is loaded. */
  private readonly pool: Promise<RequestDispatcher>;
  private readonly options: TransportOptions;
  private sent = 0;

  constructor(base: BaseUrl, options: TransportOptions) {
    this.base = base;
    this.options = options;
    // A server that is down or black-holed is found out in seconds, not after a whole reply timeout.
    const connectTimeoutMs = options.connectTimeoutMs ?? Math.min(CONNECT_TIMEOUT_MS, options.timeoutMs);
    this.pool = createDispatcher(base, { connections: options.connections, connectTimeoutMs, ...(options.proxy ? { proxy: options.proxy } : {}) });
    // A failure to make it is reported by the first attempt (or close) that awaits it, not as an
    // unhandled rejection before then.
    this.pool.catch(() => undefined);
  }

  /** HTTP requests sent so far (every attempt). */
  get requestCount(): number {
    return this.sent;
  }

  /**
   * One attempt. Resolves with the envelope (any code); throws AttemptFailure for what the retry
   * policy decides about, TransportError for what no retry fixes (wrong URL, TLS, HTTP 4xx, a
   * header that cannot be sent), AbortedError when the caller's signal fired.
   */
  async attempt(request: HttpRequest): Promise<Envelope> {
    const pool = await this.pool;
    // The caller's signal (Ctrl-C) stops new attempts only: a request in flight is left to finish,
    // so that a write the server is doing is not turned into an unknown outcome by us.
    const userSignal = this.options.signal;
    if (userSignal?.aborted) throw abortedError(userSignal);
    this.sent += 1;
    let reply: RawReply;
    try {
      reply = await this.exchange(pool, request);
    } catch (error) {
      if (!(error instanceof ExchangeFailure)) throw error;
      throw this.classify(request, error);
    }
    return this.decode(request, reply);
  }

  async close(): Promise<void> {
    await (await this.pool).close();
  }

  /**
   * Sends the request and reads the whole reply. The timeout starts when undici writes the request
   * on a connection, not when it is queued: a request waiting for a free connection of the pool
   * (more requests in flight than connections) must not time out before the server has seen it,
   * as a create that "timed out" unsent would be reported with an unknown outcome.
   */
  private exchange(pool: RequestDispatcher, request: HttpRequest): Promise<RawReply> {
    const timeoutMs = this.options.timeoutMs;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let written = false;
      let timedOut = false;
      let statusCode = 0;
      let location: string | undefined;
      let tooLarge = false;
      const meter = new ReplyMeter(this.capOf(request));
      const chunks: Buffer[] = [];
      // Past the cap, stop reading at once (the connection is dropped): an oversized reply is never held whole.
      const refuse = (controller: Dispatcher.DispatchController): void => {
        tooLarge = true;
        controller.abort(new Error(TOO_LARGE));
      };
      const handler: Dispatcher.DispatchHandler = {
        onRequestStart: (controller) => {
          written = true;
          clearTimeout(timer);
          timer = setTimeout(() => {
            timedOut = true;
            controller.abort(new Error('timeout'));
          }, timeoutMs);
        },
        onResponseStart: (controller, status, headers) => {
          statusCode = status;
          location = typeof headers.location === 'string' ? headers.location : undefined;
          if (meter.declaredTooLarge(headers['content-length'])) refuse(controller);
        },
        onResponseData: (controller, chunk) => {
          if (tooLarge) return;
          if (meter.add(chunk.length)) chunks.push(chunk);
          else refuse(controller);
        },
        onResponseEnd: () => {
          clearTimeout(timer);
          // Most replies arrive in one chunk: no copy then.
          const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
          resolve({ statusCode, location, text: body.toString('utf8') });
        },
        onResponseError: (_controller, error) => {
          clearTimeout(timer);
          chunks.length = 0;
          const code = tooLarge ? TOO_LARGE : timedOut ? TIMED_OUT : isPlainHttpReply(error) ? PLAIN_HTTP : errorCode(error);
          reject(new ExchangeFailure(code, written));
        },
      };
      pool.dispatch({ origin: this.base.origin, method: request.method, path: this.pathOf(request), ...this.payloadOf(request) }, handler);
    });
  }

  private payloadOf(request: HttpRequest): { headers: Record<string, string>; body?: string } {
    const headers: Record<string, string> = { accept: 'application/json' };
    // Raw token, never "Bearer …": AList compares the header as is (alist-api.md §2.3).
    if (request.token !== undefined) headers.authorization = request.token;
    if (request.body === undefined) return { headers };
    headers['content-type'] = 'application/json';
    return { headers, body: JSON.stringify(request.body) };
  }

  private pathOf(request: HttpRequest): string {
    if (request.query === undefined) return `${this.base.basePath}${request.endpoint}`;
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query)) query.set(key, String(value));
    const search = query.size > 0 ? `?${query.toString()}` : '';
    return `${this.base.basePath}${request.endpoint}${search}`;
  }

  private decode(request: HttpRequest, { statusCode, text, location }: RawReply): Envelope {
    if (statusCode === 504) throw new AttemptFailure('timeout', 'HTTP 504 from a proxy (gateway timeout)');
    if (statusCode >= 500) throw new AttemptFailure('http-5xx', `HTTP ${statusCode}`);
    if (statusCode !== 200) throw this.wrongStatus(request, statusCode, location);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw this.fatal(
        request,
        `the reply from ${displayUrl(this.base)}${request.endpoint} is not JSON (an HTML page?)`,
        'The server URL or its base path looks wrong: AList answers unknown paths with its web page. Give the URL the web UI is served at, including any sub-path (e.g. https://host/alist).',
      );
    }
    const envelope = asEnvelope(json);
    if (!envelope) {
      throw this.fatal(
        request,
        `the reply from ${displayUrl(this.base)}${request.endpoint} is JSON but not an AList API reply`,
        'Check that the URL points at an AList or OpenList server.',
      );
    }
    if (envelope.code === 500 && envelope.message === LOADING_MESSAGE) {
      throw new AttemptFailure('loading', `the server is still loading its storages ("${LOADING_MESSAGE}")`);
    }
    return envelope;
  }

  private wrongStatus(request: HttpRequest, statusCode: number, location: string | undefined): TransportError {
    if (statusCode >= 300 && statusCode < 400) {
      const target = location ? ` to ${location.split('?')[0]}` : '';
      return this.fatal(
        request,
        `the server redirects${target} (HTTP ${statusCode})`,
        'Use the URL it redirects to (https:// instead of http://, or the right sub-path), without a trailing path after the base.',
      );
    }
    return this.fatal(
      request,
      `HTTP ${statusCode} from ${displayUrl(this.base)}${request.endpoint}`,
      'A proxy in front of the server, or a wrong URL or base path? AList itself answers every API call with HTTP 200.',
    );
  }

  private classify(request: HttpRequest, failure: ExchangeFailure): AttemptFailure | TransportError {
    const code = failure.code ?? 'unknown error';
    if (code === TOO_LARGE) return this.tooLarge(request);
    return classifyFailure(request, code, failure.written, {
      base: this.base,
      timeoutMs: this.options.timeoutMs,
      proxy: proxyFor(this.base, this.options.proxy),
    });
  }

  private capOf(request: HttpRequest): number {
    return (this.options.replyCaps ?? DEFAULT_REPLY_CAPS)[request.replySize ?? 'small'];
  }

  /** Not retried: the same server would send the same reply again, and each try costs the whole cap. */
  private tooLarge(request: HttpRequest): TransportError {
    return this.fatal(
      request,
      `the reply is larger than ${describeBytes(this.capOf(request))}; it was not read further, and not retried`,
      'No AList or OpenList reply is that large: check that the URL points at the server itself, not at a proxy or another service answering in its place.',
    );
  }

  private fatal(request: HttpRequest, what: string, hint: string): TransportError {
    return fatalError(request, what, hint);
  }
}
