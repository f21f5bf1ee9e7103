import { ValidationError, type Diagnostic } from '../errors.js';
import type { SetName } from '../model/mark.js';
import { compareMountPaths } from '../model/mount-path.js';
import type { DesiredStorage } from '../model/storage.js';
import { RuleContext } from './checks.js';
import { readDefaults } from './defaults.js';
import { expandEnvironment } from './env.js';
import { overriddenKeys } from './overrides.js';
import { parseYamlText } from './read.js';
import { finishTenantWarnings, newResolveState, type CategoryCount } from './resolve.js';
import { parseConfigFile, STRING_KEYS } from './schema.js';
import { secretTexts } from './secret-texts.js';
import { oneReportPerTypo } from './typos.js';
import { noSectionEnabled, resolveSections, type ListFileReader } from './sections.js';
import { serverSettings, type ServerSettings } from './server-settings.js';
import { setName } from './set-name.js';
import { resolveShares } from './shares.js';
import { driverScope } from './scope.js';
import { resolveStoragesFile } from './storages-file.js';
import { plainTree } from './tree.js';

export interface LoadedConfig {
  /** As the user named it. */
  configPath: string;
  /** After ALIST_* overrides and ${NAME} expansion; url without a trailing '/'. */
  server: ServerSettings;
  /** Sorted by mount_path. */
  storages: DesiredStorage[];
  /** E.g. the tenant-position warning; `formatWarning` renders them. */
  warnings: Diagnostic[];
  /** Every secret value read (password, token, refresh tokens, client secrets), for the redactor. */
  secrets: string[];
  /** Mounts per list-file category, in file order (for summaries). */
  categories: CategoryCount[];
  /** The set this folder's storages belong to (config.yaml's `name:`); null: the unnamed set. */
  set: SetName;
  /** The drivers of the enabled sections (and shares.yaml's, storages.yaml's): prune considers only storages of these. */
  enabledDrivers: string[];
  /** With storages.yaml enabled: every driver is in prune's scope except these (scope.ts). */
  allDriversExcept?: string[];
}

export interface LoadOptions {
  /** `--password-stdin`: the password comes from standard input, so the files need not hold one. */
  passwordFromStdin?: boolean;
  /** Standard input is a terminal: a password the files and ALIST_PASSWORD leave out is asked for there. */
  passwordPrompt?: boolean;
}

/** What validation reads: config.yaml's text, and a way to the list files its enabled sections name. */
export interface ConfigTexts {
  /** config.yaml as the user named it (every diagnostic names it so; list files sit next to it). */
  readonly configPath: string;
  readonly configText: string;
  readonly readListFile: ListFileReader;
}

/**
 * Checks config.yaml and the list files of its enabled sections, and returns the storages they
 * describe. Reads nothing itself (the list files come through `texts.readListFile`). Throws
 * ValidationError with every problem found (warnings appended) when anything is wrong.
 */
export async function validateConfig(texts: ConfigTexts, env: NodeJS.ProcessEnv, options: LoadOptions = {}): Promise<LoadedConfig> {
  const { configPath, configText } = texts;
  const configFile = parseYamlText(configText, configPath);
  // Every secret text the files hold goes with the error, for the redactor (see secret-texts.ts).
  const invalid = (diagnostics: Diagnostic[], resolvedSecrets: readonly string[] = []): ValidationError =>
    new ValidationError(diagnostics, [...secretTexts(configText, env), ...resolvedSecrets]);
  if (configFile.doc.errors.length > 0) throw invalid(configFile.diagnostics);

  const tree = plainTree(configFile, STRING_KEYS);
  // An alias bomb or loop: what the document means is unknown, so nothing else is checked or read.
  if (tree.aliasesRefused) throw invalid(sortByPosition([...configFile.diagnostics, ...tree.diagnostics]));
  const overridden = overriddenKeys(env, options.passwordFromStdin ?? false);
  const diagnostics: Diagnostic[] = [...configFile.diagnostics, ...tree.diagnostics, ...expandEnvironment(tree, env, overridden)];
  const parsed = parseConfigFile(tree);
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.config) throw invalid(oneReportPerTypo(sortByPosition(diagnostics)));

  const rules = new RuleContext(tree, overridden, parsed.problemPaths);
  const server = serverSettings(rules, parsed.config, env, options.passwordPrompt === true);
  const state = newResolveState({ env, defaults: readDefaults(rules) });
  const set = setName(rules, parsed.config);
  const { listFiles, enabledDrivers: sectionDrivers } = await resolveSections(rules, parsed.config, texts.readListFile, state);
  const shares = await resolveShares(rules, parsed.config, texts.readListFile, state);
  const storagesFile = await resolveStoragesFile(rules, parsed.config, texts.readListFile, state);
  listFiles.push(...[shares.file, storagesFile.file].filter((file) => file !== undefined));
  const scope = driverScope(parsed.config, sectionDrivers, shares, storagesFile);
  finishTenantWarnings(state, configPath);
  state.warnings.push(...rules.warnings);
  // Only for files that are otherwise fine: a missing or misspelt enable is reported as such.
  const allDisabled = scope.allDriversExcept ? undefined : noSectionEnabled(rules, { listFiles, enabledDrivers: scope.enabledDrivers }, configPath);
  if (allDisabled && diagnostics.length + rules.diagnostics.length + state.diagnostics.length === 0) state.warnings.unshift(allDisabled);

  const all = [...oneReportPerTypo(sortByPosition([...diagnostics, ...rules.diagnostics])), ...sortListDiagnostics(state.diagnostics, listFiles)];
  const secrets = [...rules.secrets, ...state.secrets];
  if (all.length > 0) throw invalid([...all, ...state.warnings], secrets);
  state.storages.sort((a, b) => compareMountPaths(a.mount_path, b.mount_path));
  return {
    configPath,
    server,
    storages: state.storages,
    warnings: state.warnings,
    secrets,
    categories: state.categories,
    set,
    ...scope,
  };
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.line - b.line || a.col - b.col);
}

/** Each list file's problems together, in line order; the files in the order they were read. */
function sortListDiagnostics(diagnostics: Diagnostic[], files: string[]): Diagnostic[] {
  const rank = new Map(files.map((f, i) => [f, i]));
  return [...diagnostics].sort((a, b) => (rank.get(a.file) ?? -1) - (rank.get(b.file) ?? -1) || a.line - b.line || a.col - b.col);
}
