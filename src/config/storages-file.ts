import type { DesiredStorage } from '../model/storage.js';
import type { RuleContext } from './checks.js';
import { expandEnvironment } from './env.js';
import { FILE_SECTIONS } from './file-sections.js';
import { parseYamlText } from './read.js';
import type { ResolveState } from './resolve.js';
import type { ConfigFile } from './schema.js';
import { sectionEnabled, sideFileText, type ListFileReader } from './sections.js';
import { SETTINGS_STRING_KEYS } from './storage-settings.js';
import { storageEntry } from './storages-entry.js';
import { plainTree } from './tree.js';

/** What storages.yaml yields: whether it is enabled (undefined: enable missing or wrong), the file read, the drivers it names. */
export interface StoragesRead {
  readonly enabled: boolean | undefined;
  readonly file?: string;
  readonly drivers: string[];
}

/**
 * storages.yaml (`storages: {enable: true}`): top-level keys are mount paths, each a mapping with
 * `driver:` (any server driver) and its settings. `${NAME}` reads the environment, as in config.yaml.
 */
export async function resolveStoragesFile(rules: RuleContext, config: ConfigFile, readListFile: ListFileReader, state: ResolveState): Promise<StoragesRead> {
  if (rules.tree.at(['storages']) === undefined) return { enabled: false, drivers: [] };
  const enabled = sectionEnabled(rules, config, 'storages');
  if (enabled === false) return { enabled, drivers: [] };
  const found = await sideFileText(rules, 'storages', FILE_SECTIONS.storages, enabled, readListFile, state);
  if (!found) return { enabled, drivers: [] };
  const storages = storagesOf(found.shown, found.text, state);
  state.storages.push(...storages);
  if (enabled && storages.length === 0 && state.diagnostics.every((d) => d.file !== found.shown)) warnIfEmpty(found.shown, state);
  return { enabled, file: found.shown, drivers: [...new Set(storages.map((s) => s.driver))] };
}

function storagesOf(file: string, text: string, state: ResolveState): DesiredStorage[] {
  const yamlFile = parseYamlText(text, file);
  state.diagnostics.push(...yamlFile.diagnostics);
  if (yamlFile.doc.errors.length > 0) return [];
  const tree = plainTree(yamlFile, SETTINGS_STRING_KEYS);
  state.diagnostics.push(...tree.diagnostics);
  if (tree.aliasesRefused) return [];
  state.diagnostics.push(...expandEnvironment(tree, state.env, new Set()));
  // A file of comments only has no entries: legal, it mounts nothing.
  if (tree.value === null || tree.value === undefined) return [];
  if (typeof tree.value !== 'object' || Array.isArray(tree.value)) {
    state.diagnostics.push({ file, line: 1, col: 1, message: `${file} must be a mapping: mount path -> {driver: <server driver name>, ...settings}` });
    return [];
  }
  const storages: DesiredStorage[] = [];
  for (const mountKey of Object.keys(tree.value)) {
    const storage = storageEntry(tree, mountKey, state);
    if (storage) storages.push(storage);
  }
  return storages;
}

/** An enabled storages.yaml that names nothing puts every driver in prune's scope with nothing wanted. */
function warnIfEmpty(file: string, state: ResolveState): void {
  state.warnings.push({
    file,
    line: 1,
    col: 1,
    severity: 'warning',
    message: `${file} names no mounts although storages.enable is true: apply --prune would delete every storage this config manages; add its entries back, or set storages.enable: false`,
  });
}
