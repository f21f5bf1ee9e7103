import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AlistBatchError, formatDiagnostic, ValidationError, type Diagnostic, type SourceLocation } from '../errors.js';
import { aliyundriveShare, onedriveApp, pikpakShare } from '../drivers/index.js';
import type { DriverModule } from '../drivers/types.js';
import type { Addition } from '../model/storage.js';
import type { DesiredStorage } from '../model/storage.js';
import { expandEnvironment } from './env.js';
import { isTemplatePlaceholder } from './placeholders.js';
import { parseListFile, type ListFileContent } from './list-file.js';
import { compareMountPaths } from '../model/mount-path.js';
import { FileNotFound, parseYamlText, readText } from './read.js';
import { finishTenantWarnings, newResolveState, resolveListFile, type CategoryCount, type ResolveState, type Tenant, type TenantTable } from './resolve.js';
import { parseConfigFile, STRING_KEYS, type ConfigFile, type TenantEntry } from './schema.js';
import { secretTexts, withoutUserInfo } from './secret-texts.js';
import { dottedPath, plainTree, type PathSegment, type PlainTree } from './tree.js';

export interface ServerSettings {
  url: string;
  username?: string;
  password?: string;
  token?: string;
}

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
}

export interface LoadOptions {
  /** `--password-stdin`: the password comes from standard input, so the files need not hold one. */
  passwordFromStdin?: boolean;
}

/** The environment variables that override config.yaml, and the key each one replaces. */
export const SERVER_ENV_OVERRIDES = {
  ALIST_URL: 'url',
  ALIST_USERNAME: 'auth.username',
  ALIST_PASSWORD: 'auth.password',
  ALIST_TOKEN: 'token',
} as const;

interface Section {
  readonly module: DriverModule;
  /** The section's key in config.yaml -> its list file: v0.11 name first, then v0.21. */
  readonly files: Readonly<Record<string, string>>;
}

const SECTIONS: readonly Section[] = [
  { module: aliyundriveShare, files: { aliyun: 'ali_share.yaml', aliyun_share: 'aliyun_share.yaml' } },
  { module: pikpakShare, files: { pikpak: 'pik_share.yaml', pikpak_share: 'pikpak_share.yaml' } },
  { module: onedriveApp, files: { onedrive_app: 'onedrive_app.yaml' } },
];

/** `file:line:col: warning: message`, the one way warnings are shown (alone, or after the problems). */
export function formatWarning(d: Diagnostic): string {
  return formatDiagnostic({ ...d, severity: 'warning' });
}

/**
 * Reads config.yaml and the list files of its enabled sections, checks everything, and returns
 * the storages the files describe. Makes no network request. Throws ValidationError with every
 * problem found (warnings appended) when anything is wrong. `path` may name config.yaml's folder.
 */
export async function loadConfig(path: string, env: NodeJS.ProcessEnv, options: LoadOptions = {}): Promise<LoadedConfig> {
  const configPath = await configFileAt(path);
  const configText = await readConfigText(configPath);
  const configFile = parseYamlText(configText, configPath);
  // Every secret text the files hold goes with the error, for the redactor (see secret-texts.ts).
  const invalid = (diagnostics: Diagnostic[], resolvedSecrets: readonly string[] = []): ValidationError =>
    new ValidationError(diagnostics, [...secretTexts(configText, env), ...resolvedSecrets]);
  if (configFile.doc.errors.length > 0) throw invalid(configFile.diagnostics);

  const tree = plainTree(configFile, STRING_KEYS);
  const overridden = overriddenKeys(env, options.passwordFromStdin ?? false);
  const diagnostics: Diagnostic[] = [...configFile.diagnostics, ...tree.diagnostics, ...expandEnvironment(tree, env, overridden)];
  const parsed = parseConfigFile(tree);
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.config) throw invalid(sortByPosition(diagnostics));
  const config = parsed.config;

  const checks = new ConfigChecks(tree, env, overridden, parsed.problemPaths);
  const server = checks.server(config);
  const state = newResolveState();
  const listFiles: string[] = [];
  for (const section of SECTIONS) {
    const key = checks.sectionKey(section);
    const enabled = key === undefined ? false : checks.sectionEnabled(config, key);
    if (key === undefined || enabled === false) continue;
    const content = await readListFile(configPath, key, section, enabled, checks, state);
    if (!content) continue;
    listFiles.push(content.file);
    resolveListFile(content, { module: section.module, ...checks.sectionSettings(config, key) }, state);
  }
  finishTenantWarnings(state, configPath);

  const all = [...sortByPosition([...diagnostics, ...checks.diagnostics]), ...sortListDiagnostics(state.diagnostics, listFiles)];
  if (all.length > 0) throw invalid([...all, ...state.warnings], checks.secrets);
  state.storages.sort((a, b) => compareMountPaths(a.mount_path, b.mount_path));
  return { configPath, server, storages: state.storages, warnings: state.warnings, secrets: checks.secrets, categories: state.categories };
}

