/**
 * What one item of a driver's form (driver/info, alist-api.md §5) means for a value: which kind of
 * value it takes, which options a select offers, and the value the web UI pre-fills from its
 * `default` string. Pure helpers for the schema check (driver-schema.ts) and the completion of
 * creates (driver-defaults.ts).
 */
import type { DriverItem } from '../model/driver-info.js';
import type { AdditionValue } from '../model/storage.js';

/** The kind of JSON value an item takes; undefined for a type this tool does not know (left unchecked). */
export type ValueKind = 'boolean' | 'integer' | 'number' | 'string';

/**
 * The `type` tag (bool, number, float, string, text, select), or without one the lower-cased Go type
 * name the server reports instead (int64, float64, …).
 */
export function kindOf(item: DriverItem): ValueKind | undefined {
  // Thousands of storages ask about the same few items of one driver/info reply.
  if (KINDS.has(item)) return KINDS.get(item);
  const kind = readKind(item);
  KINDS.set(item, kind);
  return kind;
}

const KINDS = new WeakMap<DriverItem, ValueKind | undefined>();

function readKind(item: DriverItem): ValueKind | undefined {
  const type = item.type.toLowerCase();
  if (type === 'bool') return 'boolean';
  if (type === 'number' || /^u?int(8|16|32|64)?$/.test(type)) return 'integer';
  if (type === 'float' || type === 'float32' || type === 'float64') return 'number';
  if (type === 'string' || type === 'text' || type === 'select') return 'string';
  return undefined;
}

const BY_NAME = new WeakMap<readonly DriverItem[], ReadonlyMap<string, DriverItem>>();

/** A form's items by name, built once per driver/info reply (thousands of storages share one). */
export function itemsByName(items: readonly DriverItem[]): ReadonlyMap<string, DriverItem> {
  let byName = BY_NAME.get(items);
  if (!byName) BY_NAME.set(items, (byName = new Map(items.map((item) => [item.name, item]))));
  return byName;
}

export function isSelect(item: DriverItem): boolean {
  return item.type.toLowerCase() === 'select';
}

/** A select's options, as the web UI splits them. */
function optionsOf(item: DriverItem): string[] {
  return item.options
    .split(',')
    .map((option) => option.trim())
    .filter((option) => option !== '');
}

/**
 * The values a select accepts: its options, and its own default even when the options lack it (115
 * Share's qrcode_source defaults to `linux`, which the web UI sends as it is).
 */
export function allowedValues(item: DriverItem): readonly string[] {
  let allowed = ALLOWED.get(item);
  if (!allowed) {
    const options = optionsOf(item);
    allowed = Object.freeze(item.default !== '' && !options.includes(item.default) ? [...options, item.default] : options);
    ALLOWED.set(item, allowed);
  }
  return allowed;
}

/** Worked out once per item of a driver/info reply, as kindOf. */
const ALLOWED = new WeakMap<DriverItem, readonly string[]>();

export function hasKind(kind: ValueKind, value: AdditionValue): boolean {
  if (kind === 'boolean') return typeof value === 'boolean';
  if (kind === 'integer') return typeof value === 'number' && Number.isInteger(value);
  if (kind === 'number') return typeof value === 'number' && Number.isFinite(value);
  return typeof value === 'string';
}

/** "a whole number", for "must be …" messages. */
export function describeKind(kind: ValueKind): string {
  if (kind === 'boolean') return 'true or false';
  if (kind === 'integer') return 'a whole number';
  if (kind === 'number') return 'a number';
  return 'text (quote it)';
}

/**
 * The value the web UI fills in for an item it was not given: the `default` string converted to the
 * item's type, or the type's zero value when there is no default (what the server would store for a
 * missing key anyway). undefined for a type this tool does not know, or a default that does not
 * convert: better to send nothing than a guess.
 */
export function defaultValueOf(item: DriverItem): AdditionValue | undefined {
  const kind = kindOf(item);
  const text = item.default.trim();
  if (kind === undefined) return undefined;
  if (kind === 'string') return item.default;
  if (kind === 'boolean') return text === 'true';
  if (text === '') return 0;
  const value = Number(text);
  if (!Number.isFinite(value) || (kind === 'integer' && !Number.isInteger(value))) return undefined;
  return value;
}
