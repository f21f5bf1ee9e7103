/**
 * The server URL: parsed and checked once (scheme, no credentials in it, the sub-path AList may be
 * served under), and the warning due before a credential crosses the network in plain http.
 */
import { UsageError } from '../errors.js';
import { quote } from '../model/display.js';
import { parseServerUrl, type ServerUrl } from '../model/server-url.js';

export type BaseUrl = ServerUrl;

/**
 * Accepts `https://host`, `https://host/`, `https://host/alist`, `https://host/alist/`; refuses
 * what the shared rule refuses (model/server-url.ts), as a usage error.
 */
export function parseBaseUrl(url: string): BaseUrl {
  const parsed = parseServerUrl(url.trim());
  if ('url' in parsed) return parsed.url;
  const { problem } = parsed;
  switch (problem.kind) {
    case 'not-a-url':
      throw new UsageError(`The server URL is not a valid URL: ${quote(problem.shown)}.`, {
        hint: 'Write it like https://alist.example.com or https://example.com/alist.',
      });
    case 'not-http':
      throw new UsageError(`The server URL must start with http:// or https:// (got ${problem.protocol}).`);
    case 'user-info':
      // Said without echoing the URL: it holds a credential.
      throw new UsageError('The server URL must not contain a user name or password.', {
        hint: 'Put the user name and password in config.yaml (auth.username, auth.password) or in ALIST_USERNAME and ALIST_PASSWORD (the password may also come from --password-stdin), or use a token (`token:` in config.yaml or ALIST_TOKEN).',
      });
  }
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
