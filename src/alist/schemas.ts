import { z } from 'zod';
import { additionSchema } from '../drivers/types.js';

/**
 * A storage as the server returns it from list/get (alist-api.md §3), with `addition` already
 * decoded from its JSON string into an object. Unknown keys (OpenList's mount_details, fields of
 * newer versions) are kept so that an update can send the object back as the server has it.
 * Optional keys are those only some server versions have.
 */
const storageFieldsShape = {
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
export const serverStorageSchema = z.object(storageFieldsShape).loose();
export type ServerStorage = z.infer<typeof serverStorageSchema>;
/** The known keys only; `Omit` over the loose type would lose them to its index signature. */
const knownStorageSchema = z.object(storageFieldsShape);
type KnownStorage = z.infer<typeof knownStorageSchema>;

/** What a create sends: a storage without the fields the server owns. */
export type StorageCreateInput = Omit<KnownStorage, 'id' | 'status' | 'modified' | 'disabled' | 'proxy_range'> &
  Partial<Pick<KnownStorage, 'disabled' | 'proxy_range'>>;
