import type { ServerStorage, StorageCreateInput } from '../alist/schemas.js';
import { ApiError, TransportError } from '../errors.js';
import { hintFor } from './hints.js';
import type { Plan, PlannedChange } from './plan.js';
import { runPool } from './pool.js';

/** The part of the AList client that apply needs. */
export interface StorageApi {
  listStorages(): Promise<ServerStorage[]>;
  createStorage(input: StorageCreateInput): Promise<number>;
  updateStorage(storage: ServerStorage): Promise<void>;
  deleteStorage(id: number): Promise<void>;
}

export type ChangeResult = 'ok' | 'failed' | 'skipped';

export interface ChangeOutcome {
  change: PlannedChange;
  result: ChangeResult;
  /** The server's message (or ours for a skip), with no secret in it. */
  error?: string;
  hint?: string;
  /** The storage id, where known (a create's new id, also for a created-but-broken storage). */
  id?: number;
}

export interface ApplyOptions {
  concurrency: number;
  signal?: AbortSignal;
  /** Called once per change as it settles, with how many have settled so far. */
  onSettled?: (outcome: ChangeOutcome, settled: number, total: number) => void;
}

export interface ApplyReport {
  outcomes: ChangeOutcome[];
  interrupted: boolean;
}

/** How many times a create whose outcome was unknown, and then found missing, is tried again. */
const CREATE_ATTEMPTS = 3;

/**
 * Carries out a plan: creates and updates in parallel (bounded), then, only when all of them
 * succeeded, the deletions of --prune. Every outcome is reported; nothing is created twice: a create
 * whose reply was lost is reconciled by reading the server again before any new attempt.
 */
export async function applyPlan(plan: Plan, api: StorageApi, options: ApplyOptions): Promise<ApplyReport> {
  const outcomes: ChangeOutcome[] = [];
  const total = plan.changes.length;
  const settle = (outcome: ChangeOutcome): void => {
    outcomes.push(outcome);
    options.onSettled?.(outcome, outcomes.length, total);
  };
  const skip = (change: PlannedChange, error: string): void => settle({ change, result: 'skipped', error });
  const rereader = new Rereader(api);

  const writes = plan.changes.filter((c) => c.action === 'create' || c.action === 'update');
  const deletes = plan.changes.filter((c) => c.action === 'delete');
  for (const change of plan.changes) {
    if (change.action === 'conflict') settle({ change, result: 'failed', error: change.reason });
  }

  await runPool(writes, options.concurrency, async (change) => settle(await applyWrite(change, api, rereader)), {
    signal: options.signal,
    onSkipped: (change) => skip(change, 'interrupted before it was applied'),
  });

  const failures = outcomes.filter((o) => o.result !== 'ok').length;
  if (failures > 0 || options.signal?.aborted) {
    const why = options.signal?.aborted
      ? 'not deleted: the run was interrupted'
      : `not deleted: ${failures} other change${failures === 1 ? '' : 's'} failed in this run, and nothing is pruned until a run succeeds`;
    for (const change of deletes) skip(change, why);
  } else {
    await runPool(deletes, options.concurrency, async (change) => settle(await applyDelete(change, api)), {
      signal: options.signal,
      onSkipped: (change) => skip(change, 'interrupted before it was applied'),
    });
  }

  const order = new Map(plan.changes.map((c, i) => [c, i]));
  outcomes.sort((a, b) => (order.get(a.change) ?? 0) - (order.get(b.change) ?? 0));
  return { outcomes, interrupted: options.signal?.aborted === true };
}

async function applyWrite(change: PlannedChange, api: StorageApi, rereader: Rereader): Promise<ChangeOutcome> {
  if (change.action === 'create') return applyCreate(change, api, rereader);
  if (change.action !== 'update') throw new Error(`not a write: ${change.action}`);
  try {
    await api.updateStorage(change.payload);
    return { change, result: 'ok', id: change.id };
  } catch (error) {
    return failed(change, error, change.id);
  }
}

