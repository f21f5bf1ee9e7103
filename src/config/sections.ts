import { dirname, join } from 'node:path';
import { SECTION_MODULES, type SectionModule } from '../drivers/index.js';
import type { SectionReader } from '../drivers/section.js';
import type { Diagnostic, SourceLocation } from '../errors.js';
import { defaultsFor } from './defaults.js';
import type { RuleContext } from './checks.js';
import { parseListFile, type ListFileContent } from './list-file.js';
import { resolveListFile, type ResolveState } from './resolve.js';
import type { ConfigFile } from './schema.js';
import { readTenants } from './tenants.js';

/** A list file's text, or undefined when the file does not exist (the caller does the reading). */
export type ListFileReader = (path: string) => Promise<string | undefined>;

/** What the sections of config.yaml yield besides the storages: the list files read, and which drivers are in scope. */
export interface SectionsRead {
  /** The list files read, in order. */
  listFiles: string[];
  /**
   * The drivers of the enabled sections: what this config manages. A disabled (or absent) section
   * is out of scope, not emptied: prune leaves its storages alone.
   */
  enabledDrivers: string[];
}

/**
 * The rule for the drivers' sections, in the order the driver modules are registered: which name
 * the file uses, enable, the list file of an enabled section, and the section's settings for every
 * entry of it.
 */
export async function resolveSections(rules: RuleContext, config: ConfigFile, readListFile: ListFileReader, state: ResolveState): Promise<SectionsRead> {
  const read: SectionsRead = { listFiles: [], enabledDrivers: [] };
  for (const module of SECTION_MODULES) {
    const key = sectionKey(rules, module);
    const enabled = key === undefined ? false : sectionEnabled(rules, config, key);
    if (key === undefined || enabled === false) continue;
    if (enabled) read.enabledDrivers.push(module.name);
    const content = await listFileOf(rules, module, key, enabled, readListFile, state);
    if (!content) continue;
    read.listFiles.push(content.file);
    if (enabled) warnIfEmpty(content, key, `${module.name} storage`, state);
    const settings = module.section.settings(config[key], sectionReader(rules, module, key, state));
    const sectionAt = Object.fromEntries(Object.keys(settings.sectionAddition).flatMap((name) => at(rules, [key, name])));
    resolveListFile(content, { module, ...settings, sectionAt, defaults: defaultsFor(state.defaults, module.name) }, state);
  }
  return read;
}

/**
 * An enabled section whose list file names nothing is in scope all the same (deleting entries is how
 * storages are removed), so apply --prune would delete all of its storages. More likely a mistake
 * (a file emptied by accident, the wrong folder) than the intent: say so.
 */
export function warnIfEmpty(content: ListFileContent, key: string, storages: string, state: ResolveState): void {
  if (content.diagnostics.length > 0 || content.categories.some((c) => c.entries.length > 0)) return;
  state.warnings.push({
    file: content.file,
    line: 1,
    col: 1,
    severity: 'warning',
    message:
      `${content.file} names no mounts although ${key}.enable is true: apply --prune would delete every ${storages} this config manages; ` +
      `add its entries back, or set ${key}.enable: false to leave those storages alone`,
  });
}

/** Which spelling of a section the file uses (both at once is an error). */
function sectionKey(rules: RuleContext, module: SectionModule): string | undefined {
  const present = Object.keys(module.section.files).filter((key) => rules.tree.at([key]) !== undefined);
  if (present.length > 1) {
    const [first, second] = present;
    rules.report(rules.tree.at([second ?? ''])?.key, `both "${first}" (alist_batch naming) and "${second}" (openlist_batch naming) are given; keep one`);
  }
  return present[0];
}

/** The section's enable; undefined when it is missing (reported here) or not a bool (reported by schema.ts). */
export function sectionEnabled(rules: RuleContext, config: ConfigFile, key: string): true | false | undefined {
  const section = config[key];
  const enable = section !== null && typeof section === 'object' && 'enable' in section ? section.enable : undefined;
  if (enable === undefined) rules.missing([key, 'enable']);
  return typeof enable === 'boolean' ? enable : undefined;
}

