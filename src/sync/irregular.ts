/**
 * Server rows at irregular mount paths: two rows at one path, or a row whose path is not in the
 * form the server stores (`/Teams/u2/` rather than `/Teams/u2`). The real server cleans every path
 * it saves and keeps them unique, so such rows come from a database edited by hand, an old
 * version or a modified server. alist-batch never picks one of them: it would update or prune a
 * storage at random, or create a second storage beside one that users already see at that path.
 * They are reported, and a path the files name among them is a conflict for the admin to resolve.
 */
import type { DesiredStorage, ServerStorage, StorageRef } from '../model/storage.js';
import { cleanMountPath, compareMountPaths } from '../model/mount-path.js';
import { count } from '../ui/text.js';

export type IrregularProblem = 'duplicate' | 'noncanonical';

/** One irregular row: its path as the server has it, the path it stands for, and what is wrong. */
export interface IrregularRow extends StorageRef {
  clean_path: string;
  problems: IrregularProblem[];
}

export interface SplitRows {
  /** Rows alone at their own, clean path, by that path: the plan works on these. */
  regular: Map<string, ServerStorage>;
  /** Clean path → every row that stands for it (by id), when there is more than one or one is not clean. */
  irregular: Map<string, ServerStorage[]>;
}

/**
 * One pass, one map entry per regular row (no group array per row: a 2,000-row list has none that
 * is irregular), and the map is the plan's lookup by path.
 */
export function splitIrregular(listed: readonly ServerStorage[]): SplitRows {
  const regular = new Map<string, ServerStorage>();
  const irregular = new Map<string, ServerStorage[]>();
  for (const row of listed) {
    const clean = cleanMountPath(row.mount_path);
    const group = irregular.get(clean);
    const alone = regular.get(clean);
    if (group) group.push(row);
    else if (alone) {
      regular.delete(clean);
      irregular.set(clean, [alone, row]);
    } else if (clean !== row.mount_path) irregular.set(clean, [row]);
    else regular.set(clean, row);
  }
  for (const rows of irregular.values()) rows.sort((a, b) => a.id - b.id);
  return { regular, irregular };
}

/** Every irregular row, by the path it stands for, then id. */
export function irregularRows(irregular: ReadonlyMap<string, readonly ServerStorage[]>): IrregularRow[] {
  const out: IrregularRow[] = [];
  for (const [clean, rows] of [...irregular].sort(([a], [b]) => compareMountPaths(a, b))) {
    for (const row of rows) {
      const problems: IrregularProblem[] = [];
      if (rows.length > 1) problems.push('duplicate');
      if (row.mount_path !== clean) problems.push('noncanonical');
      out.push({ mount_path: row.mount_path, driver: row.driver, id: row.id, clean_path: clean, problems });
    }
  }
  return out;
}

/** A conflict change (plan.ts) at a path where the server has irregular rows. */
export interface IrregularConflict extends StorageRef {
  action: 'conflict';
  current_driver: string;
  reason: string;
  irregular: IrregularRow[];
}

/** The conflict for a path the files name where the server has irregular rows: never one picked, never a second created. */
export function irregularConflict(want: DesiredStorage, rows: readonly ServerStorage[]): IrregularConflict {
  const [first] = rows;
  const drivers = [...new Set(rows.map((r) => r.driver))].join(', ');
  return {
    action: 'conflict',
    mount_path: want.mount_path,
    driver: want.driver,
    id: first?.id ?? 0,
    current_driver: drivers,
    reason: irregularReason(want.mount_path, rows),
    irregular: irregularRows(new Map([[want.mount_path, [...rows]]])),
  };
}

function irregularReason(path: string, rows: readonly ServerStorage[]): string {
  const named = rows.map((r) => `${JSON.stringify(r.mount_path)} (${r.driver}, id ${r.id})`).join(', ');
  const [only] = rows;
  if (rows.length === 1 && only) {
    return (
      `the server has a storage at ${named}, which is this path written in a form the server does not store; ` +
      `alist-batch neither takes it over nor creates a second storage beside it. ` +
      `Fix its mount path in the web UI (Storages → Edit → Mount Path: ${path}), or delete it there, then run apply again.`
    );
  }
  return (
    `the server has ${count(rows.length, 'storage')} at this path: ${named}; alist-batch does not pick one. ` +
    `Delete or move all but one in the web UI (Storages; fix any mount path not written as ${path}), then run apply again.`
  );
}