/** `-c some-folder` means the config.yaml in it, shown as the folder joined with config.yaml. */
async function configFileAt(path: string): Promise<string> {
  const isFolder = await stat(path).then(
    (found) => found.isDirectory(),
    () => false,
  );
  return isFolder ? join(path, 'config.yaml') : path;
}

/** The dotted keys whose file values are not used: an ALIST_* variable, or --password-stdin, replaces them. */
function overriddenKeys(env: NodeJS.ProcessEnv, passwordFromStdin: boolean): ReadonlySet<string> {
  const keys = new Set<string>(
    Object.entries(SERVER_ENV_OVERRIDES)
      .filter(([name]) => envValue(env, name) !== undefined)
      .map(([, key]) => key),
  );
  if (passwordFromStdin) keys.add(SERVER_ENV_OVERRIDES.ALIST_PASSWORD);
  return keys;
}

async function readConfigText(configPath: string): Promise<string> {
  try {
    return await readText(configPath, configPath);
  } catch (error) {
    if (error instanceof FileNotFound) {
      throw new AlistBatchError(`${configPath}: no such file`, { hint: 'create one with `alist-batch init`, or name another with -c <path>' });
    }
    throw error;
  }
}

/**
 * List files sit next to config.yaml and are shown as the config's directory joined with their name.
 * `enabled` undefined: the section's enable is missing or wrong (reported); its list file is still
 * checked when there is one, so that fixing config.yaml brings no new problems to light.
 */
async function readListFile(configPath: string, key: string, section: Section, enabled: true | undefined, checks: ConfigChecks, state: ResolveState): Promise<ListFileContent | undefined> {
  const name = section.files[key] ?? '';
  const shown = join(dirname(configPath), name);
  try {
    return parseListFile(await readText(shown, shown), shown, section.module.valueDescription);
  } catch (error) {
    if (!(error instanceof FileNotFound)) throw error;
    if (enabled === undefined) return undefined;
    const where = checks.tree.at([key])?.key ?? { file: configPath, line: 1, col: 1 };
    state.diagnostics.push({ ...where, message: `${key}.enable is true but its list file ${shown} does not exist (create it next to config.yaml — \`alist-batch init <new folder>\` writes an example — or set enable: false)` });
    return undefined;
  }
}

function sectionOf(config: ConfigFile, key: string): { enable?: boolean } | undefined {
  return (config as Record<string, { enable?: boolean } | undefined>)[key];
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.line - b.line || a.col - b.col);
}

/** Each list file's problems together, in line order; the files in the order they were read. */
function sortListDiagnostics(diagnostics: Diagnostic[], files: string[]): Diagnostic[] {
  const rank = new Map(files.map((f, i) => [f, i]));
  return [...diagnostics].sort((a, b) => (rank.get(a.file) ?? -1) - (rank.get(b.file) ?? -1) || a.line - b.line || a.col - b.col);
}

/**
 * The checks on config.yaml that need more than its shape: required keys of what is used, empty
 * values, template placeholders, the server settings with ALIST_* overrides, tenants.
 */
class ConfigChecks {
  readonly diagnostics: Diagnostic[] = [];
  readonly secrets: string[] = [];

  constructor(
    readonly tree: PlainTree,
    private readonly env: NodeJS.ProcessEnv,
    /** Dotted keys an ALIST_* variable or --password-stdin replaces (their file values are not used). */
    private readonly overridden: ReadonlySet<string>,
    /** Where config.yaml's shape is wrong (schema.ts); those values are not in the parsed config. */
    private readonly problemPaths: readonly PathSegment[][],
  ) {}

