import { shareModuleOf, supportedShareHosts } from '../drivers/share-route.js';
import type { DriverModule } from '../drivers/types.js';
import { SECTION_MODULES } from '../drivers/index.js';
import type { SourceLocation } from '../errors.js';
import { quote } from '../model/display.js';
import type { Addition } from '../model/storage.js';
import type { RuleContext } from './checks.js';
import { FILE_SECTIONS } from './file-sections.js';
import { isTemplatePlaceholder } from './placeholders.js';
import { defaultsFor, type DefaultsTable } from './defaults.js';
import { entrySettings } from './entry-settings.js';
import { expandText, unsetMessage } from './env.js';
import { parseListFile, type ListEntry, type ListFileContent } from './list-file.js';
import { resolveEntry, type CategoryCount, type ListContext, type ResolveState } from './resolve.js';
import type { ConfigFile } from './schema.js';
import { sectionEnabled, sideFileText, warnIfEmpty, type ListFileReader } from './sections.js';

const DESCRIPTION = 'a share link (Aliyun, PikPak, 115 or 123)';

/** What shares.yaml yields: whether it is enabled (undefined: enable missing or wrong), and the file read. */
export interface SharesRead {
  readonly enabled: boolean | undefined;
  readonly file?: string;
}

/**
 * shares.yaml (`shares: {enable: true}`): the list-file shape (category -> name -> link), each link's
 * driver chosen by its host. A share driver that needs an account (Aliyun's refresh token, 115's
 * cookie) takes it from config.yaml.
 */
export async function resolveShares(rules: RuleContext, config: ConfigFile, readListFile: ListFileReader, state: ResolveState): Promise<SharesRead> {
  if (rules.tree.at(['shares']) === undefined) return { enabled: false };
  const enabled = sectionEnabled(rules, config, 'shares');
  if (enabled === false) return { enabled };
  const found = await sideFileText(rules, 'shares', FILE_SECTIONS.shares, enabled, readListFile, state);
  if (!found) return { enabled };
  const content = parseListFile(found.text, found.shown, DESCRIPTION);
  state.diagnostics.push(...content.diagnostics);
  const accounts = new Accounts(rules, config, state.defaults);
  for (const category of content.categories) resolveCategory(category, content, accounts, state);
  if (enabled) warnIfEmpty(content, 'shares', 'share storage', state);
  return { enabled, file: found.shown };
}

function resolveCategory(category: ListFileContent['categories'][number], content: ListFileContent, accounts: Accounts, state: ResolveState): void {
  const counts = new Map<string, CategoryCount>();
  for (const entry of category.entries) {
    // The link may be `${NAME}`: its host is known once it is expanded (an unset one is reported with the entry).
    const expanded = expandText(entry.value, state.env);
    for (const variable of expanded.unset) state.diagnostics.push({ ...entry.valueLocation, message: unsetMessage(variable, quote(entry.name)) });
    if (expanded.unset.length > 0) continue;
    const module = shareModuleOf(expanded.text);
    if (!module) {
      state.diagnostics.push({
        ...entry.valueLocation,
        message: `${quote(entry.name)}: not a share link of a supported host: ${quote(expanded.text)} (supported: ${supportedShareHosts()})`,
      });
      continue;
    }
    const account = entryHasAccount(module, entry, content) ? NO_ACCOUNT : accounts.of(module);
    if (account === null) continue;
    if (account === undefined) {
      state.diagnostics.push({ ...entry.source, message: `${quote(entry.name)} is ${module.valueDescription}, ${accountHint(module)}` });
      // Its settings are still checked: every problem at once.
      entrySettings(module, entry, content, state, []);
      continue;
    }
    let count = counts.get(module.name);
    if (!count) {
      count = { file: content.file, category: category.name, driver: module.name, mounts: 0 };
      counts.set(module.name, count);
      state.categories.push(count);
    }
    if (resolveEntry(accounts.context(module, account, state), state, category.name, entry, content)) count.mounts += 1;
  }
}

