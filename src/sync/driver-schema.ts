/**
 * The files checked against the server's own driver schema (driver/info, alist-api.md §5) before
 * anything is written: a driver the server does not have, addition keys it does not know, required
 * keys a create would send empty, values of the wrong type or outside a select's options, storage
 * settings this server version or driver does not offer. Pure: the command fetches the schemas
 * (src/commands/driver-check.ts). Every problem is returned at once, at the file:line:col where the
 * key was stated (the entry, a section, `defaults:`), else where the storage's entry starts.
 *
 * It also returns the storages completed as the web UI would create them (driver-defaults.ts).
 */
import { isSecretKeyName } from '../drivers/secrets.js';
import type { Diagnostic, SourceLocation } from '../errors.js';
import { quote } from '../model/display.js';
import type { DriverInfo, DriverItem } from '../model/driver-info.js';
import { serverLabel, type ServerInfo } from '../model/server-info.js';
import type { AdditionValue, DesiredStorage, ServerStorage } from '../model/storage.js';
import { nearest } from '../model/suggest.js';
import { completeStorage, driverKeys, MODULE_DRIVERS, type DriverKeys } from './driver-defaults.js';
import { allowedValues, describeKind, hasKind, isSelect, itemsByName, kindOf, type ValueKind } from './driver-items.js';
import { fieldProblems, withoutInapplicable } from './driver-fields.js';

export interface DriverSchemas {
  /** driver/info of every driver the storages name; null: the server has no driver of that name. */
  infos: ReadonlyMap<string, DriverInfo | null>;
  /** The server's driver names, for "did you mean" (fetched only when a driver was not found). */
  names?: readonly string[];
  server: Pick<ServerInfo, 'version' | 'flavor'>;
}

/** What the check needs of a storage on the server: where it is, its driver, the keys it stores. */
export type CurrentStorage = Pick<ServerStorage, 'mount_path' | 'driver' | 'addition'>;

export interface SchemaCheck {
  /** Sorted by file, line, column; each distinct message once (a key in `defaults:` is reported once, not per storage). */
  problems: Diagnostic[];
  /** The storages, completed for a create as the web UI would (driver/info defaults, server-written keys). */
  storages: DesiredStorage[];
}

/**
 * Keys whose `required` flag only marks the web UI's form: the driver fills them in itself when they
 * are empty, so a storage without them works (alist-api.md §6.4: PikPak logs in with username and
 * password and writes the refresh token back; §6.2: an empty remove_way behaves as trash).
 */
const REQUIRED_IN_FORM_ONLY: Readonly<Record<string, readonly string[]>> = {
  PikPak: ['refresh_token'],
  AliyundriveOpen: ['remove_way'],
};

export function checkDriverSchemas(desired: readonly DesiredStorage[], current: readonly CurrentStorage[], schemas: DriverSchemas): SchemaCheck {
  const onServer = new Map(current.map((s) => [s.mount_path, s.driver]));
  const byDriver = new Map<string, DriverCheck>();
  const problems: Diagnostic[] = [];
  const storages: DesiredStorage[] = [];
  const unknown: DesiredStorage[] = [];
  for (const stated of desired) {
    const info = schemas.infos.get(stated.driver);
    if (!info) {
      unknown.push(stated);
      storages.push(stated);
      continue;
    }
    const storage = withoutInapplicable(stated, info);
    let check = byDriver.get(storage.driver);
    if (!check) byDriver.set(storage.driver, (check = driverCheck(current, storage.driver, info)));
    const creates = onServer.get(storage.mount_path) !== storage.driver;
    if (storage.managed.fields.length > 0) problems.push(...fieldProblems(storage, info, schemas.server));
    additionProblems(storage, check, schemas.server, problems);
    if (creates) problems.push(...missingRequired(storage, info));
    storages.push(completeStorage(storage, info, check.keys, creates));
  }
  return { problems: distinctSorted([...problems, ...unknownDrivers(unknown, schemas)]), storages };
}

/**
 * What checking a driver's storages needs, worked out once per driver: its items by name, and for
 * each item what a value must be to fit. Thousands of storages of one driver then cost a map
 * lookup and a few `typeof` tests per stated key; only a value that does not fit is looked at
 * again, for the message (valueProblem). Measured on 2,000 storages, first run: see the commit.
 */
interface DriverCheck {
  keys: DriverKeys;
  items: ReadonlyMap<string, DriverItem>;
  rules: Map<string, ItemRule>;
}

/** What a value of one item must be: of its kind; a string not empty when the item requires one; among a select's options. */
interface ItemRule {
  kind: ValueKind | undefined;
  emptyRefused: boolean;
  allowed: ReadonlySet<string> | undefined;
}

function driverCheck(current: readonly CurrentStorage[], driver: string, info: DriverInfo): DriverCheck {
  return { keys: driverKeys(current, driver, info), items: itemsByName(info.additional), rules: new Map() };
}

function ruleOf(check: DriverCheck, item: DriverItem, driver: string): ItemRule {
  let rule = check.rules.get(item.name);
  if (!rule) {
    const allowed = isSelect(item) ? allowedValues(item) : [];
    rule = {
      kind: kindOf(item),
      emptyRefused: item.required && item.default === '' && !requiredInFormOnly(driver, item.name),
      allowed: allowed.length > 0 ? new Set(allowed) : undefined,
    };
    check.rules.set(item.name, rule);
  }
  return rule;
}

/** Whether a value fits its item: the one decision, which valueProblem explains when it does not. */
function fits(rule: ItemRule, value: AdditionValue): boolean {
  if (rule.kind !== undefined && !hasKind(rule.kind, value)) return false;
  if (typeof value !== 'string') return true;
  if (value === '') return !rule.emptyRefused;
  return rule.allowed === undefined || rule.allowed.has(value);
}

