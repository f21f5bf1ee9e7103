import type { Addition, DesiredStorage, FieldChange, ServerStorage, StorageCreate, StorageFieldName, StorageRef } from '../model/storage.js';
import { compareMountPaths } from '../model/mount-path.js';
import { isOwnedBy, markOf, withMarker, type SetName } from '../model/mark.js';
import { diffStorage, isBroken, patchOf } from './diff.js';
import { secretFingerprint } from './fingerprint.js';
import { irregularConflict, irregularRows, splitIrregular, type IrregularRow } from './irregular.js';
import { otherSetOf, otherSetReason, refOf, sortLeftovers, type OtherSetStorage, type Ownership } from './ownership.js';

export type { Action, PlannedChange } from './changes.js';
import type { Action, PlannedChange } from './changes.js';
export type { FieldChange, StorageRef };
export { isBroken };

export interface UnchangedStorage {
  mount_path: string;
  driver: string;
  id: number;
  /** "work" for a healthy storage; otherwise the server's status text (the driver's error). */
  status: string;
  /** Carries alist-batch's mark. */
  marked: boolean;
}

export interface Plan {
  /** Sorted by mount path. */
  changes: PlannedChange[];
  unchanged: UnchangedStorage[];
  /** Storages marked as ours that the files no longer name; deleted only with --prune. */
  orphans: StorageRef[];
  /** Storages marked as ours of a driver whose section is not enabled: out of scope, left alone. */
  outOfScope: StorageRef[];
  /** Storages of other alist-batch sets that the files do not name: left alone. */
  otherSets: OtherSetStorage[];
  /** This folder's set (config.yaml's name:); null: the unnamed set. */
  set: SetName;
  /** Storages without our mark that the files do not name: never touched. */
  unmanaged: StorageRef[];
  /** Storages the files name that carry no mark (made by hand or by alist_batch): --adopt marks them. */
  unmarked: StorageRef[];
  /** Rows at irregular mount paths (two at one path, a path not in clean form): never touched (irregular.ts). */
  irregular: IrregularRow[];
  prune: boolean;
}

export interface PlanOptions extends Partial<Ownership> {
  prune: boolean;
  /**
   * Mark storages made outside alist-batch (by hand, or by the old alist_batch tool) at paths the
   * files name as managed, even when nothing else changes, so that --prune can later delete them.
   * Default false.
   */
  adopt?: boolean;
  /**
   * Re-save storages that match the files but are not working, so that the server restarts their
   * drivers (after the cause was fixed outside: admin consent granted, a new account now live).
   * Default false: a dead share link would otherwise be written on every run.
   */
  retryBroken?: boolean;
}

/**
 * The release plan, as a pure function of what the files want and what the server has: no I/O, so
 * it is tested on its own. Storages are matched by (already cleaned) mount path.
 */
export function computePlan(desired: readonly DesiredStorage[], listed: readonly ServerStorage[], options: PlanOptions): Plan {
  const { regular: byPath, irregular } = splitIrregular(listed);
  const wanted = new Set<string>();
  const changes: PlannedChange[] = [];
  const unchanged: UnchangedStorage[] = [];
  const ownership: Ownership = { set: options.set ?? null, drivers: options.drivers, exceptDrivers: options.exceptDrivers };

  for (const want of desired) {
    wanted.add(want.mount_path);
    const odd = irregular.size > 0 ? irregular.get(want.mount_path) : undefined;
    if (odd) {
      changes.push(irregularConflict(want, odd));
      continue;
    }
    const have = byPath.get(want.mount_path);
    if (!have) {
      changes.push(create(want, ownership.set));
    } else if (have.driver !== want.driver) {
      // Ours (this folder's mark): the files moved the mount to another driver, so it is replaced.
      changes.push(isOwnedBy(have.remark, ownership.set) ? replace(want, have, ownership.set) : conflict(want, have));
    } else if (otherSetOf(have.remark, ownership) && options.adopt !== true) {
      changes.push(setConflict(have, ownership));
    } else {
      const update = updateOf(want, have, ownership, options);
      if (update) changes.push(update);
      else
        unchanged.push({ mount_path: have.mount_path, driver: have.driver, id: have.id, status: have.status, marked: isOwnedBy(have.remark, ownership.set) });
    }
  }

  const notInFiles: ServerStorage[] = [];
  // forEach, not for-of: no [path, storage] pair per listed row (a for-of over the map cost ~7 ms for 2,000, cold).
  byPath.forEach((storage, path) => {
    if (!wanted.has(path)) notInFiles.push(storage);
  });
  const { orphans, outOfScope, otherSets, unmanaged } = sortLeftovers(notInFiles, ownership);
  if (options.prune) for (const orphan of orphans) changes.push({ action: 'delete', ...refOf(orphan), current: orphan });

  changes.sort((a, b) => compareMountPaths(a.mount_path, b.mount_path));
  unchanged.sort((a, b) => compareMountPaths(a.mount_path, b.mount_path));
  const unmarked = unchanged.filter((s) => !s.marked).map(({ mount_path, driver, id }) => ({ mount_path, driver, id }));
  const notPruned = options.prune ? [] : orphans.map(refOf);
  return {
    changes,
    unchanged,
    orphans: notPruned,
    outOfScope,
    otherSets,
    unmanaged,
    unmarked,
    irregular: irregularRows(irregular),
    prune: options.prune,
    set: ownership.set,
  };
}

