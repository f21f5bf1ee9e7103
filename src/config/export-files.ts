import { SECTION_MODULES } from '../drivers/index.js';
import { isListValueError, type DriverModule } from '../drivers/types.js';
import { cleanMountPath, compareMountPaths } from '../model/mount-path.js';
import type { AdditionValue, ServerStorage } from '../model/storage.js';
import { fieldSettings, INDENT, mappingLines, scalar, type SettingLine } from './export-settings.js';
import { STORAGES_FILE, storagesFile, type DriverKeys } from './export-storages.js';
import { yamlText } from './yaml-text.js';

/**
 * `alist-batch export`: the files that describe what a server has, in alist-batch's own naming
 * (alist_batch v0.11 keys and file names), as a pure function of the server's storages. Secrets
 * are written as `${NAME}` references unless asked for, and every storage that cannot be
 * expressed is listed with the reason instead of being dropped in silence.
 */
export interface ExportInput {
  readonly url: string;
  /** The admin user the files sign in as; undefined when a token was used. */
  readonly username: string | undefined;
  readonly storages: readonly ServerStorage[];
  readonly includeSecrets: boolean;
  /**
   * The addition keys (and their defaults) of each driver without a list file, from the server's
   * driver schema: their storages go to storages.yaml. A driver not here is skipped.
   */
  readonly driverKeys?: ReadonlyMap<string, DriverKeys>;
}

export interface ExportedFile {
  readonly name: string;
  readonly text: string;
}

export interface ExportedStorage {
  readonly mount_path: string;
  readonly driver: string;
  readonly file: string;
  readonly line: number;
}

export interface SkippedStorage {
  readonly mount_path: string;
  readonly driver: string;
  readonly reason: string;
}

export interface ExportResult {
  readonly files: ExportedFile[];
  readonly exported: ExportedStorage[];
  readonly skipped: SkippedStorage[];
  /** The variables config.yaml reads its secrets from, with their values (never printed). */
  readonly variables: { readonly name: string; readonly value: string }[];
}

interface Entry {
  readonly storage: ServerStorage;
  readonly category: string;
  readonly name: string;
  readonly value: string;
  /** Its own storage fields, and the section's addition keys it has its own values of. */
  readonly fields: SettingLine[];
  readonly addition: SettingLine[];
}

interface SectionPlan {
  readonly module: DriverModule;
  readonly values: Record<string, AdditionValue>;
  readonly tenants: Record<string, AdditionValue>[];
  readonly entries: Entry[];
}

/** `skip` names storages (by id) to leave out, e.g. those whose lines did not validate. */
export function exportFiles(input: ExportInput, skip: ReadonlyMap<number, string> = new Map()): ExportResult {
  const skipped: SkippedStorage[] = [];
  const sections: SectionPlan[] = [];
  const byDriver = new Map(SECTION_MODULES.map((m) => [m.name as string, [] as ServerStorage[]]));
  const anyDriver: ServerStorage[] = [];
  for (const storage of [...input.storages].sort((a, b) => compareMountPaths(a.mount_path, b.mount_path))) {
    // A list file holds /<category>/<name> of its driver; storages.yaml any other, by the driver's schema.
    const list = hasCategory(storage) ? byDriver.get(storage.driver) : undefined;
    const reason = skip.get(storage.id) ?? (list || input.driverKeys?.has(storage.driver) ? undefined : noSchema(storage.driver));
    if (reason !== undefined) skipped.push({ mount_path: storage.mount_path, driver: storage.driver, reason });
    else (list ?? anyDriver).push(storage);
  }
  for (const module of SECTION_MODULES) {
    const section = planSection(module, byDriver.get(module.name) ?? [], skipped);
    if (section.entries.length > 0) sections.push(section);
  }
  const variables: { name: string; value: string }[] = [];
  const secret = secretText(input, variables);
  const exported: ExportedStorage[] = [];
  const files = [configFile(input, sections, secret, anyDriver.length > 0), ...sections.map((s) => listFile(s, exported))];
  if (anyDriver.length > 0) {
    const written = storagesFile(anyDriver, (driver) => input.driverKeys?.get(driver) ?? new Map(), secret);
    files.push({ name: STORAGES_FILE, text: written.text });
    for (const { storage, line } of written.lines) exported.push({ mount_path: storage.mount_path, driver: storage.driver, file: STORAGES_FILE, line });
  }
  return { files, exported, skipped: skipped.sort((a, b) => compareMountPaths(a.mount_path, b.mount_path)), variables };
}

