/**
 * config.yaml's `defaults:`: settings for every storage (`all`) and for the storages of one driver
 * (keyed by the server's driver name: `AliyundriveShare`, `OnedriveAPP`, `115 Share`, ...). A name
 * no module knows passes here (the server's driver list is checked at plan time), but one that
 * differs from a module's name only by case, spaces or a typo is surely that driver, misspelt.
 */
import { DRIVER_MODULES } from '../drivers/index.js';
import { quote } from '../model/display.js';
import type { StorageFieldName } from '../model/storage.js';
import type { RuleContext } from './checks.js';
import { emptySettings, mergeSettings, readSettings, type ParsedSettings } from './storage-settings.js';
import { editDistance } from './suggest.js';

export interface DefaultsTable {
  /** `defaults.all`: storage fields only. */
  readonly all: ParsedSettings;
  readonly byDriver: ReadonlyMap<string, ParsedSettings>;
}

export function noDefaults(): DefaultsTable {
  return { all: emptySettings(), byDriver: new Map() };
}

/** The defaults a storage of this driver gets: `defaults.all`, then `defaults.<driver>` over it. */
export function defaultsFor(table: DefaultsTable, driver: string): ParsedSettings {
  return mergeSettings(table.all, table.byDriver.get(driver) ?? emptySettings());
}

/** Reads `defaults:` (already expanded; its shape as a mapping checked by schema.ts). */
export function readDefaults(rules: RuleContext): DefaultsTable {
  const table = { all: emptySettings(), byDriver: new Map<string, ParsedSettings>() };
  const value = rules.tree.value;
  const defaults = value !== null && typeof value === 'object' && 'defaults' in value ? value.defaults : undefined;
  if (defaults === null || typeof defaults !== 'object' || Array.isArray(defaults) || rules.hasProblemWithin(['defaults'])) return table;
  for (const [name, settings] of Object.entries(defaults as Record<string, unknown>)) {
    const path = ['defaults', name];
    if (rules.tree.isReported(path)) continue;
    const where = rules.tree.at(path);
    const misspelt = misspeltName(name);
    if (misspelt !== undefined) {
      rules.report(where?.key, `unknown driver name ${quote(name)} in defaults; did you mean ${quote(misspelt)}? (written as the server spells it)`);
      continue;
    }
    if (settings === null) {
      rules.report(where?.key, `empty value for defaults.${name} (give it settings indented below it, or delete it)`);
      continue;
    }
    if (typeof settings !== 'object' || Array.isArray(settings)) {
      rules.report(where?.value, `defaults.${name} must be a mapping of settings (order:, remark:, webdav_policy:, addition:, ...)`);
      continue;
    }
    const all = name === 'all';
    // `defaults."115 Share"`: a name with spaces is quoted, so the message reads as one path.
    const label = `defaults.${/^[\w.-]+$/.test(name) ? name : quote(name)}`;
    const read = readSettings(rules.tree, path, { label, driver: all ? undefined : name, additionAllowed: !all });
    for (const diagnostic of read.diagnostics) rules.report(diagnostic, diagnostic.message);
    rules.secrets.push(...read.secrets);
    if (all) table.all = { ...read.settings, forAllDrivers: Object.keys(read.settings.fields) as StorageFieldName[] };
    else table.byDriver.set(name, read.settings);
  }
  return table;
}

/** Squeezed for comparing: case, spaces, `_` and `-` do not tell driver names apart. */
function squeezed(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/**
 * The module driver name (or `all`) that `name` is a misspelling of. Only near misses (two edits
 * after squeezing): real drivers a server may have (PikPak, AliyundriveOpen) are further from any module's name.
 */
function misspeltName(name: string): string | undefined {
  const known = ['all', ...DRIVER_MODULES.map((module) => module.name)];
  if (known.includes(name)) return undefined;
  const squeezedName = squeezed(name);
  const same = known.find((candidate) => squeezed(candidate) === squeezedName);
  if (same !== undefined) return same;
  return known.find((candidate) => candidate !== 'all' && squeezedName.length >= 6 && editDistance(squeezed(candidate), squeezedName) <= 2);
}
