import { SECTION_MODULES, SHARE_MODULES } from '../drivers/index.js';
import type { ConfigFile } from './schema.js';
import type { SharesRead } from './shares.js';
import type { StoragesRead } from './storages-file.js';

/** Which drivers' storages this config manages: what apply --prune may delete when the files drop them. */
export interface DriverScope {
  /** The drivers put in scope by name: those of the enabled sections, the share drivers with shares.yaml. */
  readonly enabledDrivers: string[];
  /**
   * Set when storages.yaml is enabled: then every driver is in scope except these (the drivers of a
   * section given with enable: false, unless an enabled file names them).
   */
  readonly allDriversExcept?: string[];
}

export function driverScope(config: ConfigFile, sectionDrivers: readonly string[], shares: SharesRead, storages: StoragesRead): DriverScope {
  const named = new Set([...sectionDrivers, ...(shares.enabled === true ? SHARE_MODULES.map((m) => m.name) : [])]);
  if (storages.enabled !== true) return { enabledDrivers: [...named] };
  for (const driver of storages.drivers) named.add(driver);
  const disabled = new Set<string>();
  for (const module of SECTION_MODULES) {
    if (Object.keys(module.section.files).some((key) => enableOf(config, key) === false)) disabled.add(module.name);
  }
  if (enableOf(config, 'shares') === false) for (const module of SHARE_MODULES) disabled.add(module.name);
  return { enabledDrivers: [...named], allDriversExcept: [...disabled].filter((driver) => !named.has(driver)) };
}

/** A section's enable as the schema read it (yes/no are bools there), or undefined. */
function enableOf(config: ConfigFile, key: string): boolean | undefined {
  const section = config[key];
  const enable = section !== null && typeof section === 'object' && 'enable' in section ? section.enable : undefined;
  return typeof enable === 'boolean' ? enable : undefined;
}