async function applyCreate(change: Extract<PlannedChange, { action: 'create' }>, api: StorageApi, rereader: Rereader): Promise<ChangeOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      const id = await api.createStorage(change.payload);
      return { change, result: 'ok', id };
    } catch (error) {
      const createdId = createdButBrokenId(error);
      if (createdId !== undefined) return failed(change, error, createdId);
      const unknown = error instanceof TransportError && error.outcome === 'unknown';
      const pathTaken = error instanceof ApiError && error.serverMessage.startsWith('failed create storage in database');
      if (!unknown && !pathTaken) return failed(change, error);

      // The create may have happened (reply lost), or the path got taken meanwhile: look before acting.
      let found: ServerStorage | undefined;
      try {
        found = await rereader.find(change.mount_path);
      } catch (rereadError) {
        return failed(change, rereadError);
      }
      if (found) return adoptFound(change, found, pathTaken);
      if (attempt >= CREATE_ATTEMPTS) return failed(change, error);
    }
  }
}

/** A create's reply was lost but the storage is there: it is ours if it came from our attempt. */
function adoptFound(change: Extract<PlannedChange, { action: 'create' }>, found: ServerStorage, pathTaken: boolean): ChangeOutcome {
  if (pathTaken || found.driver !== change.driver) {
    return {
      change,
      result: 'failed',
      id: found.id,
      error: `a ${found.driver} storage appeared at this path while apply ran; run apply again to reconcile`,
    };
  }
  if (found.status === 'work' || found.status === 'disabled') return { change, result: 'ok', id: found.id };
  return { change, result: 'failed', id: found.id, error: found.status, hint: hintFor(found.status) };
}

async function applyDelete(change: PlannedChange, api: StorageApi): Promise<ChangeOutcome> {
  if (change.action !== 'delete') throw new Error(`not a delete: ${change.action}`);
  try {
    await api.deleteStorage(change.id);
    return { change, result: 'ok', id: change.id };
  } catch (error) {
    return failed(change, error, change.id);
  }
}

/** AList keeps a storage whose driver failed to start and answers code 500 with its id. */
function createdButBrokenId(error: unknown): number | undefined {
  if (!(error instanceof ApiError) || error.code !== 500) return undefined;
  const data = error.data;
  if (typeof data !== 'object' || data === null || !('id' in data)) return undefined;
  const id = (data as { id: unknown }).id;
  return typeof id === 'number' && id > 0 ? id : undefined;
}

function failed(change: PlannedChange, error: unknown, id?: number): ChangeOutcome {
  const message = errorText(error);
  const outcome: ChangeOutcome = { change, result: 'failed', error: message };
  const hint = (error instanceof TransportError || error instanceof ApiError ? error.hint : undefined) ?? hintFor(message);
  if (hint) outcome.hint = hint;
  if (id !== undefined) outcome.id = id;
  return outcome;
}

function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.serverMessage;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Re-reads the storage list for creates whose outcome is unknown. Many such creates can fail at
 * once (a flaky proxy); they share one list request. A list that had already started when a
 * failure happened may predate the write, so a failure only joins a list that has not started yet.
 */
class Rereader {
  private scheduled: Promise<Map<string, ServerStorage>> | undefined;

  constructor(
    private readonly api: StorageApi,
    private readonly gatherMs = 25,
  ) {}

  async find(mountPath: string): Promise<ServerStorage | undefined> {
    this.scheduled ??= this.listSoon();
    return (await this.scheduled).get(mountPath);
  }

  private async listSoon(): Promise<Map<string, ServerStorage>> {
    await new Promise((resolve) => setTimeout(resolve, this.gatherMs));
    this.scheduled = undefined; // from now on a new failure needs a new list
    const list = await this.api.listStorages();
    return new Map(list.map((s) => [s.mount_path, s]));
  }
}
