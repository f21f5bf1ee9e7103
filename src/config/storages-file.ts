import { DRIVER_MODULES } from '../drivers/index.js';
import type { DesiredStorage } from '../model/storage.js';
import type { RuleContext } from './checks.js';
import { expandEnvironment } from './env.js';
import { FILE_SECTIONS } from './file-sections.js';
import { parseYamlText } from './read.js';
import type { ResolveState } from './resolve.js';
import type { ConfigFile } from './schema.js';
import { sectionEnabled, sideFileText, type ListFileReader } from './sections.js';
import { storageEntry } from './storages-entry.js';
import { plainTree } from './tree.js';

/** What storages.yaml yields: whether it is enabled (undefined: enable missing or wrong), the file read, the drivers it names. */
export interface StoragesRead {
  readonly enabled: boolean | undefined;
  readonly file?: string;
  readonly drivers: string[];
}

/**
 * Addition keys that are strings in the drivers alist-batch has modules for: a plain `0123` there is
 * the text "0123" (a share code), as Go's yaml reads it into a string field.
 */
const STRING_ADDITION_KEYS: ReadonlySet<string> = new Set(
  DRIVER_MODULES.flatMap((m) => Object.entries(m.defaults).flatMap(([key, value]) => (typeof value === 'string' ? [key] : []))),
);

/**
 * storages.yaml (`storages: {enable: true}`): top-level keys are mount paths, each a mapping with
 * `driver:` (any server driver) and its settings. `${NAME}` reads the environment, as in config.yaml.
 */
export async function resolveStoragesFile(
  rules: RuleContext,
  config: ConfigFile,
  readListFile: ListFileReader,
  env: NodeJS.ProcessEnv,
  state: ResolveState,
): Promise<StoragesRead> {
  if (rules.tree.at(['storages']) === undefined) return { enabled: false, drivers: [] };
  const enabled = sectionEnabled(rules, config, 'storages');
  if (enabled === false) return { enabled, drivers: [] };
  const found = await sideFileText(rules, 'storages', FILE_SECTIONS.storages, enabled, readListFile, state);
  if (!found) return { enabled, drivers: [] };
  const storages = storagesOf(found.shown, found.text, env, state, rules.secrets);
  state.storages.push(...storages);
  if (enabled && storages.length === 0 && state.diagnostics.every((d) => d.file !== found.shown)) warnIfEmpty(found.shown, state);
  return { enabled, file: found.shown, drivers: [...new Set(storages.map((s) => s.driver))] };
}

function storagesOf(file: string, text: string, env: NodeJS.ProcessEnv, state: ResolveState, secrets: string[]): DesiredStorage[] {
  const yamlFile = parseYamlText(text, file);
  state.diagnostics.push(...yamlFile.diagnostics);
  if (yamlFile.doc.errors.length > 0) return [];
  const tree = plainTree(yamlFile, STRING_ADDITION_KEYS);
  state.diagnostics.push(...tree.diagnostics);
  if (tree.aliasesRefused) return [];
  state.diagnostics.push(...expandEnvironment(tree, env, new Set()));
  // A file of comments only has no entries: legal, it mounts nothing.
  if (tree.value === null || tree.value === undefined) return [];
  if (typeof tree.value !== 'object' || Array.isArray(tree.value)) {
    state.diagnostics.push({ file, line: 1, col: 1, message: `${file} must be a mapping: mount path -> {driver: <server driver name>, ...settings}` });
    return [];
  }
  const storages: DesiredStorage[] = [];
  for (const mountKey of Object.keys(tree.value)) {
    const storage = storageEntry(tree, mountKey, state, secrets);
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
