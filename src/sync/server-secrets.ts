import type { ServerStorage } from '../alist/schemas.js';
import { DRIVER_MODULES } from '../drivers/index.js';

/**
 * Addition keys that hold secrets in any driver a server may have, including those alist-batch
 * does not provision (PikPak's account password, AliyundriveOpen's tokens). Secrets on the server
 * can differ from those in the files (a rotated token, a token the files no longer hold), and a
 * driver's error text (the storage status) may quote them, so they are redacted too.
 */
const SECRET_KEYS = new Set([
  ...DRIVER_MODULES.flatMap((m) => m.secretKeys),
  'refresh_token',
  'access_token',
  'AccessToken',
  'captcha_token',
  'password',
  'client_secret',
  'share_pwd_token',
]);

export function secretValuesOf(storages: readonly ServerStorage[]): string[] {
  const values: string[] = [];
  for (const storage of storages) {
    for (const [key, value] of Object.entries(storage.addition)) {
      if (SECRET_KEYS.has(key) && typeof value === 'string' && value !== '') values.push(value);
    }
  }
  return values;
}
