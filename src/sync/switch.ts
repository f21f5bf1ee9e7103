/**
 * `disabled`, a managed storage field that apply never writes through an update: the server must
 * keep its own value in the row it replaces (alist-api.md §4.4 steps 5–6: a storage enabled through
 * an update is saved as enabled but never loaded). Apply calls /enable or /disable after the write.
 */
import type { ServerStorage, StoragePatch } from '../model/storage.js';
import type { PlannedChange } from './changes.js';

/** What apply did to a storage's enabled state, after its write. */
export type Switched = 'enabled' | 'disabled';

/** The two calls, by storage id. */
export interface SwitchApi {
  enableStorage(id: number): Promise<void>;
  disableStorage(id: number): Promise<void>;
}

type Write = Extract<PlannedChange, { action: 'create' | 'update' | 'replace' }>;

/** Whether the change ends by enabling or disabling the storage (undefined: it stays as it is). */
export function switchOf(change: Write): Switched | undefined {
  if (change.action !== 'update') return change.disabled ? 'disabled' : undefined;
  const field = change.fields.find((f) => f.scope === 'storage' && f.name === 'disabled');
  if (field === undefined) return undefined;
  return field.new === true ? 'disabled' : 'enabled';
}

export function switchStorage(api: SwitchApi, id: number, to: Switched): Promise<void> {
  return to === 'disabled' ? api.disableStorage(id) : api.enableStorage(id);
}

/**
 * An update whose patch would write the row back as it is (only `disabled` changes, the mark is
 * already right): no update request, only the switch. An update re-starts the driver, which a
 * storage about to be disabled does not need.
 */
export function writesNothing(fresh: ServerStorage, patch: StoragePatch): boolean {
  const { addition, ...fields } = patch;
  if (Object.keys(addition).length > 0) return false;
  return Object.entries(fields).every(([name, value]) => value === undefined || fresh[name] === value);
}
