import { z } from 'zod';
import { additionValueSchema, storageRowShape, type Addition, type ServerStorage } from '../model/storage.js';

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
  const addition: Addition = {};
  for (const [key, value] of Object.entries(parsed)) {
    const scalar = additionValueSchema.safeParse(value);
    if (scalar.success) addition[key] = scalar.data;
  }
  return addition;
}

export function decodeStorage(wire: WireStorage): ServerStorage {
  return { ...wire, addition: decodeAddition(wire.addition), rawAddition: wire.addition };
}

export const storagePageSchema = z.object({ content: z.array(wireStorageSchema).nullable(), total: z.number().int() });
export const createdSchema = z.object({ id: z.number().int().positive() });

export { driverInfoSchema, driverNamesSchema, type DriverInfo, type DriverItem } from '../model/driver-info.js';

/** GET /api/public/settings: a flat map of strings; only `version` is relied on. */
export const publicSettingsSchema = z.object({ version: z.string().optional() }).loose();
