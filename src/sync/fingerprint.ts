/**
 * The fingerprint of the secrets a storage was given, kept with its ownership mark (model/mark.ts).
 * The server rewrites some secrets by itself (a refresh token rotates on every start), so comparing
 * values cannot tell "the files changed it" from "the server rotated it"; comparing the files'
 * fingerprint with the one written at the last apply can. It is the first 8 hex digits of a SHA-256
 * over the mount path and the values: never a value, and a different one for every mount, so equal
 * fingerprints do not even say which storages share a secret. Whoever can read the remark can read
 * the addition too (both are admin-only), so it tells nobody anything they could not read already.
 */
import * as crypto from 'node:crypto';
import type { DesiredStorage } from '../model/storage.js';

/** The managed secret keys of a storage, in a fixed order: what the fingerprint covers, and what a changed one pushes. */
function managedSecretKeys(want: DesiredStorage): string[] {
  // Most storages have no secret key, or one: no filtering or sorting for those.
  if (want.secretKeys.length === 0) return [];
  return want.managed.addition.filter((key) => want.secretKeys.includes(key)).sort();
}

/** undefined when the files state no secret for this storage (nothing to tell apart). */
export function secretFingerprint(want: DesiredStorage): string | undefined {
  const keys = managedSecretKeys(want);
  if (keys.length === 0) return undefined;
  // JSON keeps the parts apart: no value can pass for a key or for the mount path.
  const input = JSON.stringify([want.mount_path, keys.map((key) => [key, want.addition[key] ?? null])]);
  return sha256Hex(input).slice(0, 8);
}

/**
 * crypto.hash (Node ≥ 20.12, 21.7) hashes in one call, without a Hash object per storage: a cold
 * apply fingerprints every create. Older Node 20 releases take the Hash object.
 */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

function sha256Hex(input: string): string {
  return oneShotHash ? oneShotHash('sha256', input, 'hex') : crypto.createHash('sha256').update(input, 'utf8').digest('hex');
}
