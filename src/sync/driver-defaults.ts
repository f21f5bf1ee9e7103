/**
 * A desired storage completed from its driver's schema, as the web UI would create it: the server
 * applies no defaults itself (alist-api.md §3), so a key left out becomes Go's zero value — an
 * AliyundriveOpen without `use_online_api: true` cannot even refresh its token on OpenList. Only
 * what the files do not state is filled in, and none of it becomes managed: an update still
 * touches only the keys the files state, so these values matter for creates alone.
 */
import { isSecretKeyName } from '../drivers/secrets.js';
import { DRIVER_MODULES } from '../drivers/index.js';
import type { DriverInfo } from '../model/driver-info.js';
import { DEFAULT_STORAGE_FIELDS, type AdditionValue, type DesiredStorage, type ServerStorage, type StorageFields } from '../model/storage.js';
import { defaultValueOf } from './driver-items.js';

/** The drivers alist-batch has a module for (the files choose them: a list file's, a share link's). */
export const MODULE_DRIVERS: ReadonlySet<string> = new Set(DRIVER_MODULES.map((m) => m.name));

/** What completing a storage needs to know of its driver, worked out once per driver and run. */
export interface DriverKeys {
  /**
   * Keys the server stores for the driver that its form does not list (untagged struct fields such
   * as AliyundriveOpen's `AccessToken`): only the server writes them, so they are never drift.
   */
  serverWritten: ReadonlySet<string>;
  /** For a driver without a module: its keys named like secrets (none for a module's driver: the module says). */
  secretByName: readonly string[];
}

export function driverKeys(current: readonly Pick<ServerStorage, 'driver' | 'addition'>[], driver: string, info: DriverInfo): DriverKeys {
  const listed = new Set(info.additional.map((item) => item.name));
  const serverWritten = new Set<string>();
  for (const storage of current) {
    if (storage.driver !== driver) continue;
    // for-in: no array of keys per listed storage (thousands of them).
    for (const key in storage.addition) if (!listed.has(key)) serverWritten.add(key);
  }
  const secretByName = MODULE_DRIVERS.has(driver) ? [] : [...listed, ...serverWritten].filter(isSecretKeyName);
  return { serverWritten, secretByName };
}

/**
 * The storage with, for a create, every addition key the files and the driver module leave out set
 * to the form's default (root folder keys to the driver's default root, which the item's default
 * already is) and the storage fields the files leave out set to the form's defaults (OpenList's
 * PreferProxy drivers: web_proxy on, WebDAV native_proxy). For any storage: the server-written keys
 * join `rewrittenKeys`, and for a driver without a module, keys named like secrets are secret.
 */
export function completeStorage(storage: DesiredStorage, info: DriverInfo, keys: DriverKeys, creates: boolean): DesiredStorage {
  // An update of a driver whose server writes nothing of its own: nothing to add (the common case).
  if (!creates && keys.secretByName.length === 0 && keys.serverWritten.size === 0) return storage;
  const completed: DesiredStorage = {
    ...storage,
    secretKeys: union(storage.secretKeys, keys.secretByName),
    // A secret of a driver without a module may be rotated by the server like the built-in drivers' tokens.
    rewrittenKeys: union(storage.rewrittenKeys, [...keys.serverWritten], keys.secretByName),
  };
  if (!creates) return completed;
  return { ...completed, addition: completedAddition(storage, info), fields: completedFields(storage, info) };
}

function completedAddition(storage: DesiredStorage, info: DriverInfo): DesiredStorage['addition'] {
  const addition = { ...storage.addition };
  const defaults = defaultsOf(info).addition;
  // Indexed, no [name, value] destructuring: once per create, in code not yet optimised.
  for (let i = 0; i < defaults.length; i++) {
    const [name, value] = defaults[i] as FormDefaults['addition'][number];
    if (!(name in addition)) addition[name] = value;
  }
  return addition;
}

/** Unstated fields whose form item has a default of the field's own type take it. */
function completedFields(storage: DesiredStorage, info: DriverInfo): StorageFields {
  const fields: StorageFields = { ...storage.fields };
  const managed = storage.managed.fields;
  // A plain store, not Object.assign of a computed-key literal (one object less per default per create).
  const writable = fields as Record<keyof StorageFields, AdditionValue>;
  const defaults = defaultsOf(info).fields;
  for (let i = 0; i < defaults.length; i++) {
    const [name, value] = defaults[i] as FormDefaults['fields'][number];
    if (!managed.includes(name)) writable[name] = value;
  }
  return fields;
}

/** A form's defaults, converted once per driver/info reply: a cold apply completes a thousand creates of one driver. */
interface FormDefaults {
  addition: readonly (readonly [string, AdditionValue])[];
  fields: readonly (readonly [keyof StorageFields, AdditionValue])[];
}

const DEFAULTS = new WeakMap<DriverInfo, FormDefaults>();

function defaultsOf(info: DriverInfo): FormDefaults {
  let defaults = DEFAULTS.get(info);
  if (!defaults) {
    const addition: [string, AdditionValue][] = [];
    for (const item of info.additional) {
      const value = defaultValueOf(item);
      if (value !== undefined) addition.push([item.name, value]);
    }
    const fields: [keyof StorageFields, AdditionValue][] = [];
    for (const item of info.common) {
      if (item.default === '' || !isFieldName(item.name)) continue;
      const value = defaultValueOf(item);
      if (value !== undefined && typeof value === typeof DEFAULT_STORAGE_FIELDS[item.name]) fields.push([item.name, value]);
    }
    defaults = { addition, fields };
    DEFAULTS.set(info, defaults);
  }
  return defaults;
}

function isFieldName(name: string): name is keyof StorageFields {
  return Object.hasOwn(DEFAULT_STORAGE_FIELDS, name);
}

function union(...lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())];
}
