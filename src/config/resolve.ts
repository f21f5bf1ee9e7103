import type { Diagnostic, SourceLocation } from '../errors.js';
import { DEFAULT_STORAGE_FIELDS, type DesiredStorage } from '../model/storage.js';
import type { SectionSettings, Tenant, TenantTable } from '../drivers/section.js';
import { isListValueError, type DriverModule } from '../drivers/types.js';
import type { Addition } from '../model/storage.js';
import { cleanMountPath } from '../model/mount-path.js';
import { quote } from '../model/display.js';
import { placeholderInEntry } from './placeholders.js';
import type { ListEntry, ListFileContent } from './list-file.js';

/** What config.yaml contributes to every entry of one list file: its driver, and its section's settings. */
export interface ListContext extends SectionSettings {
  readonly module: DriverModule;
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
  /** By mount path after Unicode normalisation (NFC): an NFD spelling of a path is the same path. */
  readonly mountPaths: Map<string, SourceLocation & { readonly mountPath: string }>;
  /** By mount path ignoring letter case: paths a case-insensitive database (MySQL) stores as one. */
  readonly foldedPaths: Map<string, SourceLocation & { readonly mountPath: string }>;
  readonly diagnostics: Diagnostic[];
  readonly warnings: Diagnostic[];
  readonly categories: CategoryCount[];
  tenantWarnings: number;
}

/** The old-tool tenant warning names this many mounts one by one, then sums up the rest. */
const MAX_TENANT_WARNINGS = 20;

export function newResolveState(): ResolveState {
  return { storages: [], mountPaths: new Map(), foldedPaths: new Map(), diagnostics: [], warnings: [], categories: [], tenantWarnings: 0 };
}

/** Turns one list file's entries into desired storages. */
export function resolveListFile(content: ListFileContent, context: ListContext, state: ResolveState): void {
  state.diagnostics.push(...content.diagnostics);
  for (const category of content.categories) {
    const count: CategoryCount = { file: content.file, category: category.name, driver: context.module.name, mounts: 0 };
    state.categories.push(count);
    for (const entry of category.entries) {
      if (resolveEntry(context, state, category.name, entry)) count.mounts += 1;
    }
  }
}

/** One entry of a list file (or shares.yaml) as a desired storage; false when it has a problem (reported). */
export function resolveEntry(context: ListContext, state: ResolveState, category: string, entry: ListEntry): boolean {
  const { name, source, valueLocation } = entry;
  const parsed = context.module.parseListValue(entry.value);
  if (isListValueError(parsed)) {
    state.diagnostics.push({ ...valueLocation, message: parsed.error });
    return false;
  }
  const placeholder = placeholderInEntry(parsed.addition);
  if (placeholder !== undefined) {
    state.diagnostics.push({ ...valueLocation, message: `${quote(name)} still has the template's example ${placeholder}: fill in a real one` });
    return false;
  }
  let tenantAddition: Addition = {};
  if (parsed.tenant !== undefined) {
    const tenant = lookUpTenant(context.tenants, parsed.tenant, valueLocation, state);
    if (!tenant) return false;
    tenantAddition = tenant.addition;
  }
  const mountPath = cleanMountPath(`/${category}/${name}`);
  if (mountPath === '/') {
    state.diagnostics.push({ ...source, message: `the mount path of ${quote(name)} in ${quote(category)} cleans to "/" (the root)` });
    return false;
  }
  if (!claimMountPath(state, mountPath, source)) return false;
  if (parsed.tenant !== undefined) warnIfOldToolDiffered(context.tenants, parsed.tenant, mountPath, source, state);
  const given: Addition = { ...context.sectionAddition, ...tenantAddition, ...parsed.addition };
  state.storages.push(desiredStorage(context, mountPath, given, source));
  return true;
}

/**
 * Two entries whose paths are equal after NFC normalisation are one path to a person (and to many
 * file systems): an error, like an exact duplicate. Paths equal but for letter case are one row on
 * a case-insensitive database (AList on MySQL): a warning, as SQLite and PostgreSQL keep them apart.
 */
export function claimMountPath(state: ResolveState, mountPath: string, source: SourceLocation): boolean {
  const normal = mountPath.normalize('NFC');
  const earlier = state.mountPaths.get(normal);
  if (earlier) {
    const how = earlier.mountPath === mountPath ? '' : ` (as ${quote(earlier.mountPath)}: the same text in another Unicode normalisation form)`;
    state.diagnostics.push({ ...source, message: `mount path ${quote(mountPath)} is already used by ${at(earlier)}${how}` });
    return false;
  }
  state.mountPaths.set(normal, { ...source, mountPath });
  const folded = normal.toLowerCase();
  const sameButCase = state.foldedPaths.get(folded);
  if (sameButCase) {
    state.warnings.push({
      ...source,
      severity: 'warning',
      message:
        `mount path ${quote(mountPath)} differs from ${quote(sameButCase.mountPath)} (${at(sameButCase)}) only in letter case: ` +
        'a server on a case-insensitive database (MySQL) takes them for one path; rename one of them',
    });
  } else {
    state.foldedPaths.set(folded, { ...source, mountPath });
  }
  return true;
}

function at(where: SourceLocation): string {
  return `${where.file}:${where.line}:${where.col}`;
}

/**
 * Every addition key of the driver in struct order: the given value, else the default. The keys
 * given by the files are the managed ones; defaults are not.
 */
function desiredStorage(context: ListContext, mountPath: string, given: Addition, source: SourceLocation): DesiredStorage {
  const addition: Addition = {};
  const managed: string[] = [];
  for (const [key, fallback] of Object.entries(context.module.defaults)) {
    const value = given[key];
    addition[key] = value ?? fallback;
    if (value !== undefined) managed.push(key);
  }
  return {
    mount_path: mountPath,
    driver: context.module.name,
    fields: { ...DEFAULT_STORAGE_FIELDS },
    addition,
    managed: { fields: [], addition: managed },
    source,
    at: { fields: {}, addition: {} },
    secretKeys: [...context.module.secretKeys],
    rewrittenKeys: [...context.module.serverRewrittenKeys],
  };
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