  server(config: ConfigFile): ServerSettings {
    const token = this.overrideOr('ALIST_TOKEN', () => (config.token === undefined || config.token === '' ? undefined : this.usedString(['token'], config.token)));
    const url = this.overrideOr('ALIST_URL', () => (config.url === undefined ? undefined : this.usedString(['url'], config.url)));
    if (url === undefined && this.tree.at(['url']) === undefined) {
      this.report({ file: this.tree.file, line: 1, col: 1 }, 'missing required key "url" (the server\'s address; or set ALIST_URL)');
    }
    if (url !== undefined) this.checkUrl(url);

    // The file has an auth: key, even when its value was wrong (already reported).
    const authGiven = this.tree.at(['auth']) !== undefined;
    const needAuth = token === undefined;
    const credential = (envName: 'ALIST_USERNAME' | 'ALIST_PASSWORD', key: 'username' | 'password', hint: string): string | undefined =>
      this.overrideOr(envName, () => {
        const value = config.auth?.[key];
        if (value === undefined) {
          if (authGiven) this.missing(['auth', key], hint);
          return undefined;
        }
        return this.usedString(['auth', key], value);
      });
    const username = credential('ALIST_USERNAME', 'username', 'or set ALIST_USERNAME');
    const password = credential('ALIST_PASSWORD', 'password', 'or set ALIST_PASSWORD, or pipe it to plan/apply --password-stdin');
    const passwordFromStdin = this.overridden.has(SERVER_ENV_OVERRIDES.ALIST_PASSWORD);
    if (needAuth && !authGiven && (username === undefined || (password === undefined && !passwordFromStdin))) {
      this.report({ file: this.tree.file, line: 1, col: 1 }, 'missing required key "auth" (username and password; or a token, or ALIST_USERNAME and ALIST_PASSWORD, or ALIST_TOKEN)');
    }
    for (const secret of [password, token]) if (secret) this.secrets.push(secret);
    return { url: (url ?? '').replace(/\/+$/, ''), username, password, token };
  }

  /** Which spelling of a section the file uses (both at once is an error). */
  sectionKey(section: Section): string | undefined {
    const present = Object.keys(section.files).filter((key) => this.tree.at([key]) !== undefined);
    if (present.length > 1) {
      const [first, second] = present;
      this.report(this.tree.at([second ?? ''])?.key, `both "${first}" (alist_batch naming) and "${second}" (openlist_batch naming) are given; keep one`);
    }
    return present[0];
  }

  /** The section's enable; undefined when it is missing (reported here) or not a bool (reported by schema.ts). */
  sectionEnabled(config: ConfigFile, key: string): true | false | undefined {
    const enable = sectionOf(config, key)?.enable;
    if (enable === undefined) this.missing([key, 'enable']);
    return enable;
  }

  /** The addition keys a section states for all of its entries; only stated ones are managed. */
  sectionSettings(config: ConfigFile, key: string): { sectionAddition: Addition; tenants?: TenantTable } {
    if (key === 'aliyun' || key === 'aliyun_share') {
      const section = config[key];
      const refreshToken = section?.refresh_token === undefined ? this.missing([key, 'refresh_token']) : this.usedString([key, 'refresh_token'], section.refresh_token);
      if (refreshToken) this.secrets.push(refreshToken);
      return { sectionAddition: refreshToken === undefined ? {} : { refresh_token: refreshToken } };
    }
    if (key === 'pikpak' || key === 'pikpak_share') {
      const section = config[key];
      const addition: Addition = {};
      if (section?.platform !== undefined) addition.platform = section.platform;
      if (section?.use_transcoding_address !== undefined) addition.use_transcoding_address = section.use_transcoding_address;
      return { sectionAddition: addition };
    }
    const section = config.onedrive_app;
    const addition: Addition = {};
    if (section?.region === undefined) this.missing(['onedrive_app', 'region'], 'global, cn, us or de');
    else addition.region = section.region;
    return { sectionAddition: addition, tenants: this.tenants(section?.tenants) };
  }

  /**
   * The tenant table. A tenant whose entry has a problem in its shape is left out (references to it
   * are reported), so that the other tenants still resolve their references.
   */
  private tenants(entries: TenantEntry[] | undefined): TenantTable {
    const listPath: PathSegment[] = ['onedrive_app', 'tenants'];
    const byId = new Map<number, Tenant>();
    const broken = new Map<number, SourceLocation>();
    const firstAt = new Map<number, SourceLocation>();
    const byPosition: Tenant[] = [];
    let complete = !this.tree.isReported(listPath);
    if (entries === undefined) this.missing(listPath);
    else if (entries.length === 0) this.report(this.tree.at(listPath)?.key, 'onedrive_app.tenants is empty (list at least one tenant)');
    (entries ?? []).forEach((entry, index) => {
      const path = [...listPath, index];
      const addition: Addition = {};
      for (const key of ['client_id', 'client_secret', 'tenant_id'] as const) {
        const given = entry[key];
        const value = given === undefined ? this.missing([...path, key]) : this.usedString([...path, key], given);
        if (value !== undefined) addition[key] = value;
      }
      if (addition.client_secret) this.secrets.push(String(addition.client_secret));
      // A tenant without `id:` takes its 1-based position.
      const id = entry.id ?? index + 1;
      const location = (entry.id === undefined ? this.tree.at(path)?.value : this.tree.at([...path, 'id'])?.value) ?? { file: this.tree.file, line: 1, col: 1 };
      const tenant: Tenant = { id, addition, location };
      byPosition.push(tenant);
      if (this.tree.isReported([...path, 'id'])) {
        // Its id is unreadable: an unknown id in a reference may be this tenant's.
        complete = false;
        return;
      }
      const first = firstAt.get(id);
      if (first) {
        this.report(location, `duplicate tenant id ${id} (first at line ${first.line})`);
        return;
      }
      firstAt.set(id, location);
      if (this.hasProblemWithin(path)) broken.set(id, location);
      else byId.set(id, tenant);
    });
    return { byId, byPosition, broken, complete };
  }

