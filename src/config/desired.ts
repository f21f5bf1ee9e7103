/**
 * A desired storage from its settings (storage-settings.ts), given as layers from the least to the
 * most specific as `mergeSettings` takes them: every stated key is managed, with where it was
 * stated; the rest are the built-in defaults (storage fields) or, for a driver with a module, the
 * module's defaults (addition). A driver without a module gets only the stated addition keys here:
 * its defaults come from the server's driver/info at plan time.
 */
import { isSecretAdditionKey } from '../drivers/secrets.js';
import type { DriverModule } from '../drivers/types.js';
import type { SourceLocation } from '../errors.js';
import { DEFAULT_STORAGE_FIELDS, type Addition, type AdditionValue, type DesiredStorage, type StorageFieldName, type StorageFields } from '../model/storage.js';
import { mergeSettings, type ParsedSettings } from './storage-settings.js';

export interface DesiredInput {
  readonly mountPath: string;
  /** The server's driver name. */
  readonly driver: string;
  /** The driver's module, when alist-batch has one. */
  readonly module?: DriverModule;
  /** The settings, or their layers (least specific first; a later layer's key wins, with its location). */
  readonly settings: ParsedSettings | readonly ParsedSettings[];
  /** Where the entry starts. */
  readonly source: SourceLocation;
}

/** The defaults as a plain object: copying a frozen one is slower, and this runs once per mount. */
const FIELD_TEMPLATE: StorageFields = { ...DEFAULT_STORAGE_FIELDS };

/**
 * The layers' merged copy becomes the storage's own objects: no second copy (a large config resolves
 * 10,000 of them, and every object made is one the garbage collector must copy).
 */
export function desiredStorage(input: DesiredInput): DesiredStorage {
  const { module } = input;
  const layers = Array.isArray(input.settings) ? input.settings : [input.settings as ParsedSettings];
  // One merged copy of the layers: its objects become the storage's own (`at`, the stated fields).
  const { fields: statedFields, addition: stated, at, forAllDrivers } = mergeSettings(...layers);
  const addition: Addition = {};
  const statedAddition: string[] = [];
  // The module's keys first, in the server's struct order, then any other stated key.
  const defaults = module?.defaults ?? {};
  for (const key in defaults) {
    const fallback = defaults[key] as AdditionValue;
    if (!Object.hasOwn(stated, key)) addition[key] = fallback;
    else {
      addition[key] = stated[key] ?? fallback;
      statedAddition.push(key);
    }
  }
  for (const key in stated) {
    if (Object.hasOwn(addition, key)) continue;
    addition[key] = stated[key] as AdditionValue;
    statedAddition.push(key);
  }
  return {
    mount_path: input.mountPath,
    driver: input.driver,
    fields: { ...FIELD_TEMPLATE, ...statedFields },
    addition,
    managed: { fields: Object.keys(statedFields) as StorageFieldName[], addition: statedAddition },
    source: input.source,
    at,
    ...(forAllDrivers ? { forAllDrivers } : {}),
    secretKeys: module ? [...module.secretKeys] : Object.keys(addition).filter((key) => isSecretAdditionKey(input.driver, key)),
    rewrittenKeys: module ? [...module.serverRewrittenKeys] : [],
  };
}
