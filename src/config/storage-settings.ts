/**
 * A settings mapping: a storage's own fields (`order`, `remark`, `webdav_policy`, ...) and, under
 * `addition:`, the driver's keys, as a list entry, `defaults:` or storages.yaml states them.
 *
 * The API (stable; storages.yaml and shares.yaml build on it):
 * - `readSettings(tree, path, options)`: reads the mapping at `path` of a PlainTree (tree.ts; build it
 *   with `SETTINGS_STRING_KEYS` among its string keys) into `ParsedSettings` — the stated keys only,
 *   with where each was stated — plus diagnostics (file:line:col) and the secret values read (for the
 *   redactor). Offline checks only: unknown keys ("did you mean"), a driver key at the top level or a
 *   storage field under `addition:`, types, select options, and for drivers with a module
 *   (src/drivers) the types of its keys and keys that are another driver's or a typo of its own
 *   (other keys pass: a newer server's driver may have them; plan checks them against driver/info). A key whose problem is already reported
 *   (tree.isReported: an unset ${NAME}) is skipped silently.
 * - `mergeSettings(...layers)`: layers from the least to the most specific (built-in < defaults.all <
 *   defaults.<driver> < section < entry); a later layer's key wins, with its location.
 */
import { z } from 'zod';
import type { Diagnostic, SourceLocation } from '../errors.js';
import { DRIVER_MODULES, findDriverModule } from '../drivers/index.js';
import { isSecretAdditionKey } from '../drivers/secrets.js';
import type { DriverModule } from '../drivers/types.js';
import { quote } from '../model/display.js';
import { additionSchema, sourceLocationSchema, storageFieldsSchema, type AdditionValue, type StorageFieldName } from '../model/storage.js';
import { checkAdditionValue, checkFieldValue, isStorageFieldName, STORAGE_FIELD_NAMES, type Checked } from './setting-values.js';
import { didYouMean, nearest } from './suggest.js';
import type { PathSegment, PlainTree } from './tree.js';

export const parsedSettingsSchema = z.object({
  /** Only the storage fields the mapping states. */
  fields: storageFieldsSchema.partial(),
  /** Only the addition keys the mapping states. */
  addition: additionSchema,
  /** Where each stated key's value is. */
  at: z.object({ fields: z.record(z.string(), sourceLocationSchema), addition: z.record(z.string(), sourceLocationSchema) }),
  /**
   * Fields stated for every driver (`defaults.all`) and not overridden by a more specific layer: a
   * driver that has no such field (a storage `order_by` where the server does not sort) goes without.
   */
  forAllDrivers: z.array(storageFieldsSchema.keyof()).optional(),
});
export type ParsedSettings = z.infer<typeof parsedSettingsSchema>;

export function emptySettings(): ParsedSettings {
  return { fields: {}, addition: {}, at: { fields: {}, addition: {} } };
}

export interface SettingsOptions {
  /** How messages name the mapping: `defaults.all`, `"Film A"`, `/Cloud/Open`. */
  readonly label: string;
  /** The server driver name the settings are for; undefined where none is known (`defaults.all`). */
  readonly driver?: string;
  /** Keys of the mapping that are not settings (`link`, `account`, `driver`): skipped, and offered by "did you mean". */
  readonly ownKeys?: readonly string[];
  /** False where `addition:` makes no sense (`defaults.all`: every driver has its own keys). */
  readonly additionAllowed?: boolean;
}

export interface SettingsResult {
  readonly settings: ParsedSettings;
  readonly diagnostics: Diagnostic[];
  /** Non-empty values under secret keys, for the redactor. */
  readonly secrets: string[];
}

/** Keys a settings tree reads as written (`remark: 0123` is the text "0123"): text fields, and text keys of the modules. */
export const SETTINGS_STRING_KEYS: ReadonlySet<string> = new Set([
  'remark',
  'down_proxy_url',
  'custom_cache_policies',
  'link',
  'account',
  ...DRIVER_MODULES.flatMap((module) => Object.entries(module.defaults).flatMap(([key, value]) => (typeof value === 'string' ? [key] : []))),
]);

/** Storage fields many drivers also have as their own keys (the driver's sort order). */
const DRIVER_SORT_KEYS: ReadonlySet<string> = new Set(['order_by', 'order_direction']);

