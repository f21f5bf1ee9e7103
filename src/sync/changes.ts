import type { Addition, FieldChange, ServerStorage, StorageCreate, StoragePatch } from '../model/storage.js';
import type { SetName } from '../model/mark.js';
import type { IrregularRow } from './irregular.js';

/** The changes a plan holds (plan.ts computes them), each with what rendering and applying need. */
export type PlannedChange =
  | {
      action: 'create';
      mount_path: string;
      driver: string;
      /** What to create, our mark in its remark. */
      storage: StorageCreate;
      /** The files want it disabled: apply disables it once created (a create always makes it enabled). */
      disabled: boolean;
      /** The values the files manage, secrets left out: what a reviewer sees. */
      visible: Addition;
      /** The managed addition keys whose values are secret: shown by name only. */
      sensitive: string[];
    }
  | {
      action: 'update';
      mount_path: string;
      driver: string;
      id: number;
      /** The storage as listed: the update starts from it. */
      current: ServerStorage;
      fields: FieldChange[];
      /** The storage was made outside alist-batch (or by another set): this update marks it as this set's (prunable). */
      adopts: boolean;
      /** --adopt takes over a storage another alist-batch set marked: which set (null: the unnamed one). */
      other_set?: SetName;
      /** The storage is not working: re-saving it makes the server restart its driver (--retry-broken). */
      restarts: boolean;
      /** --adopt and nothing else to change: the mark of an earlier version gets the secrets fingerprint. */
      fingerprints?: true;
      /** The managed keys that change, and the remark with our mark. */
      patch: StoragePatch;
    }
  | { action: 'delete'; mount_path: string; driver: string; id: number; current: ServerStorage }
  | {
      /**
       * A storage this folder's set manages whose driver the files changed (a mount moved from one
       * list file to another): deleted, then created anew. As destructive as a deletion, so it is
       * confirmed like one.
       */
      action: 'replace';
      mount_path: string;
      driver: string;
      id: number;
      current: ServerStorage;
      current_driver: string;
      storage: StorageCreate;
      disabled: boolean;
      visible: Addition;
      sensitive: string[];
    }
  | {
      action: 'conflict';
      mount_path: string;
      driver: string;
      id: number;
      current_driver: string;
      reason: string;
      /** The server's rows at this path are irregular (duplicates, a path not in clean form): none is picked. */
      irregular?: IrregularRow[];
      /** Present when the conflict is the owner, not the driver: the other alist-batch set that manages it. */
      other_set?: SetName;
    };

export type Action = PlannedChange['action'];
