import { quote } from '../model/display.js';

/**
 * Shared reading of share links (Aliyun and PikPak): an absolute https/http URL on one of the
 * service's hosts, with `/s/<share id>` and a driver-specific rest, and an optional `?pwd=` code.
 */
export interface ShareLinkParts {
  /** Path segments after `/s/` (the share id first). */
  readonly segments: string[];
  /** The `pwd` query parameter, or "" when absent. */
  readonly password: string;
}

/** The other service's hosts, so that a link pasted into the wrong list file is named as such. */
const SERVICE_OF_HOST: Readonly<Record<string, string>> = {
  'www.aliyundrive.com': 'an Aliyun share link',
  'aliyundrive.com': 'an Aliyun share link',
  'www.alipan.com': 'an Aliyun share link',
  'alipan.com': 'an Aliyun share link',
  'mypikpak.com': 'a PikPak share link',
  'www.mypikpak.com': 'a PikPak share link',
};

export function parseShareLink(value: string, hosts: readonly string[], expected: string): ShareLinkParts | { error: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: `not ${expected}: ${quote(value)}` };
  }
  if (!hosts.includes(url.hostname) || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    const other = SERVICE_OF_HOST[url.hostname];
    const what = other && other !== expected ? ` (this is ${other}; it belongs in another list file)` : '';
    return { error: `not ${expected}: ${quote(value)}${what}` };
  }
  const segments = url.pathname.split('/').filter((s) => s !== '');
  if (segments[0] !== 's' || segments.length < 2) {
    return { error: `malformed share link (expected ${hosts[0]}/s/<share id>...): ${quote(value)}` };
  }
  return { segments: segments.slice(1).map(decodeURIComponent), password: url.searchParams.get('pwd') ?? '' };
}

/** `https://<host>/s/<segments...>[?pwd=<password>]`, each segment and the password encoded. */
export function formatShareLink(host: string, segments: readonly string[], password: string): string {
  const path = segments.map(encodeURIComponent).join('/');
  return `https://${host}/s/${path}${password === '' ? '' : `?${new URLSearchParams({ pwd: password }).toString()}`}`;
}

/** The text of a string addition value, or undefined when it is missing or not a string. */
export function textOf(addition: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = addition[key];
  return typeof value === 'string' ? value : undefined;
}
