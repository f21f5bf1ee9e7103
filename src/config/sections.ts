import { dirname, join } from 'node:path';
import { DRIVER_MODULES, type DriverModule } from '../drivers/index.js';
import type { SectionReader } from '../drivers/section.js';
import type { RuleContext } from './checks.js';
import { parseListFile, type ListFileContent } from './list-file.js';
import { resolveListFile, type ResolveState } from './resolve.js';
import type { ConfigFile } from './schema.js';
import { readTenants } from './tenants.js';

/** A list file's text, or undefined when the file does not exist (the caller does the reading). */
export type ListFileReader = (path: string) => Promise<string | undefined>;

/**
 * The rule for the drivers' sections, in the order the driver modules are registered: which name
 * the file uses, enable, the list file of an enabled section, and the section's settings for every
 * entry of it. Returns the list files read, in order.
 */
export async function resolveSections(rules: RuleContext, config: ConfigFile, readListFile: ListFileReader, state: ResolveState): Promise<string[]> {
  const listFiles: string[] = [];
  for (const module of DRIVER_MODULES) {
    const key = sectionKey(rules, module);
    const enabled = key === undefined ? false : sectionEnabled(rules, config, key);
    if (key === undefined || enabled === false) continue;
    const content = await listFileOf(rules, module, key, enabled, readListFile, state);
    if (!content) continue;
    listFiles.push(content.file);
    resolveListFile(content, { module, ...module.section.settings(config[key], sectionReader(rules, module, key)) }, state);
  }
  return listFiles;
}

/** Which spelling of a section the file uses (both at once is an error). */
function sectionKey(rules: RuleContext, module: DriverModule): string | undefined {
  const present = Object.keys(module.section.files).filter((key) => rules.tree.at([key]) !== undefined);
  if (present.length > 1) {
    const [first, second] = present;
    rules.report(rules.tree.at([second ?? ''])?.key, `both "${first}" (alist_batch naming) and "${second}" (openlist_batch naming) are given; keep one`);
  }
  return present[0];
}

/** The section's enable; undefined when it is missing (reported here) or not a bool (reported by schema.ts). */
function sectionEnabled(rules: RuleContext, config: ConfigFile, key: string): true | false | undefined {
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
  module: DriverModule,
  key: string,
  enabled: true | undefined,
  readListFile: ListFileReader,
  state: ResolveState,
): Promise<ListFileContent | undefined> {
  const shown = join(dirname(rules.tree.file), module.section.files[key] ?? '');
  const text = await readListFile(shown);
  if (text !== undefined) return parseListFile(text, shown, module.valueDescription);
  if (enabled === undefined) return undefined;
  const where = rules.tree.at([key])?.key ?? { file: rules.tree.file, line: 1, col: 1 };
  state.diagnostics.push({
    ...where,
    message: `${key}.enable is true but its list file ${shown} does not exist (create it next to config.yaml — \`alist-batch init <new folder>\` writes an example — or set enable: false)`,
  });
  return undefined;
}

/** config.yaml's checks, as a driver's section asks for them: keys relative to the section, its secrets kept. */
function sectionReader(rules: RuleContext, module: DriverModule, key: string): SectionReader {
  const secretKeys: ReadonlySet<string> = new Set(module.section.secretKeys);
  return {
    requiredText(name, value) {
      const text = rules.requiredString([key, name], value);
      if (text !== undefined && secretKeys.has(name)) rules.secrets.push(text);
      return text;
    },
    missing: (name, hint) => rules.missing([key, name], hint),
    tenants: (name, entries, credentialKeys) => readTenants(rules, [key, name], entries, credentialKeys, secretKeys),
  };
}
