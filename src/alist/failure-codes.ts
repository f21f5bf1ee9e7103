/**
 * How undici reports a failed exchange, in words a user understands: the error codes of a
 * connection never made (the server never saw the request), of TLS trouble no retry fixes, and of a
 * connection lost after the request went out.
 */

/** Error codes of a connection that was never made: the server never saw the request. */
export const NOT_SENT_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  EAI_AGAIN: 'host name lookup failed (temporary)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
};

/** Errors no retry can fix: a certificate the system does not trust, for one. */
export const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/;

export const LOST_CODES: Record<string, string> = {
  UND_ERR_SOCKET: 'connection closed by the server before it replied',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection broken while sending',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_HEADERS_TIMEOUT: 'no reply headers in time',
  UND_ERR_BODY_TIMEOUT: 'reply body stalled',
};

export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // undici wraps some connect errors: the system error is the cause.
  return errorCode((error as { cause?: unknown }).cause);
}

/** The host name does not exist: no retry makes it appear (EAI_AGAIN, a resolver hiccup, is retried). */
export const HOST_NOT_FOUND = 'ENOTFOUND';

/** Our name for "https:// was sent to a server that answered in plain HTTP". */
export const PLAIN_HTTP = 'plain http';

/**
 * OpenSSL's "wrong version number": the first bytes back were not a TLS record, which is what a
 * plain-HTTP server answers to a TLS hello. Node reports it as ERR_SSL_WRONG_VERSION_NUMBER or as
 * EPROTO with the OpenSSL text in the message.
 */
export function isPlainHttpReply(error: unknown): boolean {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') return true;
    if (code === 'EPROTO' && typeof message === 'string' && /wrong version number/i.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
