/**
 * What a failed exchange means: an AttemptFailure the retry policy decides about, or a
 * TransportError no retry fixes (a host name that does not exist, TLS trouble, https:// to a
 * plain-HTTP server, a header that cannot be sent). Built from error codes and our own URL only.
 */
import { TransportError } from '../errors.js';
import { displayUrl, type BaseUrl } from './base-url.js';
import { HOST_NOT_FOUND, LOST_CODES, NOT_SENT_CODES, PLAIN_HTTP, TLS_CODE } from './failure-codes.js';
import type { FailureKind } from './retry.js';

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

/** What the messages name of the request (http.ts's HttpRequest has it). */
interface RequestName {
  method: string;
  endpoint: string;
}

export interface ClassifyContext {
  base: BaseUrl;
  timeoutMs: number;
  /** The proxy the request went through, if any (its host is the one looked up then). */
  proxy: string | undefined;
}

/** Our own timeout, told apart from undici's error codes. */
export const TIMED_OUT = 'timed out';

export function classifyFailure(request: RequestName, code: string, written: boolean, ctx: ClassifyContext): AttemptFailure | TransportError {
  if (code === TIMED_OUT) return new AttemptFailure('timeout', `no reply within ${ctx.timeoutMs} ms`);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new AttemptFailure('connect-timeout', `connect timed out (${code}) at ${ctx.base.origin}`);
  if (code === 'UND_ERR_INVALID_ARG') {
    // undici refuses a header value it cannot encode (a pasted token with a non-Latin-1 character,
    // a zero-width space…) before anything is sent. Never quote the value: it is the token.
    return fatalError(
      request,
      'the token or URL contains characters that cannot be sent in an HTTP header',
      'Check the token (`token:` in config.yaml or ALIST_TOKEN) and the URL for characters pasted with them, such as typographic quotes or invisible spaces.',
    );
  }
  if (code === HOST_NOT_FOUND) return hostNotFound(request, ctx);
  if (code === PLAIN_HTTP) return plainHttp(request, ctx.base);
  if (TLS_CODE.test(code)) {
    return fatalError(
      request,
      `TLS error talking to ${ctx.base.origin} (${code})`,
      'The server certificate is not trusted: fix it, or point NODE_EXTRA_CA_CERTS at your CA bundle.',
    );
  }
  const notSent = NOT_SENT_CODES[code];
  if (notSent) return new AttemptFailure('not-sent', `${notSent} (${code}) at ${ctx.base.origin}`);
  const lost = LOST_CODES[code] ?? 'request failed';
  // Before undici started writing the request, the server cannot have seen any of it.
  if (!written) return new AttemptFailure('not-sent', `${lost} (${code}) before the request was sent`);
  return new AttemptFailure('connection-lost', `${lost} (${code})`);
}

/** No retry makes a name appear; said at once, naming the host (the caller adds where the URL came from). */
function hostNotFound(request: RequestName, ctx: ClassifyContext): TransportError {
  const proxyHost = ctx.proxy ? hostOf(ctx.proxy) : undefined;
  const what = proxyHost
    ? `the proxy's host name ${proxyHost} was not found (${HOST_NOT_FOUND}); not retried`
    : `the host name ${ctx.base.hostname} was not found (${HOST_NOT_FOUND}); not retried`;
  const hint = proxyHost ? 'Check the proxy in HTTP_PROXY / HTTPS_PROXY (or set NO_PROXY for this server).' : 'Check the host name in the server URL.';
  return fatalError(request, what, hint, true);
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'in the proxy setting';
  }
}

/** https:// to a plain-HTTP server: the same URL with http://, port and base path kept. */
function plainHttp(request: RequestName, base: BaseUrl): TransportError {
  const url = new URL(displayUrl(base));
  const port = url.port || '443';
  url.protocol = 'http:';
  url.port = port;
  const suggestion = url.toString().replace(/\/$/, '');
  return fatalError(
    request,
    `the server at ${base.origin} speaks plain HTTP, not HTTPS (TLS "wrong version number")`,
    `Use ${suggestion} as the URL, or put a TLS-terminating proxy in front of the server.`,
  );
}

export function fatalError(request: RequestName, what: string, hint: string, unreachable = false): TransportError {
  return new TransportError({
    message: `${request.method} ${request.endpoint} failed: ${what}.`,
    outcome: 'failed',
    method: request.method,
    endpoint: request.endpoint,
    hint,
    unreachable,
  });
}
