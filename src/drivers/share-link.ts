import { quote } from '../model/display.js';

/**
 * Shared reading of share links: an absolute https/http URL on one of the service's hosts, with
 * `/s/<share id>` and a driver-specific rest, and an optional code in the query (`?pwd=`, 115's
 * `?password=`). A fragment (`#`, often left at the end of a copied 115 link) and other query keys
 * are ignored.
 */
export interface ShareLinkParts {
  /** Path segments after `/s/` (the share id first). */
  readonly segments: string[];
  /** The code's query parameter, or "" when absent. */
  readonly password: string;
}

/** A service's hosts, with and without `www.`, from its domains. */
export function withWww(domains: readonly string[]): string[] {
  return domains.flatMap((domain) => [`www.${domain}`, domain]);
}

/** Where a link of each service belongs, so that a link pasted into the wrong list file is named as such. */
const SERVICES: readonly { readonly hosts: readonly string[]; readonly what: string; readonly where: string }[] = [
  { hosts: withWww(['aliyundrive.com', 'alipan.com']), what: 'an Aliyun share link', where: 'it belongs in another list file' },
  { hosts: withWww(['mypikpak.com']), what: 'a PikPak share link', where: 'it belongs in another list file' },
  { hosts: withWww(['115.com', '115cdn.com', 'anxia.com']), what: 'a 115 share link', where: 'list it in shares.yaml' },
  { hosts: withWww(['123pan.com', '123pan.cn', '123684.com', '123865.com', '123912.com']), what: 'a 123 share link', where: 'list it in shares.yaml' },
];

export function parseShareLink(value: string, hosts: readonly string[], expected: string, passwordKey = 'pwd'): ShareLinkParts | { error: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: `not ${expected}: ${quote(value)}` };
  }
  const host = url.hostname.toLowerCase();
  if (!hosts.includes(host) || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    const other = SERVICES.find((service) => service.hosts.includes(host));
    const what = other && other.what !== expected ? ` (this is ${other.what}; ${other.where})` : '';
    return { error: `not ${expected}: ${quote(value)}${what}` };
  }
  const segments = url.pathname.split('/').filter((s) => s !== '');
  if (segments[0] !== 's' || segments.length < 2) {
    return { error: `malformed share link (expected ${hosts[0]}/s/<share id>...): ${quote(value)}` };
  }
  return { segments: segments.slice(1).map(decodeURIComponent), password: url.searchParams.get(passwordKey) ?? '' };
}

/** `https://<host>/s/<segments...>[?pwd=<password>]`, each segment and the password encoded. */
export function formatShareLink(host: string, segments: readonly string[], password: string, passwordKey = 'pwd'): string {
  const path = segments.map(encodeURIComponent).join('/');
  return `https://${host}/s/${path}${password === '' ? '' : `?${new URLSearchParams({ [passwordKey]: password }).toString()}`}`;
}

/** The text of a string addition value, or undefined when it is missing or not a string. */
export function textOf(addition: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = addition[key];
  return typeof value === 'string' ? value : undefined;
}
