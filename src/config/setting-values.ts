/**
 * What each storage field of a settings mapping may hold, and the checks of one value (a storage
 * field, or an addition key against the type of a driver module's default). Pure: the walk over the
 * mapping, with positions and messages, is storage-settings.ts.
 */
import { flagSetting } from '../model/config-values.js';
import { ECHO_LIMIT, escapeText, quote } from '../model/display.js';
import type { AdditionValue, StorageFieldName } from '../model/storage.js';

type FieldKind =
  | { readonly kind: 'int'; readonly min?: number }
  | { readonly kind: 'text' }
  | { readonly kind: 'policies' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'select'; readonly options: readonly string[] };

/**
 * Every storage field a settings mapping may state (alist-api.md §3). A select also takes "" (the
 * server's "not set": the driver's own order, the server's default folder placement), as the web UI does.
 */
export const FIELD_KINDS: Readonly<Record<StorageFieldName, FieldKind>> = {
  order: { kind: 'int' },
  remark: { kind: 'text' },
  cache_expiration: { kind: 'int', min: 0 },
  custom_cache_policies: { kind: 'policies' },
  web_proxy: { kind: 'bool' },
  webdav_policy: { kind: 'select', options: ['302_redirect', 'use_proxy_url', 'native_proxy'] },
  down_proxy_url: { kind: 'text' },
  extract_folder: { kind: 'select', options: ['front', 'back'] },
  enable_sign: { kind: 'bool' },
  order_by: { kind: 'select', options: ['name', 'size', 'modified'] },
  order_direction: { kind: 'select', options: ['asc', 'desc'] },
  disable_index: { kind: 'bool' },
  disabled: { kind: 'bool' },
  disable_proxy_sign: { kind: 'bool' },
};

export const STORAGE_FIELD_NAMES = Object.keys(FIELD_KINDS) as StorageFieldName[];

export function isStorageFieldName(key: string): key is StorageFieldName {
  return Object.hasOwn(FIELD_KINDS, key);
}

/** Selects that take "" besides their options (webdav_policy has no "not set" on the server). */
const EMPTY_ALLOWED: ReadonlySet<StorageFieldName> = new Set(['extract_folder', 'order_by', 'order_direction']);

export type Checked<T> = { readonly value: T } | { readonly problem: string };

/** `got` shows the value a user wrote, unless it is secret. */
function got(input: unknown, secret: boolean): string {
  if (secret) return '';
  if (typeof input === 'string') return ` (got ${quote(input)})`;
  // A mapping or list may be huge: cut like a quoted value.
  const json = Array.from(JSON.stringify(input) ?? String(input));
  return ` (got ${escapeText(json.length > ECHO_LIMIT ? `${json.slice(0, ECHO_LIMIT).join('')}…` : json.join(''))})`;
}

/** One storage field's value; `name` is how the message names it. */
export function checkFieldValue(field: StorageFieldName, name: string, input: unknown): Checked<AdditionValue> {
  const spec = FIELD_KINDS[field];
  switch (spec.kind) {
    case 'int': {
      const ok = typeof input === 'number' && Number.isSafeInteger(input) && input >= (spec.min ?? -Infinity);
      return ok ? { value: input } : { problem: `${name} must be a whole number${spec.min === undefined ? '' : ` ≥ ${spec.min}`}${got(input, false)}` };
    }
    case 'text':
      return textValue(name, input, false);
    case 'policies':
      return policiesValue(name, input);
    case 'bool':
      return boolValue(name, input, false);
    case 'select': {
      const empty = EMPTY_ALLOWED.has(field);
      if (typeof input === 'string' && (spec.options.includes(input) || (empty && input === ''))) return { value: input };
      const options = spec.options.join(', ') + (empty ? ' (or "" for the server\'s default)' : '');
      return { problem: `${name} must be one of ${options}${got(input, false)}` };
    }
  }
}

/**
 * An addition value: a string, number or bool. With `like` (the driver module's default for the
 * key) it must be of the same kind; bools accept what config.yaml accepts (yes/no, on/off).
 */
export function checkAdditionValue(name: string, input: unknown, like: AdditionValue | undefined, secret: boolean): Checked<AdditionValue> {
  if (typeof like === 'string') return textValue(name, input, secret);
  if (typeof like === 'boolean') return boolValue(name, input, secret);
  if (typeof like === 'number') {
    return typeof input === 'number' && Number.isFinite(input) ? { value: input } : { problem: `${name} must be a number${got(input, secret)}` };
  }
  if (typeof input === 'string' || typeof input === 'boolean' || (typeof input === 'number' && Number.isFinite(input))) return { value: input };
  return { problem: `${name} must be a string, a number or true/false${got(input, secret)}` };
}

/** Text; a plain number the tree did not keep as written (`remark: 12`) is taken as its text. */
function textValue(name: string, input: unknown, secret: boolean): Checked<string> {
  if (typeof input === 'string') return { value: input };
  if (typeof input === 'number' && Number.isFinite(input)) return { value: String(input) };
  return { problem: `${name} must be text${got(input, secret)}` };
}

/**
 * OpenList's cache policies: one `<glob>:<minutes>` per line (alist-api.md §3); the server skips a
 * line it cannot read, so a typo would silently cache for the default time instead.
 */
function policiesValue(name: string, input: unknown): Checked<string> {
  const text = textValue(name, input, false);
  if ('problem' in text) return text;
  const lines = text.value.split('\n');
  const bad = lines.findIndex((line) => line.trim() !== '' && !/^.+:\s*\d+\s*$/.test(line.trim()));
  if (bad < 0) return text;
  return { problem: `${name} line ${bad + 1} must be <glob>:<minutes>, e.g. *.mp4:60${got(lines[bad], false)}` };
}

function boolValue(name: string, input: unknown, secret: boolean): Checked<boolean> {
  const parsed = flagSetting.safeParse(input);
  return parsed.success ? { value: parsed.data } : { problem: `${name} must be true or false (or yes/no, on/off)${got(input, secret)}` };
}
