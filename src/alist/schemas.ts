import { z } from 'zod';
import { storageRowShape, type Addition, type ServerStorage } from '../model/storage.js';

/** A storage as it is on the wire: `addition` is a JSON-encoded string. */
export const wireStorageSchema = z.object({ ...storageRowShape, addition: z.string() }).loose();
export type WireStorage = z.infer<typeof wireStorageSchema>;

/**
 * The stored addition string as an object, for comparing what the files manage (strings, numbers
 * and booleans). A string that is not a JSON object decodes to {} (the server itself then holds a
 * zero-valued struct); values that are not string/number/boolean are left out, and integers beyond
 * 2^53 come out rounded: so an update never re-encodes this object, it splices its changes into
 * the server's text (`rawAddition`, addition-json.ts), which keeps every other member as it was.
 */
export function decodeAddition(text: string): Addition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  // In place: the object is ours, fresh from JSON.parse. `typeof`, not additionValueSchema, for
  // speed (every storage of the list): the same values, as JSON has no NaN or Infinity.
  // for-in, not Object.keys: no array of keys per listed storage (Object.keys over 2,000 additions
  // measured 5-10 ms cold, for-in 0.5-2 ms). A JSON object has no inherited enumerable keys.
  const addition = parsed as Record<string, unknown>;
  for (const key in addition) {
    const type = typeof addition[key];
    if (type !== 'string' && type !== 'number' && type !== 'boolean') delete addition[key];
  }
  return addition as Addition;
}

/**
 * In place: each row is decoded once, fresh from its reply's JSON.parse (or zod's copy), and no one
 * else holds it; copying every row's ~20 members cost ~7 ms of a 2,000-row list.
 */
export function decodeStorage(wire: WireStorage): ServerStorage {
  const raw = wire.addition;
  return Object.assign(wire, { addition: decodeAddition(raw), rawAddition: raw });
}

export const storagePageSchema = z.object({ content: z.array(wireStorageSchema).nullable(), total: z.number().int() });
export const createdSchema = z.object({ id: z.number().int().positive() });

export { driverInfoSchema, driverNamesSchema, type DriverInfo, type DriverItem } from '../model/driver-info.js';

/** GET /api/public/settings: a flat map of strings; only `version` is relied on. */
export const publicSettingsSchema = z.object({ version: z.string().optional() }).loose();
export type PublicSettings = z.infer<typeof publicSettingsSchema>;

/** GET /api/me `data`. OpenList may report roles as a list; both forms are accepted. */
export const meSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    role: z.union([z.number().int(), z.array(z.number().int())]),
    disabled: z.boolean().optional(),
  })
  .loose();
export type Me = z.infer<typeof meSchema>;

export const loginDataSchema = z.object({ token: z.string().min(1) });
export type LoginData = z.infer<typeof loginDataSchema>;
