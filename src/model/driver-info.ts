/**
 * A driver's form as the server describes it (`GET /api/admin/driver/info`, alist-api.md §5): the
 * common items (the storage fields the web UI offers for this driver on this server version), the
 * additional items (its addition keys, with types, defaults, options and the required flag) and its
 * Config. In the model because the client parses it and sync checks the files against it.
 */
import { z } from 'zod';

/** One item of a driver's form: every key is always present; `default` and `options` are strings. */
export const driverItemSchema = z
  .object({ name: z.string(), type: z.string(), default: z.string(), options: z.string(), required: z.boolean(), help: z.string() })
  .loose();
export type DriverItem = z.infer<typeof driverItemSchema>;

export const driverConfigSchema = z
  .object({ name: z.string(), local_sort: z.boolean(), no_cache: z.boolean(), no_upload: z.boolean(), default_root: z.string() })
  .loose();
export type DriverConfig = z.infer<typeof driverConfigSchema>;

export const driverInfoSchema = z.object({ common: z.array(driverItemSchema), additional: z.array(driverItemSchema), config: driverConfigSchema }).loose();
export type DriverInfo = z.infer<typeof driverInfoSchema>;

export const driverNamesSchema = z.array(z.string());