/**
 * A driver the server does not have, once per driver and file, at its first entry (the rest say the
 * same). A driver the files chose (a list file's, a share link's) is no typo: the server lacks it.
 */
function unknownDrivers(storages: readonly DesiredStorage[], schemas: DriverSchemas): Diagnostic[] {
  const groups = new Map<string, DesiredStorage[]>();
  for (const storage of storages) {
    const key = `${storage.driver}\u0000${storage.source.file}`;
    const group = groups.get(key);
    if (group) group.push(storage);
    else groups.set(key, [storage]);
  }
  return [...groups.values()].map((group) => {
    const first = group.reduce((a, b) => (b.source.line < a.source.line ? b : a));
    const more = group.length - 1;
    const others = more === 0 ? '' : ` (and ${more} more ${more === 1 ? 'entry' : 'entries'} of this file)`;
    return at(
      first.source,
      `the server (${serverLabel(schemas.server)}) has no driver ${quote(first.driver)}${others}: ${unknownDriverHint(first.driver, schemas)}`,
    );
  });
}

function unknownDriverHint(driver: string, schemas: DriverSchemas): string {
  if (MODULE_DRIVERS.has(driver)) return 'this server cannot mount these storages; leave them out of the files, or use a server that has the driver';
  const hit = nearest(driver, schemas.names ?? []);
  return hit === undefined ? 'its drivers are listed in the web UI under Storages → Add' : `did you mean ${quote(hit)}?`;
}

/** The stated addition keys: known to the driver, of the right type, within a select's options, not empty when required. */
function additionProblems(storage: DesiredStorage, check: DriverCheck, server: DriverSchemas['server'], problems: Diagnostic[]): void {
  const { items } = check;
  const keys = storage.managed.addition;
  // Indexed: once per storage, in code not yet optimised, where a for-of builds an iterator (see diffStorage).
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const item = items.get(key);
    const value = storage.addition[key];
    const rule = item && ruleOf(check, item, storage.driver);
    if (rule && (value === undefined || fits(rule, value))) continue;
    const where = storage.at.addition[key] ?? storage.source;
    if (!item || !rule) {
      problems.push(at(where, unknownKey(key, storage.driver, [...items.keys()], check.keys.serverWritten, server)));
    } else if (value !== undefined) {
      // By the name rule too: a secret's value is never echoed, whoever marked (or forgot to mark) it.
      const secret = storage.secretKeys.includes(key) || isSecretKeyName(key);
      const problem = valueProblem(item, rule, value, secret, storage.driver);
      if (problem !== undefined) problems.push(at(where, `addition.${key} ${problem}`));
    }
  }
}

function unknownKey(key: string, driver: string, known: readonly string[], serverWritten: ReadonlySet<string>, server: DriverSchemas['server']): string {
  if (serverWritten.has(key)) return `addition.${key} is written by the server itself, not a setting of ${driver}: remove it from the files`;
  const hit = nearest(key, known);
  const hint = hit === undefined ? `its keys are ${known.join(', ')}` : `did you mean ${quote(hit)}?`;
  return `addition.${key} is not a key of ${driver} on this server (${serverLabel(server)}): ${hint}`;
}

/**
 * Why a stated value does not fit its item, or undefined. A secret is never echoed. An empty value
 * of a select that is not required clears it (AliyundriveOpen's order_by), as the web UI allows.
 */
function valueProblem(item: DriverItem, rule: ItemRule, value: AdditionValue, secret: boolean, driver: string): string | undefined {
  if (fits(rule, value)) return undefined;
  // Only for a message: most values fit, and quoting each one is work for nothing.
  const got = (): string => (secret ? `a ${typeof value}` : typeof value === 'string' ? quote(value) : String(value));
  if (rule.kind !== undefined && !hasKind(rule.kind, value)) return `must be ${describeKind(rule.kind)} for ${driver} (got ${got()})`;
  if (value === '') return `is required by ${driver}: it may not be empty`;
  // What is left is a select's value outside its options (the rule's set, in the form's order here).
  const allowed = allowedValues(item);
  const hit = secret ? undefined : nearest(String(value), allowed);
  return `must be one of ${allowed.join(', ')} for ${driver} (got ${got()})${hit === undefined ? '' : `: did you mean ${quote(hit)}?`}`;
}

/**
 * Required keys a create would send empty: required, without a default (a default the web UI would
 * pre-fill, root folders included), not stated in the files and not given by a driver module.
 */
function missingRequired(storage: DesiredStorage, info: DriverInfo): Diagnostic[] {
  const missing = info.additional.filter(
    (item) => item.required && item.default === '' && !(item.name in storage.addition) && !requiredInFormOnly(storage.driver, item.name),
  );
  return missing.map((item) => {
    const options = isSelect(item) ? ` (one of ${allowedValues(item).join(', ')})` : '';
    return at(
      storage.source,
      `${storage.driver} needs addition.${item.name}${options}, which the server requires and has no default for: state it in the entry or under defaults.${storage.driver}.addition`,
    );
  });
}

function requiredInFormOnly(driver: string, key: string): boolean {
  return REQUIRED_IN_FORM_ONLY[driver]?.includes(key) ?? false;
}

function at(where: SourceLocation, message: string): Diagnostic {
  return { file: where.file, line: where.line, col: where.col, message };
}

function distinctSorted(problems: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Map<string, Diagnostic>();
  for (const p of problems) seen.set(`${p.file}\u0000${p.line}\u0000${p.col}\u0000${p.message}`, p);
  return [...seen.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col));
}
