import { DRIVER_MODULES, findDriverModule } from './index.js';

/**
 * Addition keys that hold secrets, in the drivers alist-batch has modules for and in those a server
 * may also have (PikPak's account password, AliyundriveOpen's tokens). Their values are never printed:
 * secrets on the server can differ from those in the files (a rotated token), and a server message
 * or a driver's error text (a storage's status) may quote them.
 */
export const SECRET_ADDITION_KEYS: ReadonlySet<string> = new Set([
  ...DRIVER_MODULES.flatMap((m) => m.secretKeys),
  'refresh_token',
  'access_token',
  'AccessToken',
  'captcha_token',
  'password',
  'client_secret',
]);

/** Words that make a key secret, wherever they stand in it (`qrcode_token`, `AccessToken`, `api_key`). */
const SECRET_WORDS: ReadonlySet<string> = new Set(['password', 'passwd', 'secret', 'token', 'cookie', 'cookies', 'key']);
/** Words run together (`accesstoken`, `userpassword`): an ending is enough, but not for `key` (`monkey`). */
const SECRET_ENDINGS = /(?:password|secret|token|cookie)$/;
/** Last words that make a key an address or a choice, not a secret (`oauth_token_url`, `token_type`). */
const NOT_SECRET_LAST_WORDS: ReadonlySet<string> = new Set(['url', 'address', 'method', 'type', 'source', 'path']);

/** The words of a key: split at `_`, `-`, `.` and lower-to-upper case changes, lower-cased. */
function wordsOf(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[_\-.\s]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/**
 * Whether a key of a driver alist-batch has no module for holds a secret, by its name: one of its
 * words is password, secret, token, cookie or key (`refresh_token`, `cookie`, `api_key`, `AccessToken`),
 * unless it names an address or a kind of thing (`oauth_token_url`, `api_url_address`).
 */
export function isSecretKeyName(key: string): boolean {
  // Asked for every key of every storage (apply, per create): a run has a few dozen distinct keys.
  const known = secretByKey.get(key);
  if (known !== undefined) return known;
  const secret = secretByName(key);
  // Bounded: the keys of a server's storages are the server's to choose.
  if (secretByKey.size < MAX_REMEMBERED_KEYS) secretByKey.set(key, secret);
  return secret;
}

const secretByKey = new Map<string, boolean>();
const MAX_REMEMBERED_KEYS = 10_000;

function secretByName(key: string): boolean {
  if (SECRET_ADDITION_KEYS.has(key)) return true;
  const words = wordsOf(key);
  const last = words[words.length - 1];
  if (last === undefined || NOT_SECRET_LAST_WORDS.has(last)) return false;
  return words.some((word) => SECRET_WORDS.has(word) || SECRET_ENDINGS.test(word));
}

/** Whether a driver's addition key is secret: its module says so, or, for a driver without one, the name rule. */
export function isSecretAdditionKey(driver: string | undefined, key: string): boolean {
  const module = driver === undefined ? undefined : findDriverModule(driver);
  return module ? module.secretKeys.includes(key) : isSecretKeyName(key);
}

/** The secret values in one storage's addition (non-empty strings under a secret key, by the name rule). */
export function secretAdditionValues(addition: Readonly<Record<string, unknown>>): string[] {
  const values: string[] = [];
  // for-in, not Object.entries: one pair array less per key, for every storage the server lists.
  for (const key in addition) {
    const value = addition[key];
    if (typeof value === 'string' && value !== '' && Object.hasOwn(addition, key) && isSecretKeyName(key)) values.push(value);
  }
  return values;
}