/** Whether a list file can hold the storage: its mount path is /<category>/<name>; else it goes to storages.yaml. */
export function inListFile(storage: ServerStorage): boolean {
  return hasCategory(storage) && SECTION_MODULES.some((m) => m.name === storage.driver);
}

function hasCategory(storage: ServerStorage): boolean {
  return cleanMountPath(storage.mount_path).split('/').filter(Boolean).length >= 2;
}

function noSchema(driver: string): string {
  return `the server did not describe the ${driver} driver (GET /api/admin/driver/info), so its keys are unknown`;
}

/** A secret as written: its value with --include-secrets, else a `${NAME}` reference (the variable remembered). */
function secretText(input: ExportInput, variables: { name: string; value: string }[]): (name: string, value: AdditionValue) => string {
  return (name, value) => {
    if (input.includeSecrets) return scalar(value);
    variables.push({ name, value: String(value) });
    return `\${${name}}`;
  };
}

function planSection(module: DriverModule, storages: readonly ServerStorage[], skipped: SkippedStorage[]): SectionPlan {
  const { sectionKeys, tenantKeys } = module.exporter;
  const values = sectionValues(module, storages);
  const tenants: Record<string, AdditionValue>[] = [];
  const tenantIds = new Map<string, number>();
  const entries: Entry[] = [];
  for (const storage of storages) {
    const skip = (reason: string): void => void skipped.push({ mount_path: storage.mount_path, driver: storage.driver, reason });
    const segments = cleanMountPath(storage.mount_path).split('/').filter(Boolean);
    const name = segments.pop() ?? '';
    const differing = sectionKeys.filter((key) => !module.serverRewrittenKeys.includes(key) && storage.addition[key] !== values[key]);
    // The entry states its own value of a section key; not a secret (no variable per entry), nor a key it lacks.
    const unsayable = differing.find((key) => module.secretKeys.includes(key) || storage.addition[key] === undefined);
    if (unsayable !== undefined) {
      skip(
        `its ${unsayable} differs from the section's, and a list entry cannot state its own ${module.secretKeys.includes(unsayable) ? 'secret' : 'missing value'}`,
      );
      continue;
    }
    const addition = differing.map((key): SettingLine => [key, scalar(storage.addition[key] ?? '')]);
    let tenant: number | undefined;
    if (tenantKeys.length > 0) {
      const credentials = Object.fromEntries(tenantKeys.map((key) => [key, storage.addition[key] ?? '']));
      const key = JSON.stringify(credentials);
      tenant = tenantIds.get(key);
      if (tenant === undefined) {
        tenants.push(credentials);
        tenant = tenants.length;
        tenantIds.set(key, tenant);
      }
    }
    const value = module.exporter.listValue(storage.addition, tenant);
    if (typeof value !== 'string') {
      skip(`it cannot be written as ${module.valueDescription}: ${value.error}`);
      continue;
    }
    const own = ownKeys(module, storage, value);
    if (typeof own === 'string') skip(`its ${own} differs from the driver's default, and a list entry cannot state its own secret`);
    else entries.push({ storage, category: segments.join('/'), name, value, fields: fieldSettings(storage), addition: [...addition, ...own] });
  }
  return { module, values, tenants, entries };
}

/**
 * The driver's other keys whose values differ from its defaults (a chunk size, the driver's own
 * sort order): the entry states them under `addition:`. Not those its value, its section or its
 * tenant states, nor those the server rewrites. A secret among them: its name (no variable per entry).
 */
function ownKeys(module: DriverModule, storage: ServerStorage, value: string): SettingLine[] | string {
  const parsed = module.parseListValue(value);
  const { sectionKeys, tenantKeys } = module.exporter;
  const stated = new Set([...sectionKeys, ...tenantKeys, ...module.serverRewrittenKeys, ...(isListValueError(parsed) ? [] : Object.keys(parsed.addition))]);
  const lines: SettingLine[] = [];
  for (const [key, fallback] of Object.entries(module.defaults)) {
    const own = storage.addition[key];
    if (stated.has(key) || own === undefined || own === fallback) continue;
    if (module.secretKeys.includes(key)) return key;
    lines.push([key, scalar(own)]);
  }
  return lines;
}

/**
 * The value each section key states: the most common one among the storages (ties: the first),
 * except for keys the server rewrites (a refresh token), where a working storage's is the freshest.
 */
