/**
 * The one rule for the server's address, shared by the config checks (which report it with the
 * file's position) and the HTTP client (which refuses it): an absolute http:// or https:// URL,
 * without a user name or password in it (they would be sent in the clear, and logged). What is
 * wrong is said with the URL's user-info blanked out, so a message never echoes a credential.
 */
export interface ServerUrl {
  /** `https://host:port`. */
  readonly origin: string;
  /** The sub-path the server is mounted under, without a trailing '/' ("" at the root). */
  readonly basePath: string;
  readonly hostname: string;
  readonly protocol: 'http:' | 'https:';
}

export type ServerUrlProblem =
  /** The text does not parse as a URL at all. */
  | { readonly kind: 'not-a-url'; readonly shown: string }
  /** A URL, but of another scheme (`ftp:`, `file:`). */
  | { readonly kind: 'not-http'; readonly shown: string; readonly protocol: string }
  /** `https://user:password@host`. */
  | { readonly kind: 'user-info'; readonly shown: string };

/**
 * Parses a server URL as given (callers trim it if they want to). `shown` in a problem is the URL
 * as urlForMessage shows it. An http(s) URL always has a host: the URL parser
 * rejects `http://` without one.
 */
export function parseServerUrl(text: string): { readonly url: ServerUrl } | { readonly problem: ServerUrlProblem } {
  const shown = urlForMessage(text);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { problem: { kind: 'not-a-url', shown } };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { problem: { kind: 'not-http', shown, protocol: parsed.protocol } };
  if (parsed.username !== '' || parsed.password !== '') return { problem: { kind: 'user-info', shown } };
  return { url: { origin: parsed.origin, basePath: parsed.pathname.replace(/\/+$/, ''), hostname: parsed.hostname, protocol: parsed.protocol } };
}

/**
 * The `user:password` part of a URL, or undefined. Taken from the text (not `new URL`), so that it
 * is found in a URL that does not parse, too.
 */
export function urlUserInfo(url: string): string | undefined {
  const authority = authorityOf(url);
  const at = authority.text.lastIndexOf('@');
  return at < 0 ? undefined : authority.text.slice(0, at);
}

/**
 * A URL for a message: any `user:password@` replaced by `***@`, and the query and fragment by `?…`
 * and `#…`: they carry tokens (`?token=…`, `#access_token=…`) as often as anything else.
 */
export function urlForMessage(url: string): string {
  const text = withoutUserInfo(url);
  const query = text.indexOf('?');
  if (query >= 0) return `${text.slice(0, query)}?…`;
  const fragment = text.indexOf('#');
  return fragment >= 0 ? `${text.slice(0, fragment)}#…` : text;
}

/** A URL with any `user:password@` replaced by `***@`. */
export function withoutUserInfo(url: string): string {
  const authority = authorityOf(url);
  const at = authority.text.lastIndexOf('@');
  if (at < 0) return url;
  return `${authority.scheme}***${authority.text.slice(at)}${authority.rest}`;
}

function authorityOf(url: string): { scheme: string; text: string; rest: string } {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)?([^/?#]*)(.*)$/s.exec(url);
  return { scheme: match?.[1] ?? '', text: match?.[2] ?? '', rest: match?.[3] ?? '' };
}
