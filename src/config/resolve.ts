import type { Diagnostic, SourceLocation } from '../errors.js';
import type { Addition, DesiredStorage } from '../model/storage.js';
import type { SectionSettings, Tenant, TenantTable } from '../drivers/section.js';
import { isListValueError, type DriverModule } from '../drivers/types.js';
import { cleanMountPath } from '../model/mount-path.js';
import { quote } from '../model/display.js';
import { noDefaults, type DefaultsTable } from './defaults.js';
import { asTemplate, desiredStorage, storageFromTemplate } from './desired.js';
import { entrySettings } from './entry-settings.js';
import { expandText, unsetMessage } from './env.js';
import { placeholderInEntry } from './placeholders.js';
import type { ListEntry, ListFileContent } from './list-file.js';
import { emptySettings, mergeSettings, type ParsedSettings } from './storage-settings.js';

/**
 * What config.yaml contributes to every entry of one list file: its driver, its section's settings
 * (with where each key was stated) and the `defaults:` for the driver (all, then the driver's).
 */
export interface ListContext extends SectionSettings {
  readonly module: DriverModule;
  /** Where each key of `sectionAddition` is stated in config.yaml. */
  readonly sectionAt?: Readonly<Record<string, SourceLocation>>;
  readonly defaults?: ParsedSettings;
}

export interface CategoryCount {
  readonly file: string;
  readonly category: string;
  /** The server driver name (shares.yaml counts a category once per driver). */
  readonly driver: string;
  mounts: number;
}

/** Accumulates across list files: mount paths are unique across all of them. */
export interface ResolveState {
  readonly storages: DesiredStorage[];
  /**
   * The mount paths taken, by their NFC form in lower case: one look-up answers both questions of
   * claimMountPath (is it taken, is it taken but for letter case).
   */
  readonly claims: Map<string, Claim>;
  readonly diagnostics: Diagnostic[];
  readonly warnings: Diagnostic[];
  readonly categories: CategoryCount[];
  tenantWarnings: number;
  /** For `${NAME}` in list files. */
  readonly env: NodeJS.ProcessEnv;
  /** config.yaml's `defaults:`. */
  readonly defaults: DefaultsTable;
  /** Secret values read from the list files (settings under secret keys), for the redactor. */
  readonly secrets: string[];
}

/** The old-tool tenant warning names this many mounts one by one, then sums up the rest. */
const MAX_TENANT_WARNINGS = 20;

export function newResolveState(options: { env?: NodeJS.ProcessEnv; defaults?: DefaultsTable } = {}): ResolveState {
  return {
    storages: [],
    claims: new Map(),
    diagnostics: [],
    warnings: [],
    categories: [],
    tenantWarnings: 0,
    env: options.env ?? {},
    defaults: options.defaults ?? noDefaults(),
    secrets: [],
  };
}

/** Turns one list file's entries into desired storages. */
export function resolveListFile(content: ListFileContent, context: ListContext, state: ResolveState): void {
  state.diagnostics.push(...content.diagnostics);
  for (const category of content.categories) {
    const count: CategoryCount = { file: content.file, category: category.name, driver: context.module.name, mounts: 0 };
    state.categories.push(count);
    for (const entry of category.entries) {
      if (resolveEntry(context, state, category.name, entry, content)) count.mounts += 1;
    }
  }
}