function sectionValues(module: DriverModule, storages: readonly ServerStorage[]): Record<string, AdditionValue> {
  const values: Record<string, AdditionValue> = {};
  for (const key of module.exporter.sectionKeys) {
    const candidates = storages.map((s) => s.addition[key]).filter((v): v is AdditionValue => v !== undefined);
    if (module.serverRewrittenKeys.includes(key)) {
      const fresh = storages.find((s) => s.status === 'work' && s.addition[key] !== undefined)?.addition[key] ?? candidates[0];
      if (fresh !== undefined) values[key] = fresh;
      continue;
    }
    const counts = new Map<AdditionValue, number>();
    for (const value of candidates) counts.set(value, (counts.get(value) ?? 0) + 1);
    const best = [...counts].sort((a, b) => b[1] - a[1])[0];
    if (best) values[key] = best[0];
  }
  return values;
}

function configFile(
  input: ExportInput,
  sections: readonly SectionPlan[],
  secret: (name: string, value: AdditionValue) => string,
  storagesFile: boolean,
): ExportedFile {
  const lines = [`# Written by alist-batch export from ${input.url}. Rules: no blank lines; indent with spaces.`, `url: ${yamlText(input.url)}`];
  if (input.username !== undefined) lines.push('auth:', `${INDENT}username: ${yamlText(input.username)}`, `${INDENT}password: \${ALIST_PASSWORD}`);
  else lines.push('token: ${ALIST_TOKEN}');
  for (const { module, values, tenants } of sections) {
    const prefix = module.exporter.variablePrefix;
    lines.push(`${sectionKey(module)}:`, `${INDENT}enable: true`);
    for (const [key, value] of Object.entries(values)) {
      lines.push(`${INDENT}${key}: ${module.secretKeys.includes(key) ? secret(`${prefix}_${key.toUpperCase()}`, value) : scalar(value)}`);
    }
    if (tenants.length > 0) lines.push(`${INDENT}tenants:`);
    tenants.forEach((tenant, index) => {
      lines.push(`${INDENT}${INDENT}- id: ${index + 1}`);
      for (const [key, value] of Object.entries(tenant)) {
        const text = module.secretKeys.includes(key) ? secret(`${prefix}_TENANT_${index + 1}_${key.toUpperCase()}`, value) : scalar(value);
        lines.push(`${INDENT}${INDENT}  ${key}: ${text}`);
      }
    });
  }
  if (storagesFile) lines.push('storages:', `${INDENT}enable: true`);
  return { name: 'config.yaml', text: `${lines.join('\n')}\n` };
}

function listFile({ module, entries }: SectionPlan, exported: ExportedStorage[]): ExportedFile {
  const name = listFileName(module);
  const lines = [`# ${module.name} storages, written by alist-batch export: <category>: then <name>: ${module.valueDescription}.`];
  let category: string | undefined;
  for (const entry of [...entries].sort((a, b) => compareCategories(a, b))) {
    if (entry.category !== category) {
      category = entry.category;
      lines.push(`${yamlText(category)}:`);
    }
    exported.push({ mount_path: entry.storage.mount_path, driver: module.name, file: name, line: lines.length + 1 });
    if (entry.fields.length === 0 && entry.addition.length === 0) {
      lines.push(`${INDENT}${yamlText(entry.name)}: ${yamlText(entry.value)}`);
    } else {
      // The mount's own settings: the value under link: (account: in onedrive_app.yaml) beside them.
      lines.push(`${INDENT}${yamlText(entry.name)}:`);
      lines.push(...mappingLines(INDENT.repeat(2), [[module.entryValueKey ?? 'link', yamlText(entry.value)], ...entry.fields], entry.addition));
    }
  }
  return { name, text: `${lines.join('\n')}\n` };
}

/** Entries grouped by category (a category once, in mount-path order), names in order within it. */
function compareCategories(a: Entry, b: Entry): number {
  return compareMountPaths(a.category, b.category) || compareMountPaths(a.name, b.name);
}

/** The section key and list file of alist_batch v0.11's naming (the first the driver declares). */
export function sectionKey(module: DriverModule): string {
  return Object.keys(module.section?.files ?? {})[0] ?? module.name;
}

function listFileName(module: DriverModule): string {
  return Object.values(module.section?.files ?? {})[0] ?? `${module.name}.yaml`;
}
