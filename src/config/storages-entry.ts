import type { SourceLocation } from '../errors.js';
import { findDriverModule } from '../drivers/index.js';
import { isSecretKeyName } from '../drivers/secrets.js';
import { quote } from '../model/display.js';
import { cleanMountPath } from '../model/mount-path.js';
import { DEFAULT_STORAGE_FIELDS, type Addition, type DesiredStorage } from '../model/storage.js';
import { nameProblem } from './names.js';
import { claimMountPath, type ResolveState } from './resolve.js';
import { didYouMean } from './suggest.js';
import { dottedPath, type PathSegment, type PlainTree } from './tree.js';

/** What one storages.yaml entry states besides its driver: addition keys with where each was written. */
interface StatedAddition {
  readonly values: Addition;
  readonly at: Record<string, SourceLocation>;
}

/** The keys an entry may have (storage fields come with the settings parser). */
const ENTRY_KEYS = ['driver', 'addition'];

/**
 * One entry of storages.yaml: `<mount path>: {driver: <server driver name>, addition: {...}}`. Every
 * problem is reported at its place; undefined when the entry cannot become a storage.
 */
export function storageEntry(tree: PlainTree, mountKey: string, state: ResolveState, secrets: string[]): DesiredStorage | undefined {
  const where = tree.at([mountKey]);
  const source = where?.key ?? { file: tree.file, line: 1, col: 1 };
  const report = (at: SourceLocation | undefined, message: string): undefined => void state.diagnostics.push({ ...(at ?? source), message });
  const mountPath = mountPathOf(mountKey, source, report);
  const value = (tree.value as Record<string, unknown>)[mountKey];
  if (tree.isReported([mountKey])) return undefined;
  if (value === null || value === undefined) return report(source, `empty value for ${quote(mountKey)}: give it driver: <server driver name> and its settings`);
  if (typeof value !== 'object' || Array.isArray(value)) {
    return report(where?.value, `${quote(mountKey)} must be a mapping of keys (driver:, addition:, ...), not a single value or a list`);
  }
  const entry = value as Record<string, unknown>;
  for (const key of Object.keys(entry)) {
    if (!ENTRY_KEYS.includes(key)) report(tree.at([mountKey, key])?.key, `unknown key in ${quote(mountKey)}: ${quote(key)}; ${didYouMean(key, ENTRY_KEYS)}`);
  }
  const driver = driverOf(tree, mountKey, entry.driver, source, report);
  const stated = statedAddition(tree, [mountKey, 'addition'], entry.addition, report);
  if (mountPath === undefined || driver === undefined || stated === undefined) return undefined;
  const storage = desiredStorage(mountPath, driver, stated, source);
  const missingAccount = accountProblem(driver, stated);
  if (missingAccount !== undefined) return report(source, `${quote(mountKey)}: ${missingAccount}`);
  for (const key of storage.secretKeys) {
    const secret = stated.values[key];
    if (typeof secret === 'string' && secret !== '') secrets.push(secret);
  }
  return claimMountPath(state, mountPath, source) ? storage : undefined;
}

/** The mount path a key names: absolute, cleaned as the server cleans it, never the root. */
function mountPathOf(key: string, source: SourceLocation, report: (at: SourceLocation, message: string) => undefined): string | undefined {
  if (!key.startsWith('/')) return report(source, `mount path ${quote(key)} must start with "/" (write "/${key}")`);
  const problem = nameProblem('mount path', key);
  if (problem !== undefined) return report(source, problem);
  const mountPath = cleanMountPath(key);
  if (mountPath === '/') return report(source, `mount path ${quote(key)} cleans to "/" (the root): a storage cannot be mounted there`);
  return mountPath;
}

function driverOf(
  tree: PlainTree,
  mountKey: string,
  value: unknown,
  source: SourceLocation,
  report: (at: SourceLocation | undefined, message: string) => undefined,
) {
  const path = [mountKey, 'driver'];
  if (tree.isReported(path)) return undefined;
  if (value === undefined) return report(source, `missing required key "driver" in ${quote(mountKey)} (the server's driver name, e.g. AliyundriveOpen)`);
  if (typeof value !== 'string' || value.trim() === '') {
    return report(tree.at(path)?.value, `${dottedPath(path)} must be the name of a server driver (e.g. AliyundriveOpen, "115 Share")`);
  }
  return value;
}

/** The `addition:` mapping: each value a string, number or bool, with its location. */
function statedAddition(
  tree: PlainTree,
  path: PathSegment[],
  value: unknown,
  report: (at: SourceLocation | undefined, message: string) => undefined,
): StatedAddition | undefined {
  const stated: StatedAddition = { values: {}, at: {} };
  if (value === undefined || tree.isReported(path)) return stated;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return report(tree.at(path)?.value, `${dottedPath(path)} must be a mapping of the driver's keys (key: value, indented below it)`);
  }
  let fine = true;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const keyPath = [...path, key];
    if (tree.isReported(keyPath)) {
      fine = false;
      continue;
    }
    const at = tree.at(keyPath);
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
      stated.values[key] = item;
      stated.at[key] = at?.value ?? at?.key ?? { file: tree.file, line: 1, col: 1 };
      continue;
    }
    fine = false;
    const what = item === null ? 'an empty value (write "" for an empty string)' : 'a list or mapping';
    report(at?.value, `${dottedPath(keyPath)} is ${what}: a driver key takes a string, a number or true/false`);
  }
  return fine ? stated : undefined;
}

/**
 * The storage: for a driver with a module, every key it sends (its defaults, then what is stated)
 * with its secret and server-written keys; for any other driver, exactly the stated keys, secret by
 * name, and a secret the server rotates is not drift.
 */
function desiredStorage(mountPath: string, driver: string, stated: StatedAddition, source: SourceLocation): DesiredStorage {
  const module = findDriverModule(driver);
  const secretKeys = module ? [...module.secretKeys] : Object.keys(stated.values).filter(isSecretKeyName);
  return {
    mount_path: mountPath,
    driver,
    fields: { ...DEFAULT_STORAGE_FIELDS },
    addition: { ...module?.defaults, ...stated.values },
    managed: { fields: [], addition: Object.keys(stated.values) },
    source,
    at: { fields: {}, addition: stated.at },
    secretKeys,
    rewrittenKeys: module ? [...module.serverRewrittenKeys] : secretKeys,
  };
}

/** A share driver opened with an account (Aliyun, 115) needs one of its account keys. */
function accountProblem(driver: string, stated: StatedAddition): string | undefined {
  const keys = findDriverModule(driver)?.accountKeys ?? [];
  if (keys.length === 0 || keys.some((key) => stated.values[key] !== undefined && stated.values[key] !== '')) return undefined;
  return `${driver} opens shares with your own account: add ${keys.map((key) => `addition.${key}`).join(' or ')}`;
}
