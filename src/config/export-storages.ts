/**
 * For `export`: storages.yaml, the storages of drivers that have no list file (AliyundriveOpen,
 * PikPak, 115 Share, …): `<mount path>: {driver, …fields, addition: {…}}`. The addition holds the
 * keys the server's driver schema lists (GET /api/admin/driver/info) whose values differ from its
 * defaults: a create fills in the defaults, and keys the schema does not list are the server's own
 * (an access token it writes). Secrets become `${NAME}` references unless asked for.
 */
import { compareMountPaths } from '../model/mount-path.js';
import type { AdditionValue, ServerStorage } from '../model/storage.js';
import { fieldSettings, INDENT, mappingLines, scalar, type SettingLine } from './export-settings.js';
import { isSecretAdditionKey } from '../drivers/secrets.js';
import { yamlText } from './yaml-text.js';

export const STORAGES_FILE = 'storages.yaml';

/** A driver's addition keys as its schema lists them, with their defaults (text, as driver/info gives them). */
export type DriverKeys = ReadonlyMap<string, string>;

export interface StoragesExport {
  readonly text: string;
  /** Per storage, the line its entry starts on. */
  readonly lines: { readonly storage: ServerStorage; readonly line: number }[];
}

/** Secrets: the reference to write (and the variable to remember), or the value itself. */
export type SecretText = (name: string, value: AdditionValue) => string;

export function storagesFile(storages: readonly ServerStorage[], keysOf: (driver: string) => DriverKeys, secret: SecretText): StoragesExport {
  const lines = ['# Storages of any driver, written by alist-batch export: <mount path>: {driver:, storage fields, addition:}.'];
  const placed: StoragesExport['lines'] = [];
  const names = new Set<string>();
  for (const storage of [...storages].sort((a, b) => compareMountPaths(a.mount_path, b.mount_path))) {
    placed.push({ storage, line: lines.length + 1 });
    lines.push(`${yamlText(storage.mount_path)}:`);
    const own: SettingLine[] = [['driver', yamlText(storage.driver)], ...fieldSettings(storage)];
    const prefix = uniqueName(variablePrefix(storage.mount_path), names);
    lines.push(
      ...mappingLines(
        INDENT,
        own,
        additionLines(storage, keysOf(storage.driver), (key, value) => secret(`${prefix}_${variableWord(key)}`, value)),
      ),
    );
  }
  return { text: `${lines.join('\n')}\n`, lines: placed };
}

function additionLines(storage: ServerStorage, keys: DriverKeys, secret: SecretText): SettingLine[] {
  const lines: SettingLine[] = [];
  for (const [key, fallback] of keys) {
    const value = storage.addition[key];
    if (value === undefined || String(value) === fallback) continue;
    lines.push([key, isSecretAdditionKey(storage.driver, key) ? secret(key, value) : scalar(value)]);
  }
  return lines;
}

/** `/Cloud/Open` → `STORAGE_CLOUD_OPEN`: a variable name's start, from the mount path (apart from the sections' ALIYUN_…). */
function variablePrefix(mountPath: string): string {
  const word = variableWord(mountPath);
  return word === '' ? 'STORAGE' : `STORAGE_${word}`;
}

/** Upper-case letters, digits and single underscores (`AccessToken` → `ACCESS_TOKEN`). */
function variableWord(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Two mount paths that spell the same name (`/a-b`, `/a_b`) get `_2`, `_3`, …. */
function uniqueName(name: string, taken: Set<string>): string {
  let unique = name;
  for (let n = 2; taken.has(unique); n++) unique = `${name}_${n}`;
  taken.add(unique);
  return unique;
}
