import { cleanMountPath, compareMountPaths } from '../model/mount-path.js';
import type { DesiredStorage, ServerStorage } from '../model/storage.js';
import { hintFor } from './hints.js';
import { selector, type Selection } from './select.js';

/**
 * `alist-batch status`, as a pure function of what the files describe and what the server has:
 * one state per storage. Nothing here is written; the command only reads.
 */
export type StorageState = 'working' | 'disabled' | 'broken' | 'missing' | 'conflict';
export const STORAGE_STATES: readonly StorageState[] = ['working', 'disabled', 'broken', 'missing', 'conflict'];

export interface StatusEntry {
  mount_path: string;
  driver: string;
  state: StorageState;
  /** Whether the files describe it (false only with --all). */
  described: boolean;
  id?: number;
  /** The server's status text (the driver's error for a broken storage). */
  status?: string;
  /** What is wrong, for missing and conflicting storages. */
  reason?: string;
  hint?: string;
}

export interface StatusReport {
  /** Sorted by mount path. */
  entries: StatusEntry[];
  /** Described storages the selection left out. */
  leftOut: number;
}

export interface StatusOptions {
  /** Also report the server's storages the files do not describe. */
  all: boolean;
  selection: Selection;
}

export function computeStatus(desired: readonly DesiredStorage[], current: readonly ServerStorage[], options: StatusOptions): StatusReport {
  const selected = selector(options.selection);
  const rowsAt = groupByCleanPath(current);
  const entries: StatusEntry[] = [];
  let leftOut = 0;
  for (const want of desired) {
    if (!selected(want.mount_path, want.driver)) {
      leftOut += 1;
      continue;
    }
    entries.push(describedEntry(want, rowsAt.get(want.mount_path) ?? []));
  }
  if (options.all) {
    const described = new Set(desired.map((d) => d.mount_path));
    for (const row of current) {
      if (!described.has(cleanMountPath(row.mount_path)) && selected(row.mount_path, row.driver)) entries.push({ ...rowState(row), described: false });
    }
  }
  entries.sort((a, b) => compareMountPaths(a.mount_path, b.mount_path));
  return { entries, leftOut };
}

export function countStates(entries: readonly StatusEntry[]): Record<StorageState, number> {
  const counts = { working: 0, disabled: 0, broken: 0, missing: 0, conflict: 0 };
  for (const entry of entries) counts[entry.state] += 1;
  return counts;
}

/** Whether a cron job should be told: a described storage is broken, missing or in conflict. */
export function needsAttention(entries: readonly StatusEntry[]): boolean {
  return entries.some((e) => e.described && (e.state === 'broken' || e.state === 'missing' || e.state === 'conflict'));
}

/** The server rows by the path they really mount at (a row stored as `/a/b/` mounts at `/a/b`). */
function groupByCleanPath(current: readonly ServerStorage[]): Map<string, ServerStorage[]> {
  const groups = new Map<string, ServerStorage[]>();
  for (const row of current) {
    const path = cleanMountPath(row.mount_path);
    groups.set(path, [...(groups.get(path) ?? []), row]);
  }
  return groups;
}

function describedEntry(want: DesiredStorage, rows: readonly ServerStorage[]): StatusEntry {
  const base = { mount_path: want.mount_path, driver: want.driver, described: true };
  const [row, ...others] = rows;
  if (!row) return { ...base, state: 'missing', reason: 'no storage at this path (apply creates it)' };
  if (others.length > 0) {
    return {
      ...base,
      state: 'conflict',
      reason: `${rows.length} storages on the server mount at this path (ids ${rows.map((r) => r.id).join(', ')}): keep one in the web UI`,
    };
  }
  if (row.driver !== want.driver) {
    return { ...base, id: row.id, state: 'conflict', reason: `the server has a ${row.driver} storage at this path, the files want ${want.driver}` };
  }
  if (row.mount_path !== want.mount_path) {
    return { ...base, id: row.id, state: 'conflict', reason: `the server stores this path as "${row.mount_path}": correct it in the web UI` };
  }
  return { ...rowState(row), described: true };
}

function rowState(row: ServerStorage): Omit<StatusEntry, 'described'> {
  const base = { mount_path: row.mount_path, driver: row.driver, id: row.id, status: row.status };
  if (row.disabled || row.status === 'disabled') return { ...base, state: 'disabled' };
  if (row.status === 'work') return { ...base, state: 'working' };
  const hint = hintFor(row.status);
  return hint ? { ...base, state: 'broken', hint } : { ...base, state: 'broken' };
}
