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

/**
 * The storage of a plain list entry (no settings of its own) from a template: `desiredStorage` of
 * the same shared layers and a value stating the same keys in the same order, so everything but the
 * value's keys, the mount path and the source is the template's. Cloning it skips the merge and the
 * key-by-key build for each of 10,000 entries (validate of 10,000 mounts: ~40 ms less CPU). What no
 * entry changes (the fields, the field locations, the secret and rewritten keys) is the template's
 * own objects, shared and frozen: each object kept is one the garbage collector copies, and these
 * were 4 of a storage's 12 (10,000 mounts: 19.3 -> 16.4 MB kept).
 */
export function storageFromTemplate(
  template: DesiredStorage,
  value: Addition,
  valueAt: SourceLocation,
  mountPath: string,
  source: SourceLocation,
): DesiredStorage {
  const addition = { ...template.addition };
  const atAddition = { ...template.at.addition };
  // The value is the most specific layer: its keys win, stated at the value (as mergeSettings does).
  for (const key in value) {
    addition[key] = value[key] as AdditionValue;
    atAddition[key] = valueAt;
  }
  // Each its own: a caller may sort them in place.
  const managed = { fields: [...template.managed.fields], addition: [...template.managed.addition] };
  const at = { fields: template.at.fields, addition: atAddition };
  const { driver, fields, forAllDrivers, secretKeys, rewrittenKeys } = template;
  // Literals without a spread: the properties stay in the object itself, where a spread adds them to
  // a separate store (10,000 mounts: 5.8 -> 5.5 MB kept by these objects).
  if (forAllDrivers) return { mount_path: mountPath, driver, fields, addition, managed, source, at, forAllDrivers, secretKeys, rewrittenKeys };
  return { mount_path: mountPath, driver, fields, addition, managed, source, at, secretKeys, rewrittenKeys };
}

/** A storage made a template: the parts its clones share are frozen (nothing may change one storage's through another's). */
export function asTemplate(storage: DesiredStorage): DesiredStorage {
  for (const shared of [storage.fields, storage.at.fields, storage.forAllDrivers, storage.secretKeys, storage.rewrittenKeys]) Object.freeze(shared);
  return storage;
}