/** One entry of a list file (or shares.yaml) as a desired storage; false when it has a problem (reported). */
export function resolveEntry(context: ListContext, state: ResolveState, category: string, entry: ListEntry, content: ListFileContent): boolean {
  const { name, source, valueLocation } = entry;
  const expanded = expandText(entry.value, state.env);
  for (const variable of expanded.unset) state.diagnostics.push({ ...valueLocation, message: unsetMessage(variable, quote(name)) });
  if (expanded.unset.length > 0) return settingsOnly(context, state, entry, content);
  const parsed = context.module.parseListValue(expanded.text);
  if (isListValueError(parsed)) return failed(context, state, entry, content, parsed.error, valueLocation);
  const placeholder = placeholderInEntry(parsed.addition);
  if (placeholder !== undefined)
    return failed(context, state, entry, content, `${quote(name)} still has the template's example ${placeholder}: fill in a real one`, valueLocation);
  let tenant: Tenant | undefined;
  if (parsed.tenant !== undefined) {
    tenant = lookUpTenant(context.tenants, parsed.tenant, valueLocation, state);
    if (!tenant) return settingsOnly(context, state, entry, content);
  }
  const mountPath = cleanMountPath(`/${category}/${name}`);
  if (mountPath === '/')
    return failed(context, state, entry, content, `the mount path of ${quote(name)} in ${quote(category)} cleans to "/" (the root)`, source);
  if (!claimMountPath(state, mountPath, source)) return settingsOnly(context, state, entry, content);
  if (parsed.tenant !== undefined) warnIfOldToolDiffered(context.tenants, parsed.tenant, mountPath, source, state);
  // Precedence, least specific first: defaults (all, the driver's), the section, the tenant, the value, the entry's own settings.
  const shared = sharedLayers(context, tenant, source);
  const { module } = context;
  // Only a mapping entry has settings of its own (and keys it may not restate).
  if (entry.settingsPath !== undefined) {
    const own = entrySettings(module, entry, content, state, Object.keys(parsed.addition));
    const settings = [shared, stated(parsed.addition, () => valueLocation), own];
    state.storages.push(desiredStorage({ mountPath, driver: module.name, module, settings, source }));
    return true;
  }
  // A plain entry: the storage of its shared layers and a value of the same keys, with this value.
  let template = templateFor(shared, parsed.addition);
  if (!template) {
    template = asTemplate(desiredStorage({ mountPath, driver: module.name, module, settings: [shared, stated(parsed.addition, () => valueLocation)], source }));
    addTemplate(shared, parsed.addition, template);
  }
  state.storages.push(storageFromTemplate(template, parsed.addition, valueLocation, mountPath, source));
  return true;
}

/** When the value is unusable, the entry's settings are still checked: every problem at once. */
function settingsOnly(context: ListContext, state: ResolveState, entry: ListEntry, content: ListFileContent): false {
  entrySettings(context.module, entry, content, state, []);
  return false;
}

function failed(context: ListContext, state: ResolveState, entry: ListEntry, content: ListFileContent, message: string, where: SourceLocation): false {
  state.diagnostics.push({ ...where, message });
  return settingsOnly(context, state, entry, content);
}

/**
 * The storages of plain entries, by their shared layers and the keys (in order) of their value: a
 * handful per list file (the value's keys vary little), each cloned for thousands of entries.
 */
const TEMPLATES = new WeakMap<ParsedSettings, { keys: string[]; storage: DesiredStorage }[]>();

function templateFor(shared: ParsedSettings, value: Addition): DesiredStorage | undefined {
  for (const template of TEMPLATES.get(shared) ?? []) if (sameKeys(template.keys, value)) return template.storage;
  return undefined;
}

function addTemplate(shared: ParsedSettings, value: Addition, storage: DesiredStorage): void {
  const known = TEMPLATES.get(shared);
  if (known) known.push({ keys: Object.keys(value), storage });
  else TEMPLATES.set(shared, [{ keys: Object.keys(value), storage }]);
}

/** The value states exactly these keys, in this order (checked without allocating: once per entry). */
function sameKeys(keys: readonly string[], value: Addition): boolean {
  let i = 0;
  for (const key in value) if (keys[i++] !== key) return false;
  return i === keys.length;
}

/**
 * The layers every entry of one list file with one tenant has in common (defaults, the section, the
 * tenant), merged once for them all: 10,000 entries name a handful of tenants.
 */
const SHARED_LAYERS = new WeakMap<ListContext, Map<Tenant | undefined, ParsedSettings>>();

function sharedLayers(context: ListContext, tenant: Tenant | undefined, source: SourceLocation): ParsedSettings {
  let byTenant = SHARED_LAYERS.get(context);
  if (!byTenant) SHARED_LAYERS.set(context, (byTenant = new Map()));
  const known = byTenant.get(tenant);
  if (known) return known;
  const section = stated(context.sectionAddition, (key) => context.sectionAt?.[key] ?? source);
  const merged = mergeSettings(
    context.defaults ?? emptySettings(),
    section,
    stated(tenant?.addition ?? {}, () => tenant?.location ?? source),
  );
  // Shared only when no key's place fell back to this entry's own.
  if (Object.keys(context.sectionAddition).every((key) => context.sectionAt?.[key] !== undefined)) byTenant.set(tenant, merged);
  return merged;
}

/** Addition keys stated in one place as a settings layer (not a copy: layers are only read, by merging). */
function stated(addition: Addition, where: (key: string) => SourceLocation): ParsedSettings {
  const at: Record<string, SourceLocation> = {};
  for (const key in addition) at[key] = where(key);
  return { fields: {}, addition, at: { fields: {}, addition: at } };
}