  /** Whether schema.ts found a problem at this path or below it. */
  private hasProblemWithin(path: readonly PathSegment[]): boolean {
    return this.problemPaths.some((problem) => path.every((segment, i) => problem[i] === segment));
  }

  private checkUrl(url: string): void {
    const problem = urlProblem(url);
    if (problem === undefined) return;
    if (envValue(this.env, 'ALIST_URL') !== undefined) {
      // Not from the file: a diagnostic needs a place, so it is config.yaml's start, and the message says where it really comes from.
      this.report(undefined, `ALIST_URL (environment): ${problem}`);
    } else {
      this.report(this.tree.at(['url'])?.value, `url ${problem.replace(/^not /, 'is not ')}`);
    }
  }

  /**
   * A string that will be sent or used: not empty, not a template placeholder. Messages never
   * echo the value itself unless it is a known placeholder (it may be a secret).
   */
  private usedString(path: PathSegment[], value: string | null): string | undefined {
    if (this.tree.isReported(path)) return undefined;
    const where = this.tree.at(path);
    const name = dottedPath(path);
    if (value === null || value.trim() === '') {
      const hint = name === 'token' ? ' (write token: "" or remove the line when no token is used)' : '';
      this.report(where?.key, `empty value for ${name}${hint}`);
      return undefined;
    }
    if (isTemplatePlaceholder(value)) {
      const envName = Object.entries(SERVER_ENV_OVERRIDES).find(([, key]) => key === name)?.[0];
      // A password user keeps the template's token line: tell them what it must say instead.
      const fillIn = name === 'token' ? 'fill it in, or write token: "" to sign in with auth' : 'fill it in';
      this.report(where?.value, `${name} is still the template placeholder "${value}": ${fillIn}${envName ? ` (or set ${envName})` : ''}`);
      return undefined;
    }
    return value;
  }

  /** The environment's value; else nothing when --password-stdin replaces the key; else the file's. */
  private overrideOr(name: keyof typeof SERVER_ENV_OVERRIDES, fromFile: () => string | undefined): string | undefined {
    const fromEnv = envValue(this.env, name);
    if (fromEnv !== undefined || this.overridden.has(SERVER_ENV_OVERRIDES[name])) return fromEnv;
    return fromFile();
  }

  /** A missing required key is reported where its parent section starts (unless its section is already reported). */
  private missing(path: PathSegment[], hint?: string): undefined {
    if (this.tree.isReported(path)) return undefined;
    const parent = this.tree.at(path.slice(0, -1))?.key;
    const last = path[path.length - 1];
    this.report(parent, `missing required key "${String(last)}" in ${dottedPath(path.slice(0, -1))}${hint ? ` (${hint})` : ''}`);
    return undefined;
  }

  private report(where: SourceLocation | undefined, message: string): void {
    this.diagnostics.push({ ...(where ?? { file: this.tree.file, line: 1, col: 1 }), message });
  }
}

/** An empty variable counts as unset (`ALIST_TOKEN= alist-batch ...`). */
function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}


/**
 * What is wrong with the server URL, without its user-info, or undefined. The client refuses a
 * user name or password in it (it would be sent in the clear, and logged): say so here already.
 */
function urlProblem(url: string): string | undefined {
  const shown = withoutUserInfo(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `not an http:// or https:// URL: "${shown}"`;
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') return `not an http:// or https:// URL: "${shown}"`;
  if (parsed.username !== '' || parsed.password !== '') {
    return `must not contain a user name or password: "${shown}" (put them in auth.username and auth.password, or ALIST_USERNAME and ALIST_PASSWORD)`;
  }
  return undefined;
}
