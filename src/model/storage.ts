/**
 * The shared model: what a storage is, as the files want it (DesiredStorage) and as the server
 * has it (ServerStorage), and what a planned update changes (FieldChange). Every part may import
 * this module; it imports nothing of ours, so no part reaches sideways for another's types.
 */
import { z } from 'zod';

/** A value inside a storage's `addition` (a JSON object on our side, a JSON string on the wire). */
export const additionValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export type AdditionValue = z.infer<typeof additionValueSchema>;
export const additionSchema = z.record(z.string(), additionValueSchema);
export type Addition = z.infer<typeof additionSchema>;

/**
 * The top-level storage fields a create sends (besides mount_path, driver and addition), with the
 * values the old tool sent. The server applies no defaults, so every one of them is sent.
 */
export const storageFieldsSchema = z.object({
  order: z.number().int(),
  remark: z.string(),
  cache_expiration: z.number().int(),
  web_proxy: z.boolean(),
  webdav_policy: z.string(),
  down_proxy_url: z.string(),
  order_by: z.string(),
  order_direction: z.string(),
  extract_folder: z.string(),
  enable_sign: z.boolean(),
  disable_index: z.boolean(),
  disable_proxy_sign: z.boolean(),
  /** OpenList ≥ v4.1.9 only: lines of `glob:minutes`. */
  custom_cache_policies: z.string(),
  /**
   * A storage the files want disabled. A create always makes it enabled (the server starts the driver
   * either way) and apply then disables it; an update keeps the server's value and apply calls
   * /enable or /disable (alist-api.md §4.4 step 6: enabling through update leaves it unloaded).
   */
  disabled: z.boolean(),
});
export type StorageFields = z.infer<typeof storageFieldsSchema>;
export type StorageFieldName = keyof StorageFields;

export const DEFAULT_STORAGE_FIELDS: Readonly<StorageFields> = Object.freeze({
  order: 0,
  remark: '',
  cache_expiration: 30,
  web_proxy: false,
  webdav_policy: '302_redirect',
  down_proxy_url: '',
  order_by: '',
  order_direction: '',
  extract_folder: '',
  enable_sign: false,
  disable_index: false,
  disable_proxy_sign: false,
  custom_cache_policies: '',
  disabled: false,
});

export const sourceLocationSchema = z.object({ file: z.string(), line: z.number().int(), col: z.number().int() });

/**
 * One storage as the files want it. `fields` and `addition` hold everything a create sends;
 * `managed` names the keys whose values come from the files (not mere defaults): only those are
 * compared with the server and changed by an update.
 */
export const desiredStorageSchema = z.object({
  mount_path: z.string(),
  driver: z.string(),
  fields: storageFieldsSchema,
  addition: additionSchema,
  managed: z.object({
    fields: z.array(storageFieldsSchema.keyof()),
    addition: z.array(z.string()),
  }),
  /** Where the entry starts (its mount name, or its mount path in storages.yaml). */
  source: sourceLocationSchema,
  /**
   * Where each managed key was stated (the entry, a section, `defaults:`), for messages that name the
   * key's own file:line:col (the server's driver schema is checked at plan time). A key without a
   * location is reported at `source`.
   */
  at: z.object({
    fields: z.record(z.string(), sourceLocationSchema),
    addition: z.record(z.string(), sourceLocationSchema),
  }),
  /**
   * Managed fields stated for every driver (`defaults.all`): where the server's form for this driver
   * has no such field, the field is dropped for this storage instead of refused.
   */
  forAllDrivers: z.array(storageFieldsSchema.keyof()).optional(),
  /** Addition keys whose values are secret: never printed, masked in plans (by the driver module, or by name). */
  secretKeys: z.array(z.string()),
  /**
   * Addition keys the server rewrites by itself (rotated tokens, generated device ids): a difference
   * there is not drift.
   */
  rewrittenKeys: z.array(z.string()),
});
export type DesiredStorage = z.infer<typeof desiredStorageSchema>;

/**
 * A storage as the server returns it from list/get (alist-api.md §3), with `addition` already
 * decoded from its JSON string into an object. Unknown keys (OpenList's mount_details, fields of
 * newer versions) are kept so that an update can send the object back as the server has it.
 * Optional keys are those only some server versions have.
 */
export const storageRowShape = {
  id: z.number().int(),
  mount_path: z.string(),
  order: z.number().int(),
  driver: z.string(),
  cache_expiration: z.number().int(),
  custom_cache_policies: z.string().optional(),
  status: z.string(),
  addition: additionSchema,
  remark: z.string(),
  modified: z.string(),
  disabled: z.boolean(),
  disable_index: z.boolean().optional(),
  enable_sign: z.boolean(),
  order_by: z.string(),
  order_direction: z.string(),
  extract_folder: z.string(),
  web_proxy: z.boolean(),
  webdav_policy: z.string(),
  proxy_range: z.boolean(),
  down_proxy_url: z.string(),
  disable_proxy_sign: z.boolean().optional(),
};
export const serverStorageSchema = z
  .object({
    ...storageRowShape,
    /**
     * The addition exactly as the server sent it (JSON text), where known: `addition` is decoded for
     * comparing, and loses what is not a string, number or boolean; an update splices into this.
     */
    rawAddition: z.string().optional(),
  })
  .loose();
export type ServerStorage = z.infer<typeof serverStorageSchema>;
/** The known keys only; `Omit` over the loose type would lose them to its index signature. */
const knownStorageSchema = z.object(storageRowShape);

/**
 * What to create: mount path, driver, the top-level fields (the remark already carries our mark)
 * and the addition, as objects. The client turns it into the wire body (addition as a JSON string,
 * only the optional fields the server version has, a new storage enabled).
 */
export const storageCreateSchema = knownStorageSchema.omit({ id: true, status: true, modified: true, disabled: true, proxy_range: true });
export type StorageCreate = z.infer<typeof storageCreateSchema>;

/**
 * What an update changes on a storage as listed: only the managed keys that differ (top-level
 * fields, addition keys) and the remark with our mark. The client applies it to the listed row,
 * which the server then replaces whole.
 */
export const storagePatchSchema = storageFieldsSchema.partial().extend({ addition: additionSchema });
export type StoragePatch = z.infer<typeof storagePatchSchema>;

/** A storage named in a report: where it is, which driver, which id. */
export interface StorageRef {
  mount_path: string;
  driver: string;
  id: number;
}

/** One field that an update changes. Sensitive values are never carried, only the fact. */
export const fieldChangeSchema = z.object({
  name: z.string(),
  scope: z.enum(['storage', 'addition']),
  sensitive: z.boolean(),
  old: additionValueSchema.nullable().optional(),
  new: additionValueSchema.nullable().optional(),
});
export type FieldChange = z.infer<typeof fieldChangeSchema>;