const ASCII = /^[\x00-\x7f]*$/;

/** A mount path an entry took: where, as written, and in NFC; `next`: another path equal to it but for letter case. */
interface Claim extends SourceLocation {
  readonly mountPath: string;
  readonly normal: string;
  next?: Claim;
}

/**
 * Two entries whose paths are equal after NFC normalisation are one path to a person (and to many
 * file systems): an error, like an exact duplicate. Paths equal but for letter case are one row on
 * a case-insensitive database (AList on MySQL): a warning, as SQLite and PostgreSQL keep them apart.
 */
export function claimMountPath(state: ResolveState, mountPath: string, source: SourceLocation): boolean {
  // ASCII is its own NFC form: no call into ICU for the common path.
  const normal = ASCII.test(mountPath) ? mountPath : mountPath.normalize('NFC');
  const folded = normal.toLowerCase();
  const first = state.claims.get(folded);
  for (let earlier = first; earlier; earlier = earlier.next) {
    if (earlier.normal !== normal) continue;
    const how = earlier.mountPath === mountPath ? '' : ` (as ${quote(earlier.mountPath)}: the same text in another Unicode normalisation form)`;
    state.diagnostics.push({ ...source, message: `mount path ${quote(mountPath)} is already used by ${at(earlier)}${how}` });
    return false;
  }
  // A literal, not a spread of `source`: once per mount, and spreading is the slower copy.
  const claimed: Claim = { file: source.file, line: source.line, col: source.col, mountPath, normal };
  if (!first) {
    state.claims.set(folded, claimed);
    return true;
  }
  state.warnings.push({
    ...source,
    severity: 'warning',
    message:
      `mount path ${quote(mountPath)} differs from ${quote(first.mountPath)} (${at(first)}) only in letter case: ` +
      'a server on a case-insensitive database (MySQL) takes them for one path; rename one of them',
  });
  claimed.next = first.next;
  first.next = claimed;
  return true;
}

function at(where: SourceLocation): string {
  return `${where.file}:${where.line}:${where.col}`;
}

function lookUpTenant(tenants: TenantTable | undefined, id: number, where: SourceLocation, state: ResolveState): Tenant | undefined {
  const tenant = tenants?.byId.get(id);
  if (tenant) return tenant;
  const broken = tenants?.broken.get(id);
  if (broken) {
    state.diagnostics.push({ ...where, message: `tenant id ${id} cannot be used until its entry in config.yaml (line ${broken.line}) is fixed` });
    return undefined;
  }
  const known = tenants ? [...tenants.byId.keys()].sort((a, b) => a - b).join(', ') : '';
  const usable = tenants && !tenants.complete ? ' that can be used (fix the problems reported in it)' : '';
  state.diagnostics.push({
    ...where,
    message: `unknown tenant id ${id}: ${tenants?.listName ?? 'the tenant list'} in config.yaml has ${known ? `ids ${known}` : 'no tenants'}${usable}`,
  });
  return undefined;
}

/**
 * The old tools read `<n>:` as the n-th tenant in the list and ignored `id:`. Where the two
 * disagree, a mount carried over from them pointed at another tenant there: say so.
 */
function warnIfOldToolDiffered(tenants: TenantTable | undefined, id: number, mountPath: string, source: SourceLocation, state: ResolveState): void {
  // With a tenant whose id is unreadable, which tenant sits where cannot be said for sure.
  if (!tenants?.complete) return;
  const now = tenants.byId.get(id);
  const before = tenants.byPosition[id - 1];
  if (!now || now === before) return;
  state.tenantWarnings += 1;
  if (state.tenantWarnings > MAX_TENANT_WARNINGS) return;
  const then = before ? `the tenant with id ${before.id} (${before.location.line}:${before.location.col} in config.yaml)` : 'no tenant at all';
  state.warnings.push({
    ...source,
    severity: 'warning',
    message: `mount ${quote(mountPath)} uses the tenant with id ${id}; alist_batch/openlist_batch read "${id}:" as the ${ordinal(id)} tenant in the list, which is ${then}`,
  });
}

/** Called once after every list file: sums up the tenant warnings beyond the first few. */
export function finishTenantWarnings(state: ResolveState, configFile: string): void {
  const hidden = state.tenantWarnings - MAX_TENANT_WARNINGS;
  if (hidden > 0) {
    state.warnings.push({
      file: configFile,
      line: 1,
      col: 1,
      severity: 'warning',
      message: `... and ${hidden} more mounts that the old tools pointed at another tenant`,
    });
  }
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}
