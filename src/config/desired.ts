import { z } from 'zod';
import { additionSchema, driverNameSchema } from '../drivers/types.js';

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
});

export const sourceLocationSchema = z.object({ file: z.string(), line: z.number().int(), col: z.number().int() });

/**
 * One storage as the files want it. `fields` and `addition` hold everything a create sends;
 * `managed` names the keys whose values come from the files (not mere defaults): only those are
 * compared with the server and changed by an update.
 */
export const desiredStorageSchema = z.object({
  mount_path: z.string(),
  driver: driverNameSchema,
  fields: storageFieldsSchema,
  addition: additionSchema,
  managed: z.object({
    fields: z.array(storageFieldsSchema.keyof()),
    addition: z.array(z.string()),
  }),
  source: sourceLocationSchema,
});
export type DesiredStorage = z.infer<typeof desiredStorageSchema>;
