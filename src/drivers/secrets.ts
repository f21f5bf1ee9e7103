import { DRIVER_MODULES } from './index.js';

/**
 * Addition keys that hold secrets, in the drivers alist-batch provisions and in those a server may
 * also have (PikPak's account password, AliyundriveOpen's tokens). Their values are never printed:
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

/** The secret values in one storage's addition (non-empty strings under a secret key). */
export function secretAdditionValues(addition: Readonly<Record<string, unknown>>): string[] {
  const values: string[] = [];
  for (const [key, value] of Object.entries(addition)) {
    if (SECRET_ADDITION_KEYS.has(key) && typeof value === 'string' && value !== '') values.push(value);
  }
  return values;
}