function accountHint(module: DriverModule): string {
  const [first, ...others] = (module.accountKeys ?? []).map((key) => `defaults.${yamlKey(module.name)}.addition.${key}`);
  const old = module.name === 'AliyundriveShare' ? ' (or aliyun.refresh_token)' : '';
  const or = others.length > 0 ? ` (or ${others.join(', ')})` : old;
  return `which opens shares with your own account: add ${first}${or} to config.yaml`;
}

/** A driver name as a key of config.yaml: quoted when it has a space (`"115 Share"`). */
function yamlKey(name: string): string {
  return /^[A-Za-z0-9_]+$/.test(name) ? name : `"${name}"`;
}

/** An account from config.yaml's old section, with where it is written. */
interface Account {
  readonly addition: Addition;
  readonly at: Readonly<Record<string, SourceLocation>>;
}

const NO_ACCOUNT: Account = { addition: {}, at: {} };

/** Whether a mapping entry states one of its driver's account keys under its own `addition:`. */
function entryHasAccount(module: DriverModule, entry: ListEntry, content: ListFileContent): boolean {
  let node: unknown = content.tree?.value;
  for (const segment of [...(entry.settingsPath ?? []), 'addition']) {
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return node !== null && typeof node === 'object' && (module.accountKeys ?? []).some((key) => Object.hasOwn(node, key));
}

/**
 * The account each share driver needs, read once per driver on its first entry (so that a config.yaml
 * without such shares is not asked for one): undefined when the files give none, null when what they
 * give is wrong (reported once, where it is written).
 */
class Accounts {
  private readonly found = new Map<string, Account | undefined | null>();
  private readonly contexts = new Map<Account, Map<string, ListContext>>();

  constructor(
    private readonly rules: RuleContext,
    private readonly config: ConfigFile,
    private readonly defaults: DefaultsTable,
  ) {}

  /**
   * One context per driver and account for the whole file: resolve.ts merges a context's shared
   * layers, and builds the storage its plain entries are cloned from, once per context, not per share.
   */
  context(module: DriverModule, account: Account, state: ResolveState): ListContext {
    let byDriver = this.contexts.get(account);
    if (!byDriver) this.contexts.set(account, (byDriver = new Map()));
    let context = byDriver.get(module.name);
    if (!context) {
      context = { module, sectionAddition: account.addition, sectionAt: account.at, defaults: defaultsFor(state.defaults, module.name) };
      byDriver.set(module.name, context);
    }
    return context;
  }

  of(module: DriverModule): Account | undefined | null {
    if (!this.found.has(module.name)) this.found.set(module.name, this.read(module));
    return this.found.get(module.name);
  }

  private read(module: DriverModule): Account | undefined | null {
    const keys = module.accountKeys ?? [];
    // `defaults.<driver>.addition` gives it to every storage of the driver (resolve.ts merges it in).
    const fromDefaults = this.defaults.byDriver.get(module.name)?.addition ?? {};
    if (keys.length === 0 || keys.some((key) => Object.hasOwn(fromDefaults, key))) return NO_ACCOUNT;
    // The old section's key still gives Aliyun's account, even with the section disabled.
    if (module.name !== 'AliyundriveShare') return undefined;
    const section = SECTION_MODULES.find((m) => m.name === module.name);
    const key = Object.keys(section?.section.files ?? {}).find((name) => this.rules.tree.at([name, 'refresh_token']) !== undefined);
    if (key === undefined) return undefined;
    const value = this.config[key];
    const fields = value !== null && typeof value === 'object' ? (value as { enable?: unknown; refresh_token?: unknown }) : {};
    const token = typeof fields.refresh_token === 'string' ? fields.refresh_token : null;
    // An enabled section has checked (and reported) its token already.
    const text = fields.enable === true ? usable(token) : this.rules.usedString([key, 'refresh_token'], token);
    if (text === undefined) return null;
    this.rules.secrets.push(text);
    const at = this.rules.tree.at([key, 'refresh_token'])?.value;
    return { addition: { refresh_token: text }, at: at === undefined ? {} : { refresh_token: at } };
  }
}

function usable(text: string | null): string | undefined {
  return text === null || text.trim() === '' || isTemplatePlaceholder(text) ? undefined : text;
}
