/**
 * The settings of a list entry written as a mapping (`{link: ..., order: 5, addition: {...}}`):
 * `${NAME}` expanded, read against the entry's driver, and the addition keys its link (or account)
 * already sets refused — two places saying one thing would disagree sooner or later.
 */
import type { DriverModule } from '../drivers/types.js';
import { quote } from '../model/display.js';
import { expandWithin } from './env.js';
import type { ListEntry, ListFileContent } from './list-file.js';
import type { Diagnostic } from '../errors.js';
import { emptySettings, readSettings, type ParsedSettings } from './storage-settings.js';

/** Where the entry's problems and secrets go (the resolve state). */
export interface EntrySink {
  readonly env: NodeJS.ProcessEnv;
  readonly diagnostics: Diagnostic[];
  readonly secrets: string[];
}

export function entrySettings(
  module: DriverModule,
  entry: ListEntry,
  content: ListFileContent,
  state: EntrySink,
  fromValue: readonly string[],
): ParsedSettings {
  const path = entry.settingsPath;
  const tree = content.tree;
  if (path === undefined || tree === undefined) return emptySettings();
  const valueKey = module.entryValueKey ?? 'link';
  // The value itself is expanded with the entry (resolve.ts), once.
  state.diagnostics.push(...expandWithin(tree, path, state.env, (at) => at.length === path.length + 1 && at[path.length] === valueKey));
  const read = readSettings(tree, path, { label: quote(entry.name), driver: module.name, ownKeys: [valueKey] });
  state.diagnostics.push(...read.diagnostics);
  state.secrets.push(...read.secrets);
  const settings = read.settings;
  for (const key of fromValue) {
    const where = settings.at.addition[key];
    if (where === undefined) continue;
    state.diagnostics.push({ ...where, message: `addition.${key} of ${quote(entry.name)} comes from its ${valueKey}: change the ${valueKey} instead` });
    delete settings.addition[key];
    delete settings.at.addition[key];
  }
  return settings;
}
