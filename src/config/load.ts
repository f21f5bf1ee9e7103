import { dirname, join } from 'node:path';
import { AlistBatchError, formatDiagnostic, ValidationError, type Diagnostic, type SourceLocation } from '../errors.js';
import { aliyundriveShare, onedriveApp, pikpakShare } from '../drivers/index.js';
import type { Addition, DriverModule } from '../drivers/types.js';
import type { DesiredStorage } from './desired.js';
import { expandEnvironment } from './env.js';
import { isTemplatePlaceholder } from './placeholders.js';
import { parseListFile, type ListFileContent } from './list-file.js';
import { compareMountPaths } from './mount-path.js';
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
  return formatDiagnostic(asWarning(d));
}

function asWarning(d: Diagnostic): Diagnostic {
  return { ...d, message: `warning: ${d.message}` };
}

/**
 * Reads config.yaml and the list files of its enabled sections, checks everything, and returns
 * the storages the files describe. Makes no network request. Throws ValidationError with every
 * problem found (warnings appended) when anything is wrong.
 */
export async function loadConfig(configPath: string, env: NodeJS.ProcessEnv, options: LoadOptions = {}): Promise<LoadedConfig> {
  const configText = await readConfigText(configPath);
  const configFile = parseYamlText(configText, configPath);
  // Every secret text the files hold goes with the error, for the redactor (see secret-texts.ts).
  const invalid = (diagnostics: Diagnostic[], resolvedSecrets: readonly string[] = []): ValidationError =>
    new ValidationError(diagnostics, [...secretTexts(configText, env), ...resolvedSecrets]);
  if (configFile.doc.errors.length > 0) throw invalid(configFile.diagnostics);

  const checks = new ConfigChecks(plainTree(configFile, STRING_KEYS), env);
  const diagnostics: Diagnostic[] = [...configFile.diagnostics, ...checks.tree.diagnostics, ...expandEnvironment(checks.tree, env, checks.overridden)];
  const parsed = parseConfigFile(checks.tree);
  if (!parsed.config) throw invalid(sortByPosition([...diagnostics, ...parsed.diagnostics]));
  const config = parsed.config;
  diagnostics.push(...parsed.diagnostics);

  const server = checks.server(config, options.passwordFromStdin ?? false);
  const state = newResolveState();
  const listFiles: string[] = [];
  for (const section of SECTIONS) {
    const key = checks.sectionKey(config, section);
    if (key === undefined || !sectionOf(config, key)?.enable) continue;
    const context = { module: section.module, ...checks.sectionSettings(config, key) };
    const content = await readListFile(configPath, key, section, checks, state);
    if (!content) continue;
    listFiles.push(content.file);
    resolveListFile(content, context, state);
  }
  finishTenantWarnings(state, configPath);

  const all = [...sortByPosition([...diagnostics, ...checks.diagnostics]), ...sortListDiagnostics(state.diagnostics, listFiles)];
  if (all.length > 0) throw invalid([...all, ...state.warnings.map(asWarning)], checks.secrets);
  state.storages.sort((a, b) => compareMountPaths(a.mount_path, b.mount_path));
  return { configPath, server, storages: state.storages, warnings: state.warnings, secrets: checks.secrets, categories: state.categories };
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

/** List files sit next to config.yaml and are shown as the config's directory joined with their name. */
async function readListFile(configPath: string, key: string, section: Section, checks: ConfigChecks, state: ResolveState): Promise<ListFileContent | undefined> {
  const name = section.files[key] ?? '';
  const shown = join(dirname(configPath), name);
  try {
    return parseListFile(await readText(shown, shown), shown, section.module.valueDescription);
  } catch (error) {
    if (!(error instanceof FileNotFound)) throw error;
    const where = checks.tree.at([key])?.key ?? { file: configPath, line: 1, col: 1 };
    state.diagnostics.push({ ...where, message: `${key}.enable is true but its list file ${shown} does not exist (create it with \`alist-batch init\`, or set enable: false)` });
    return undefined;
  }
}

function sectionOf(config: ConfigFile, key: string): { enable: boolean } | undefined {
  return (config as Record<string, { enable: boolean } | undefined>)[key];
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
  /** Dotted keys an ALIST_* variable replaces (their file values are not used). */
  readonly overridden: ReadonlySet<string>;

  constructor(
    readonly tree: PlainTree,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.overridden = new Set(
      Object.entries(SERVER_ENV_OVERRIDES)
        .filter(([name]) => envValue(env, name) !== undefined)
        .map(([, key]) => key),
    );
  }

  server(config: ConfigFile, passwordFromStdin: boolean): ServerSettings {
    const token = this.envOr('ALIST_TOKEN', () => (config.token === undefined || config.token === '' ? undefined : this.usedString(['token'], config.token)));
    const url = this.envOr('ALIST_URL', () => (config.url === undefined ? undefined : this.usedString(['url'], config.url)));
    if (url === undefined && config.url === undefined) {
      this.report({ file: this.tree.file, line: 1, col: 1 }, 'missing required key "url" (the server\'s address; or set ALIST_URL)');
    }
    if (url !== undefined) this.checkUrl(url);

    const authGiven = config.auth !== undefined;
    const needAuth = token === undefined;
    const credential = (envName: 'ALIST_USERNAME' | 'ALIST_PASSWORD', key: 'username' | 'password'): string | undefined =>
      this.envOr(envName, () => {
        const value = config.auth?.[key];
        if (value === undefined) {
          if (authGiven && !(key === 'password' && passwordFromStdin)) this.missing(['auth', key], `or set ${envName}`);
          return undefined;
        }
        return this.usedString(['auth', key], value);
      });
    const username = credential('ALIST_USERNAME', 'username');
    const password = credential('ALIST_PASSWORD', 'password');
    if (needAuth && !authGiven && (username === undefined || (password === undefined && !passwordFromStdin))) {
      this.report({ file: this.tree.file, line: 1, col: 1 }, 'missing required key "auth" (username and password; or a token, or ALIST_USERNAME and ALIST_PASSWORD, or ALIST_TOKEN)');
    }
    for (const secret of [password, token]) if (secret) this.secrets.push(secret);
    return { url: (url ?? '').replace(/\/+$/, ''), username, password, token };
  }

  /** Which spelling of a section the file uses (both at once is an error). */
  sectionKey(config: ConfigFile, section: Section): string | undefined {
    const present = Object.keys(section.files).filter((key) => sectionOf(config, key) !== undefined);
    if (present.length > 1) {
      const [first, second] = present;
      this.report(this.tree.at([second ?? ''])?.key, `both "${first}" (alist_batch naming) and "${second}" (openlist_batch naming) are given; keep one`);
    }
    return present[0];
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

  private tenants(entries: TenantEntry[] | undefined): TenantTable {
    const byId = new Map<number, Tenant>();
    const byPosition: Tenant[] = [];
    if (entries === undefined) this.missing(['onedrive_app', 'tenants']);
    else if (entries.length === 0) this.report(this.tree.at(['onedrive_app', 'tenants'])?.key, 'onedrive_app.tenants is empty (list at least one tenant)');
    (entries ?? []).forEach((entry, index) => {
      const path = ['onedrive_app', 'tenants', index];
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
      const first = byId.get(id);
      if (first) this.report(location, `duplicate tenant id ${id} (first at line ${first.location.line})`);
      else byId.set(id, tenant);
    });
    return { byId, byPosition };
  }

  private checkUrl(url: string): void {
    let ok = false;
    try {
      const parsed = new URL(url);
      ok = (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
    } catch {
      ok = false;
    }
    if (ok) return;
    const shown = withoutUserInfo(url);
    if (envValue(this.env, 'ALIST_URL') !== undefined) {
      // Not from the file: a diagnostic needs a place, so it is config.yaml's start, and the message says where it really comes from.
      this.report(undefined, `ALIST_URL (environment): not an http:// or https:// URL: "${shown}"`);
    } else {
      this.report(this.tree.at(['url'])?.value, `url is not an http:// or https:// URL: "${shown}"`);
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
      this.report(where?.value, `${name} is still the template placeholder "${value}": fill it in${envName ? ` (or set ${envName})` : ''}`);
      return undefined;
    }
    return value;
  }

  private envOr(name: keyof typeof SERVER_ENV_OVERRIDES, fromFile: () => string | undefined): string | undefined {
    return envValue(this.env, name) ?? fromFile();
  }

  /** A missing required key is reported where its parent section starts. */
  private missing(path: PathSegment[], hint?: string): undefined {
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

