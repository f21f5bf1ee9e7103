/**
 * For `export`: a storage's own settings as the files state them — the storage fields that differ
 * from the built-in defaults (the remark without alist-batch's mark), and addition keys — written as
 * the lines of a settings mapping (storage-settings.ts reads them back).
 */
import { userRemark } from '../model/mark.js';
import { DEFAULT_STORAGE_FIELDS, type AdditionValue, type ServerStorage } from '../model/storage.js';
import { checkFieldValue, STORAGE_FIELD_NAMES } from './setting-values.js';
import { yamlText } from './yaml-text.js';

export const INDENT = '    ';

/** One key of a mapping and its YAML text (a `${NAME}` reference for a secret). */
export type SettingLine = readonly [key: string, text: string];

/**
 * The storage fields to state: those that differ from the built-in defaults. A value the files
 * cannot hold (an empty webdav_policy of a storage made elsewhere) is left out: unmanaged, it stays
 * as the server has it.
 */
export function fieldSettings(storage: ServerStorage): SettingLine[] {
  const lines: SettingLine[] = [];
  for (const name of STORAGE_FIELD_NAMES) {
    const value: unknown = name === 'remark' ? userRemark(storage.remark) : storage[name];
    if (value === undefined || value === DEFAULT_STORAGE_FIELDS[name]) continue;
    const checked = checkFieldValue(name, name, value);
    if ('value' in checked) lines.push([name, scalar(checked.value)]);
  }
  return lines;
}

/** A settings mapping's lines at `indent`: the fields and own keys, then `addition:` with its keys. */
export function mappingLines(indent: string, keys: readonly SettingLine[], addition: readonly SettingLine[]): string[] {
  const lines = keys.map(([key, text]) => `${indent}${yamlKey(key)}: ${text}`);
  if (addition.length > 0) lines.push(`${indent}addition:`, ...addition.map(([key, text]) => `${indent}${INDENT}${yamlKey(key)}: ${text}`));
  return lines;
}

export function scalar(value: AdditionValue): string {
  return typeof value === 'string' ? yamlText(value) : String(value);
}

/** A key as YAML text: plain where it reads back as itself. */
function yamlKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
}