/**
 * List files sit next to config.yaml and are shown as the config's directory joined with their name.
 * `enabled` undefined: the section's enable is missing or wrong (reported); its list file is still
 * checked when there is one, so that fixing config.yaml brings no new problems to light.
 */
async function listFileOf(
  rules: RuleContext,
  module: SectionModule,
  key: string,
  enabled: true | undefined,
  readListFile: ListFileReader,
  state: ResolveState,
): Promise<ListFileContent | undefined> {
  const found = await sideFileText(rules, key, module.section.files[key] ?? '', enabled, readListFile, state);
  return found && parseListFile(found.text, found.shown, module.valueDescription, module.entryValueKey);
}

/**
 * The text of a file a section of config.yaml names (a list file, shares.yaml, storages.yaml), shown
 * as config.yaml's folder joined with its name. A missing file of an enabled section is reported.
 */
export async function sideFileText(
  rules: RuleContext,
  key: string,
  name: string,
  enabled: true | undefined,
  readListFile: ListFileReader,
  state: ResolveState,
): Promise<{ shown: string; text: string } | undefined> {
  const shown = join(dirname(rules.tree.file), name);
  const text = await readListFile(shown);
  if (text !== undefined) return { shown, text };
  if (enabled === undefined) return undefined;
  const where = rules.tree.at([key])?.key ?? { file: rules.tree.file, line: 1, col: 1 };
  state.diagnostics.push({
    ...where,
    message: `${key}.enable is true but its list file ${shown} does not exist (create it next to config.yaml — \`alist-batch init <new folder>\` writes an example — or set enable: false)`,
  });
  return undefined;
}

/** Where a key of config.yaml's value is, as an entry for a location table. */
function at(rules: RuleContext, path: string[]): [string, SourceLocation][] {
  const where = rules.tree.at(path)?.value;
  return where === undefined ? [] : [[path[path.length - 1] ?? '', where]];
}

/** config.yaml's checks, as a driver's section asks for them: keys relative to the section, its secrets kept. */
function sectionReader(rules: RuleContext, module: SectionModule, key: string, state: ResolveState): SectionReader {
  const secretKeys: ReadonlySet<string> = new Set(module.section.secretKeys);
  // A key `defaults.<driver>.addition` states need not be in the section (the driver's defaults give it to every storage).
  const inDefaults = (name: string): boolean => Object.hasOwn(state.defaults.byDriver.get(module.name)?.addition ?? {}, name);
  return {
    requiredText(name, value) {
      if (value === undefined && inDefaults(name)) return undefined;
      const text = rules.requiredString([key, name], value);
      if (text !== undefined && secretKeys.has(name)) rules.secrets.push(text);
      return text;
    },
    missing: (name, hint) => (inDefaults(name) ? undefined : rules.missing([key, name], hint)),
    tenants: (name, entries, credentialKeys) => readTenants(rules, [key, name], entries, credentialKeys, secretKeys),
  };
}

/**
 * With every section disabled (or absent) the files name nothing and nothing is in prune's scope:
 * every plan says "No changes" and the user is left wondering why. Say it, at the first enable.
 */
export function noSectionEnabled(rules: RuleContext, read: SectionsRead, configPath: string): Diagnostic | undefined {
  if (read.enabledDrivers.length > 0) return undefined;
  const keys = SECTION_MODULES.map((module) => {
    const spellings = Object.keys(module.section.files);
    return spellings.find((key) => rules.tree.at([key]) !== undefined) ?? spellings[0] ?? module.name;
  });
  const at = keys.map((key) => rules.tree.at([key, 'enable'])?.value ?? rules.tree.at([key])?.key).find((where) => where !== undefined);
  return {
    ...(at ?? { file: configPath, line: 1, col: 1 }),
    severity: 'warning',
    message: `every section is disabled; enable one in config.yaml (${keys.map((key) => `${key}.enable: true`).join(', ')}) to manage its storages`,
  };
}