function moduleOf(driver: string | undefined): DriverModule | undefined {
  return driver === undefined ? undefined : findDriverModule(driver);
}

export function readSettings(tree: PlainTree, path: readonly PathSegment[], options: SettingsOptions): SettingsResult {
  const result: SettingsResult = { settings: emptySettings(), diagnostics: [], secrets: [] };
  const mapping = valueAt(tree.value, path);
  if (!isRecord(mapping)) return result;
  const reader = new SettingsReader(tree, options, result);
  for (const [key, value] of Object.entries(mapping)) {
    const keyPath = [...path, key];
    if (tree.isReported(keyPath) || options.ownKeys?.includes(key)) continue;
    if (key === 'addition') reader.addition(keyPath, value);
    else if (isStorageFieldName(key)) reader.field(keyPath, key, value);
    else reader.unknownTopLevel(keyPath, key);
  }
  return result;
}

class SettingsReader {
  private readonly module: DriverModule | undefined;

  constructor(
    private readonly tree: PlainTree,
    private readonly options: SettingsOptions,
    private readonly result: SettingsResult,
  ) {
    this.module = moduleOf(options.driver);
  }

  field(path: PathSegment[], key: StorageFieldName, value: unknown): void {
    const checked = this.present(path, key, value) ? checkFieldValue(key, key, value) : undefined;
    const accepted = this.accept(path, checked);
    if (accepted === undefined) return;
    Object.assign(this.result.settings.fields, { [key]: accepted.value });
    this.result.settings.at.fields[key] = accepted.at;
  }

  addition(path: PathSegment[], value: unknown): void {
    const where = this.keyAt(path);
    if (this.options.additionAllowed === false) {
      this.report(where, `${this.options.label} cannot have addition: (each driver has its own keys); put them under defaults.<driver name>.addition`);
      return;
    }
    if (value === null)
      return this.report(where, `empty value for addition in ${this.options.label} (give it the driver's keys indented below it, or delete it)`);
    if (!isRecord(value))
      return this.report(this.valueAt(path), `addition in ${this.options.label} must be a mapping of the driver's keys (key: value, indented below it)`);
    for (const [key, item] of Object.entries(value)) {
      const keyPath = [...path, key];
      if (!this.tree.isReported(keyPath)) this.additionKey(keyPath, key, item);
    }
  }

  unknownTopLevel(path: PathSegment[], key: string): void {
    const where = this.keyAt(path);
    const owners = DRIVER_MODULES.filter((m) => Object.hasOwn(m.defaults, key)).map((m) => m.name);
    if (this.module ? owners.includes(this.module.name) : owners.length > 0) {
      const whose = this.module ? '' : ` (of ${owners.join(', ')})`;
      return this.report(where, `${quote(key)} in ${this.options.label} is a key of the driver${whose}: put it under addition:`);
    }
    if (this.module && owners.length > 0) {
      const whose = owners.map((owner) => `${owner}'s`).join(', ');
      return this.report(
        where,
        `unknown setting ${quote(key)} in ${this.options.label}: not a storage field, nor a key of ${this.module.name} (it is ${whose})`,
      );
    }
    const known = [...STORAGE_FIELD_NAMES, ...(this.options.additionAllowed === false ? [] : ['addition']), ...(this.options.ownKeys ?? [])];
    // nearest() weighs edits only: a shortened name (`webdav`) is found by what it starts.
    const close = nearest(key, known) ?? known.find((candidate) => candidate.startsWith(key.toLowerCase()));
    const hint = close === undefined && this.options.additionAllowed !== false ? ' (a key of the driver goes under addition:)' : '';
    const suggestion = close === undefined ? didYouMean(key, known) : `did you mean "${close}"?`;
    this.report(where, `unknown setting ${quote(key)} in ${this.options.label}; ${suggestion}${hint}`);
  }

