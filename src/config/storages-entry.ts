import type { SourceLocation } from '../errors.js';
import { findDriverModule } from '../drivers/index.js';
import { quote } from '../model/display.js';
import { cleanMountPath } from '../model/mount-path.js';
import type { DesiredStorage } from '../model/storage.js';
import { nameProblem } from './names.js';
import { claimMountPath, type ResolveState } from './resolve.js';
import { defaultsFor } from './defaults.js';
import { desiredStorage } from './desired.js';
import { mergeSettings, readSettings, type ParsedSettings } from './storage-settings.js';
import { dottedPath, type PlainTree } from './tree.js';

/**
 * One entry of storages.yaml: `<mount path>: {driver: <server driver name>, ...settings}`. Every
 * problem is reported at its place; undefined when the entry cannot become a storage.
 */
export function storageEntry(tree: PlainTree, mountKey: string, state: ResolveState): DesiredStorage | undefined {
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
  const driver = driverOf(tree, mountKey, (value as Record<string, unknown>).driver, source, report);
  const read = readSettings(tree, [mountKey], { label: mountKey, driver, ownKeys: ['driver'] });
  state.diagnostics.push(...read.diagnostics);
  if (mountPath === undefined || driver === undefined || read.diagnostics.length > 0) return undefined;
  // Precedence: defaults.all, then defaults.<driver>, then the entry.
  const settings = mergeSettings(defaultsFor(state.defaults, driver), read.settings);
  const missingAccount = accountProblem(driver, settings);
  if (missingAccount !== undefined) return report(source, `${quote(mountKey)}: ${missingAccount}`);
  state.secrets.push(...read.secrets);
  return claimMountPath(state, mountPath, source) ? storageOf(mountPath, driver, settings, source) : undefined;
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

/**
 * The storage (desired.ts): for a driver with a module, every key it sends with its secret and
 * server-written keys; for any other driver exactly the stated keys, secret by name, and a secret the
 * server changes (a refreshed token) is not drift.
 */
function storageOf(mountPath: string, driver: string, settings: ParsedSettings, source: SourceLocation): DesiredStorage {
  const module = findDriverModule(driver);
  const storage = desiredStorage({ mountPath, driver, module, settings, source });
  return module ? storage : { ...storage, rewrittenKeys: [...storage.secretKeys] };
}

/** A share driver opened with an account (Aliyun, 115) needs one of its account keys. */
function accountProblem(driver: string, settings: ParsedSettings): string | undefined {
  const keys = findDriverModule(driver)?.accountKeys ?? [];
  if (keys.length === 0 || keys.some((key) => settings.addition[key] !== undefined && settings.addition[key] !== '')) return undefined;
  const quoted = /^[A-Za-z0-9_]+$/.test(driver) ? driver : `"${driver}"`;
  return `${driver} opens shares with your own account: add ${keys.map((key) => `addition.${key}`).join(' or ')} (here, or under defaults.${quoted} in config.yaml)`;
}
