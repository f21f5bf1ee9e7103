/**
 * A desired storage from its merged settings (storage-settings.ts `mergeSettings`): every stated key
 * is managed, with where it was stated; the rest are the built-in defaults (storage fields) or, for a
 * driver with a module, the module's defaults (addition). A driver without a module gets only the
 * stated addition keys here: its defaults come from the server's driver/info at plan time.
 */
import { isSecretKeyName } from '../drivers/secrets.js';
import type { DriverModule } from '../drivers/types.js';
import type { SourceLocation } from '../errors.js';
import { DEFAULT_STORAGE_FIELDS, type Addition, type DesiredStorage, type StorageFieldName } from '../model/storage.js';
import type { ParsedSettings } from './storage-settings.js';

export interface DesiredInput {
  readonly mountPath: string;
  /** The server's driver name. */
  readonly driver: string;
  /** The driver's module, when alist-batch has one. */
  readonly module?: DriverModule;
  readonly settings: ParsedSettings;
  /** Where the entry starts. */
  readonly source: SourceLocation;
}

export function desiredStorage(input: DesiredInput): DesiredStorage {
  const { settings, module } = input;
  const addition: Addition = {};
  // The module's keys first, in the server's struct order, then any other stated key.
  for (const [key, fallback] of Object.entries(module?.defaults ?? {})) addition[key] = settings.addition[key] ?? fallback;
  for (const [key, value] of Object.entries(settings.addition)) addition[key] ??= value;
  const statedAddition = Object.keys(addition).filter((key) => Object.hasOwn(settings.addition, key));
  return {
    mount_path: input.mountPath,
    driver: input.driver,
    fields: { ...DEFAULT_STORAGE_FIELDS, ...settings.fields },
    addition,
    managed: { fields: Object.keys(settings.fields) as StorageFieldName[], addition: statedAddition },
    source: input.source,
    at: { fields: { ...settings.at.fields }, addition: { ...settings.at.addition } },
    ...(settings.forAllDrivers ? { forAllDrivers: [...settings.forAllDrivers] } : {}),
    secretKeys: module ? [...module.secretKeys] : Object.keys(addition).filter(isSecretKeyName),
    rewrittenKeys: module ? [...module.serverRewrittenKeys] : [],
  };
}