export function countActions(plan: Plan): Record<Action, number> & { unchanged: number } {
  const counts = { create: 0, update: 0, delete: 0, replace: 0, conflict: 0, unchanged: plan.unchanged.length };
  for (const change of plan.changes) counts[change.action] += 1;
  return counts;
}

export function hasChanges(plan: Plan): boolean {
  return plan.changes.some((c) => c.action !== 'conflict');
}

/**
 * The update of a storage at a path the files name, or undefined when it matches. Besides what
 * differs: --adopt marks a storage made elsewhere, and writes the secrets fingerprint into a mark an
 * earlier version wrote without one (the secrets themselves are not pushed: the server may have
 * rotated them); --retry-broken saves a broken storage again.
 */
function updateOf(want: DesiredStorage, have: ServerStorage, ownership: Ownership, options: PlanOptions): PlannedChange | undefined {
  const fields = diffStorage(want, have, ownership.set);
  const adopts = !isOwnedBy(have.remark, ownership.set);
  const from = otherSetOf(have.remark, ownership);
  const restarts = fields.length === 0 && isBroken(have.status) && options.retryBroken === true;
  const fingerprints = !adopts && options.adopt === true && secretFingerprint(want) !== undefined && markOf(have.remark)?.fingerprint === undefined;
  if (fields.length === 0 && !(adopts && options.adopt === true) && !restarts && !fingerprints) return undefined;
  return {
    action: 'update',
    mount_path: want.mount_path,
    driver: want.driver,
    id: have.id,
    current: have,
    fields,
    adopts,
    ...(from ? { other_set: from.set } : {}),
    restarts,
    ...(fingerprints && fields.length === 0 ? { fingerprints: true as const } : {}),
    patch: patchOf(want, have, fields, ownership.set),
  };
}

function conflict(want: DesiredStorage, have: ServerStorage): PlannedChange {
  return {
    action: 'conflict',
    mount_path: want.mount_path,
    driver: want.driver,
    id: have.id,
    current_driver: have.driver,
    reason:
      `the server has a storage of driver ${have.driver} at this path, the files want ${want.driver}; it is left untouched. ` +
      `Rename the mount in the list file, or delete or move that storage on the server, then run apply again.`,
  };
}

/** A storage another alist-batch set manages at a path these files name: not taken over without --adopt. */
function setConflict(have: ServerStorage, ownership: Ownership): PlannedChange {
  const set = otherSetOf(have.remark, ownership)?.set ?? null;
  return { action: 'conflict', ...refOf(have), current_driver: have.driver, reason: otherSetReason(set, ownership), other_set: set };
}

function replace(want: DesiredStorage, have: ServerStorage, set: SetName): PlannedChange {
  const { storage, disabled, visible, sensitive } = create(want, set);
  return {
    action: 'replace',
    mount_path: want.mount_path,
    driver: want.driver,
    id: have.id,
    current: have,
    current_driver: have.driver,
    storage,
    disabled,
    visible,
    sensitive,
  };
}

function create(want: DesiredStorage, set: SetName): Extract<PlannedChange, { action: 'create' }> {
  const secretKeys = want.secretKeys;
  // A new storage is always created enabled (the server starts its driver either way); apply disables it after.
  const { disabled, ...fields } = want.fields;
  const storage: StorageCreate = {
    mount_path: want.mount_path,
    driver: want.driver,
    ...fields,
    remark: withMarker(want.fields.remark, set, secretFingerprint(want)),
    addition: { ...want.addition },
  };
  return {
    action: 'create',
    mount_path: want.mount_path,
    driver: want.driver,
    storage,
    disabled,
    visible: visibleValues(want, secretKeys),
    sensitive: want.managed.addition.filter((k) => secretKeys.includes(k)),
  };
}

/** The managed values of a create, without secrets: what a reviewer wants to see. */
function visibleValues(want: DesiredStorage, secretKeys: readonly string[]): Addition {
  const values: Addition = {};
  const { fields, addition } = want.managed;
  // Indexed loops: once per create, in code not yet optimised (see diffStorage).
  for (let i = 0; i < fields.length; i++) {
    const name = fields[i] as StorageFieldName;
    values[name] = want.fields[name];
  }
  for (let i = 0; i < addition.length; i++) {
    const name = addition[i] as string;
    const value = want.addition[name];
    if (value !== undefined && !secretKeys.includes(name)) values[name] = value;
  }
  return values;
}