  private additionKey(path: PathSegment[], key: string, value: unknown): void {
    const name = `addition.${key}`;
    const secret = isSecretAdditionKey(this.options.driver, key);
    if (this.module && !Object.hasOwn(this.module.defaults, key) && this.wrongKey(path, key, this.module)) return;
    if (!this.module && isStorageFieldName(key) && !DRIVER_SORT_KEYS.has(key)) {
      // Without a module the driver's keys are checked at plan time; a storage field here is almost surely misplaced.
      return this.report(
        this.keyAt(path),
        `${quote(key)} is a storage field, not a key of the driver: put it at the top level of ${this.options.label}, not under addition:`,
      );
    }
    const checked = this.present(path, name, value) ? checkAdditionValue(name, value, this.module?.defaults[key], secret) : undefined;
    const accepted = this.accept(path, checked);
    if (accepted === undefined) return;
    this.result.settings.addition[key] = accepted.value;
    this.result.settings.at.addition[key] = accepted.at;
    if (secret && typeof accepted.value === 'string' && accepted.value !== '') this.result.secrets.push(accepted.value);
  }

  /**
   * An addition key the driver module does not send: refused (true) when it is a storage field,
   * another driver's key or a typo of one of this driver's keys. Any other key passes here: a newer
   * server's driver may have it (OpenList's OnedriveAPP has `enable_direct_upload`), and plan checks
   * it against the server's own driver schema.
   */
  private wrongKey(path: PathSegment[], key: string, module: DriverModule): boolean {
    const where = this.keyAt(path);
    const keys = Object.keys(module.defaults);
    if (isStorageFieldName(key)) {
      this.report(
        where,
        `${quote(key)} is a storage field, not a key of ${module.name}: put it at the top level of ${this.options.label}, not under addition:`,
      );
      return true;
    }
    const owners = DRIVER_MODULES.filter((other) => other !== module && Object.hasOwn(other.defaults, key)).map((other) => `${other.name}'s`);
    const typo = nearest(key, keys);
    if (owners.length === 0 && typo === undefined) return false;
    const whose = owners.length > 0 ? ` (it is ${owners.join(', ')})` : '';
    const suggestion = typo === undefined ? `its keys: ${keys.join(', ')}` : `did you mean "${typo}"?`;
    this.report(where, `${quote(key)} is not a key of ${module.name}${whose}; ${suggestion}`);
    return true;
  }

  /** An empty value (`order:` with nothing after it) is reported here; true when there is a value to check. */
  private present(path: PathSegment[], name: string, value: unknown): boolean {
    if (value !== null) return true;
    this.report(this.keyAt(path), `empty value for ${name} in ${this.options.label} (write "" for empty text, or delete the line)`);
    return false;
  }

  private accept(path: PathSegment[], checked: Checked<AdditionValue> | undefined): { value: AdditionValue; at: SourceLocation } | undefined {
    if (checked === undefined) return undefined;
    if ('problem' in checked) {
      this.report(this.valueAt(path), `${checked.problem} in ${this.options.label}`);
      return undefined;
    }
    return { value: checked.value, at: this.valueAt(path) };
  }

  private keyAt(path: PathSegment[]): SourceLocation {
    return this.tree.at(path)?.key ?? { file: this.tree.file, line: 1, col: 1 };
  }

  private valueAt(path: PathSegment[]): SourceLocation {
    const { file, line, col } = this.tree.at(path)?.value ?? { file: this.tree.file, line: 1, col: 1 };
    return { file, line, col };
  }

  private report(where: SourceLocation, message: string): void {
    this.result.diagnostics.push({ file: where.file, line: where.line, col: where.col, message });
  }
}

/** Layers from the least to the most specific: a later layer's key wins, with where it was stated. */
export function mergeSettings(...layers: readonly ParsedSettings[]): ParsedSettings {
  const merged = emptySettings();
  let forAll: StorageFieldName[] = [];
  for (const layer of layers) {
    // A field from defaults.all stays "for all drivers" until a more specific layer states it
    // (checked only when there is one: this runs once per mount).
    if (forAll.length > 0) forAll = forAll.filter((name) => !Object.hasOwn(layer.fields, name));
    if (layer.forAllDrivers) forAll = [...forAll, ...layer.forAllDrivers];
    Object.assign(merged.fields, layer.fields);
    Object.assign(merged.addition, layer.addition);
    Object.assign(merged.at.fields, layer.at.fields);
    Object.assign(merged.at.addition, layer.at.addition);
  }
  if (forAll.length > 0) merged.forAllDrivers = forAll;
  return merged;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) node = node !== null && typeof node === 'object' ? (node as Record<PathSegment, unknown>)[segment] : undefined;
  return node;
}
