/**
 * An update is planned against the storage as listed, but the server replaces the whole row: sent as
 * listed, it would undo whatever an administrator changed since (order, remark, a proxy, disabled),
 * and the gap is unbounded while the --prune prompt waits. So apply reads the storage again just
 * before writing it and applies the patch to that fresh row. When what the patch changes was itself
 * changed meanwhile, the plan no longer holds: the update is refused, never forced.
 */
import { ApiError } from '../errors.js';
import { markOf, withMarker } from '../model/mark.js';
import type { ServerStorage, StorageFieldName, StoragePatch } from '../model/storage.js';
import type { PlannedChange } from './plan.js';

type Update = Extract<PlannedChange, { action: 'update' }>;

export type Rebased = { patch: StoragePatch } | { changed: string[] };

/**
 * The update's patch on the fresh row, or the names of what changed on the server since the plan
 * among what the update writes: the id, mount path and driver (what the plan matched on), the patched
 * fields and addition keys, and the presence of the mark in the remark (an administrator who took
 * the mark out released the storage; putting it back is not ours to decide).
 */
export function rebaseUpdate(change: Update, fresh: ServerStorage): Rebased {
  const listed = change.current;
  const changed: string[] = [];
  // A reply about another row (an odd server or proxy) must never be written back under it.
  if (fresh.id !== listed.id) changed.push('id');
  if (fresh.mount_path !== listed.mount_path) changed.push('mount_path');
  if (fresh.driver !== listed.driver) changed.push('driver');
  // Another storage now: its values are not comparable with the plan's.
  if (changed.length > 0) return { changed };
  const remarkManaged = change.fields.some((f) => f.scope === 'storage' && f.name === 'remark');
  // The mark itself, which set it names (another set marking it meanwhile is a change too), and the
  // fingerprint of its secrets (another apply pushed secrets meanwhile: what the plan pushes may be stale).
  const [freshMark, listedMark] = [markOf(fresh.remark), markOf(listed.remark)];
  if (!remarkManaged && (freshMark?.set !== listedMark?.set || freshMark?.fingerprint !== listedMark?.fingerprint)) changed.push('remark');
  for (const field of change.fields) {
    const before = field.scope === 'storage' ? listed[field.name as StorageFieldName] : listed.addition[field.name];
    const now = field.scope === 'storage' ? fresh[field.name as StorageFieldName] : fresh.addition[field.name];
    if (before !== now) changed.push(field.name);
  }
  if (changed.length > 0) return { changed };
  // The remark is the administrator's text plus our mark: their text as it is now, unless the files set it.
  // The mark is the one the plan wrote into the patch: this folder's set, the files' fingerprint.
  const planned = markOf(change.patch.remark ?? '');
  const remark = remarkManaged ? change.patch.remark : withMarker(fresh.remark, planned?.set ?? null, planned?.fingerprint);
  return { patch: { ...change.patch, ...(remark === undefined ? {} : { remark }) } };
}

export function changedMessage(changed: readonly string[]): string {
  return `changed on the server since the plan (${changed.join(', ')}); not updated — run plan again`;
}

export const GONE_MESSAGE = 'no longer on the server (deleted since the plan); not updated — run plan again';

/** The storage is gone: the re-read, or the update itself, found no row with its id. */
export function isGone(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    ((error.endpoint === '/api/admin/storage/get' && error.serverMessage === 'record not found') ||
      (error.endpoint === '/api/admin/storage/update' && error.serverMessage === 'failed get old storage: record not found'))
  );
}
