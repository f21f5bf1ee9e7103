import { compareMountPaths } from '../model/mount-path.js';
import { describeSet, markOf, type SetName } from '../model/mark.js';
import type { ServerStorage, StorageRef } from '../model/storage.js';

/**
 * Whose a storage is, and so what prune may do with it. A config folder manages the storages
 * marked with its set (config.yaml's `name:`; none: the unnamed set) whose driver belongs to one
 * of its enabled sections. Everything else on the server is someone else's: another set's, a
 * disabled section's, or made by hand; prune leaves all of it alone.
 */
export interface Ownership {
  /** This folder's set. */
  set: SetName;
  /** The drivers of its enabled sections; undefined: every driver (the plan's own tests). */
  drivers?: readonly string[];
  /** Drivers out of scope even when `drivers` is undefined (storages.yaml: every driver but a disabled section's). */
  exceptDrivers?: readonly string[];
}

/** A storage of another alist-batch set, and which. */
export interface OtherSetStorage extends StorageRef {
  set: SetName;
}

/** The storages the files do not name, by what prune may do with them. Each list sorted by mount path. */
export interface Leftovers {
  /** Ours and in scope: deleted by --prune. */
  orphans: ServerStorage[];
  /** Ours, but of a driver whose section is not enabled: left alone. */
  outOfScope: StorageRef[];
  /** Marked by another set: left alone. */
  otherSets: OtherSetStorage[];
  /** No mark at all (made by hand, or by the old tool): never touched. */
  unmanaged: StorageRef[];
}

export function refOf(s: ServerStorage): StorageRef {
  return { mount_path: s.mount_path, driver: s.driver, id: s.id };
}

/** The other set that marked this storage; undefined when it is unmarked or ours. */
export function otherSetOf(remark: string, ownership: Ownership): { set: SetName } | undefined {
  const mark = markOf(remark);
  return mark !== undefined && mark.set !== ownership.set ? mark : undefined;
}

export function sortLeftovers(notInFiles: readonly ServerStorage[], ownership: Ownership): Leftovers {
  const leftovers: Leftovers = { orphans: [], outOfScope: [], otherSets: [], unmanaged: [] };
  const inScope = (driver: string): boolean =>
    (ownership.drivers === undefined || ownership.drivers.includes(driver)) && !(ownership.exceptDrivers ?? []).includes(driver);
  for (const storage of [...notInFiles].sort((a, b) => compareMountPaths(a.mount_path, b.mount_path))) {
    const mark = markOf(storage.remark);
    if (mark === undefined) leftovers.unmanaged.push(refOf(storage));
    else if (mark.set !== ownership.set) leftovers.otherSets.push({ ...refOf(storage), set: mark.set });
    else if (!inScope(storage.driver)) leftovers.outOfScope.push(refOf(storage));
    else leftovers.orphans.push(storage);
  }
  return leftovers;
}

/** Why a storage of another set at a path the files name is left untouched, and what to do. */
export function otherSetReason(set: SetName, ownership: Ownership): string {
  return (
    `managed by ${describeSet(set)}, not by this folder's (${ownership.set === null ? 'unnamed' : `"${ownership.set}"`}); it is left untouched. ` +
    'Remove the mount from one of the two folders, or run apply --adopt here to take it over (it is then re-marked for this set).'
  );
}
