import { secretAdditionValues } from '../drivers/secrets.js';
import type { ServerStorage, StorageCreate, StoragePatch } from '../model/storage.js';
import { ApiError, StorageInitError, StorageInsertError, TransportError } from '../errors.js';
import { count } from '../ui/text.js';
import { hintFor } from './hints.js';
import { isBroken, type Plan, type PlannedChange } from './plan.js';
import { runPool } from './pool.js';
import { Rereader } from './rereader.js';
import { switchOf, switchStorage, writesNothing, type Switched } from './switch.js';
import { GONE_MESSAGE, changedMessage, isGone, rebaseUpdate } from './rebase.js';

/**
 * The part of the AList client that apply needs. `secrets` are the storage's secret values, which
 * the client scrubs from the server's messages (a driver's error may quote them).
 */
export interface StorageApi {
  listStorages(): Promise<ServerStorage[]>;
  /** One storage as the server has it now; ApiError 'record not found' when it is gone. */
  getStorage(id: number): Promise<ServerStorage>;
  /** → the new id; StorageInitError (created, driver failed), StorageInsertError (path taken), TransportError. */
  createStorage(storage: StorageCreate, secrets: readonly string[]): Promise<number>;
  /** `base` (the storage as just read) with the patch applied, replacing the whole row. */
  updateStorage(base: ServerStorage, patch: StoragePatch, secrets: readonly string[]): Promise<void>;
  deleteStorage(id: number): Promise<void>;
  enableStorage(id: number): Promise<void>;
  disableStorage(id: number): Promise<void>;
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
  /** After its write, apply enabled or disabled the storage (the files' `disabled`). */
  switched?: Switched;
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
  /** Why the run stopped starting changes (credentials refused, server unreachable), if it did. */
  halted?: string;
}

/** How many times a create whose outcome was unknown, and then found missing, is tried again. */
const CREATE_ATTEMPTS = 3;

/** What one change's work returns; `halt` (credentials refused, server unreachable) stops the run, with that reason. */
type WorkOutcome = ChangeOutcome & { halt?: string };

type Create = Extract<PlannedChange, { action: 'create' }>;
type Update = Extract<PlannedChange, { action: 'update' }>;
type Delete = Extract<PlannedChange, { action: 'delete' }>;
type Replace = Extract<PlannedChange, { action: 'replace' }>;

/**
 * Carries out a plan: creates and updates in parallel (bounded), then, only when all of them
 * succeeded, the deletions of --prune. Every outcome is reported; nothing is created twice: a create
 * whose reply was lost is reconciled by reading the server again before any new attempt. When the
 * server refuses our credentials, no further change is started (each would fail the same way).
 */
export async function applyPlan(plan: Plan, api: StorageApi, options: ApplyOptions): Promise<ApplyReport> {
  const run = new Run(plan.changes.length, options);
  for (const change of plan.changes) {
    // Never touched; reported so that the run does not claim the server matches the files.
    if (change.action === 'conflict') run.settle({ change, result: 'failed', error: change.reason, id: change.id });
  }
  const rereader = new Rereader(api);
  const writes = plan.changes.filter((c): c is Create | Update | Replace => c.action === 'create' || c.action === 'update' || c.action === 'replace');
  await run.each(writes, (change) => {
    if (change.action === 'update') return applyUpdate(change, api, () => (run.stopped ? run.stopReason : undefined));
    return change.action === 'replace' ? applyReplace(change, api, rereader) : applyCreate(change, api, rereader);
  });

  const deletes = plan.changes.filter((c): c is Delete => c.action === 'delete');
  const failedWrites = run.outcomes.filter((o) => o.result !== 'ok' && o.change.action !== 'conflict').length;
  if (run.stopped) {
    for (const change of deletes) run.skip(change, `not deleted: ${run.stopReason}`);
  } else if (failedWrites > 0) {
    const why = `not deleted: ${count(failedWrites, 'other change')} failed in this run, and nothing is pruned until a run succeeds`;
    for (const change of deletes) run.skip(change, why);
  } else {
    await run.each(deletes, (change) => applyToExisting(change, () => api.deleteStorage(change.id)));
  }
  return run.report(plan);
}

/** The bookkeeping of one apply: outcomes, progress, and when to stop starting new changes. */
class Run {
  readonly outcomes: ChangeOutcome[] = [];
  private haltReason: string | undefined;

  constructor(
    private readonly total: number,
    private readonly options: ApplyOptions,
  ) {}

  get stopped(): boolean {
    return this.options.signal?.aborted === true || this.haltReason !== undefined;
  }

  get stopReason(): string {
    return this.options.signal?.aborted ? 'the run was interrupted' : (this.haltReason ?? '');
  }

  settle(outcome: ChangeOutcome): void {
    this.outcomes.push(outcome);
    this.options.onSettled?.(outcome, this.outcomes.length, this.total);
  }

  skip(change: PlannedChange, error: string): void {
    this.settle({ change, result: 'skipped', error });
  }

  async each<T extends PlannedChange>(changes: readonly T[], work: (change: T) => Promise<WorkOutcome>): Promise<void> {
    await runPool(
      changes,
      this.options.concurrency,
      async (change) => {
        const { halt, ...outcome } = await work(change);
        this.settle(outcome);
        if (halt) this.stop(halt);
      },
      { stopped: () => this.stopped, onSkipped: (change) => this.skip(change, `not attempted: ${this.stopReason}`) },
    );
  }

  report(plan: Plan): ApplyReport {
    const order = new Map(plan.changes.map((c, i) => [c, i]));
    const outcomes = [...this.outcomes];
    outcomes.sort((a, b) => (order.get(a.change) ?? 0) - (order.get(b.change) ?? 0));
    const report: ApplyReport = { outcomes, interrupted: this.options.signal?.aborted === true };
    if (this.haltReason !== undefined) report.halted = this.haltReason;
    return report;
  }

  private stop(reason: string): void {
    this.haltReason ??= reason;
  }
}

/** A delete of a storage that exists: one request, reported with its id. */
async function applyToExisting(change: Delete | Replace, write: () => Promise<void>): Promise<WorkOutcome> {
  try {
    await write();
    return { change, result: 'ok', id: change.id };
  } catch (error) {
    return failed(change, error, change.id);
  }
}

/**
 * Reads the storage again, then writes the patch onto that fresh row (rebase.ts says why). An
 * interruption (Ctrl-C, refused credentials) between the two leaves it unwritten, reported as such.
 */
async function applyUpdate(change: Update, api: StorageApi, stopped: () => string | undefined): Promise<WorkOutcome> {
  try {
    const fresh = await api.getStorage(change.id);
    const rebased = rebaseUpdate(change, fresh);
    if ('changed' in rebased) return { change, result: 'failed', error: changedMessage(rebased.changed), id: change.id };
    const stopReason = stopped();
    if (stopReason !== undefined) return { change, result: 'skipped', error: `not attempted: ${stopReason}`, id: change.id };
    // The values the server may echo: as listed, as read now, and as sent.
    const secrets = [...new Set([...secretAdditionValues(change.current.addition), ...secretAdditionValues({ ...fresh.addition, ...rebased.patch.addition })])];
    const to = switchOf(change);
    if (to === undefined || change.restarts || !writesNothing(fresh, rebased.patch)) await api.updateStorage(fresh, rebased.patch, secrets);
    return await afterWrite({ change, result: 'ok', id: change.id }, api, to);
  } catch (error) {
    return isGone(error) ? { change, result: 'failed', error: GONE_MESSAGE, id: change.id } : failed(change, error, change.id);
  }
}

/** Delete, then create at the same path: never the create when the delete failed (two storages, or none known). */
async function applyReplace(change: Replace, api: StorageApi, rereader: Rereader): Promise<WorkOutcome> {
  const deleted = await applyToExisting(change, () => api.deleteStorage(change.id));
  return deleted.result === 'ok' ? applyCreate(change, api, rereader) : deleted;
}

async function applyCreate(change: Create | Replace, api: StorageApi, rereader: Rereader): Promise<WorkOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      const id = await api.createStorage(change.storage, secretAdditionValues(change.storage.addition));
      return await afterWrite({ change, result: 'ok', id }, api, switchOf(change));
    } catch (error) {
      // AList keeps a storage whose driver failed to start: created, broken, never to be created again.
      if (error instanceof StorageInitError) return failed(change, error, error.storageId);
      const unknown = error instanceof TransportError && error.outcome === 'unknown';
      const pathTaken = error instanceof StorageInsertError;
      if (!unknown && !pathTaken) return failed(change, error);

      // The create may have happened (reply lost), or the path got taken meanwhile: look before acting.
      let found: ServerStorage | undefined;
      try {
        found = await rereader.find(change.mount_path);
      } catch (rereadError) {
        return failed(change, rereadError);
      }
      if (found) {
        const outcome = adoptFound(change, found, pathTaken);
        return outcome.result === 'ok' ? afterWrite({ ...outcome, id: found.id }, api, switchOf(change)) : outcome;
      }
      if (attempt >= CREATE_ATTEMPTS) return failed(change, error);
    }
  }
}

/** A create's reply was lost but the storage is there: it is ours if it came from our attempt. */
function adoptFound(change: Create | Replace, found: ServerStorage, pathTaken: boolean): ChangeOutcome {
  if (pathTaken || found.driver !== change.driver) {
    return {
      change,
      result: 'failed',
      id: found.id,
      error: `a ${found.driver} storage appeared at this path while apply ran; run apply again to reconcile`,
    };
  }
  if (!isBroken(found.status)) return { change, result: 'ok', id: found.id };
  const outcome: ChangeOutcome = { change, result: 'failed', id: found.id, error: found.status };
  const hint = hintFor(found.status);
  if (hint) outcome.hint = hint;
  return outcome;
}

/**
 * Enables or disables the storage once written, as the files say. A failure here fails the change
 * (the storage is written, but not in the state the files want), saying what did happen.
 */
async function afterWrite(written: ChangeOutcome & { id: number }, api: StorageApi, to: Switched | undefined): Promise<WorkOutcome> {
  if (to === undefined) return written;
  try {
    await switchStorage(api, written.id, to);
    return { ...written, switched: to };
  } catch (error) {
    const outcome = failed(written.change, error, written.id);
    const done = written.change.action === 'update' ? 'updated' : 'created';
    return { ...outcome, error: `${done}, but not ${to}: ${outcome.error ?? ''}` };
  }
}

function failed(change: PlannedChange, error: unknown, id?: number): WorkOutcome {
  const message = error instanceof ApiError ? error.serverMessage : error instanceof Error ? error.message : String(error);
  const outcome: WorkOutcome = { change, result: 'failed', error: message };
  const hint = (error instanceof TransportError || error instanceof ApiError ? error.hint : undefined) ?? hintFor(message);
  if (hint) outcome.hint = hint;
  if (id !== undefined) outcome.id = id;
  if (refusesCredentials(error)) outcome.halt = 'the server refused the credentials';
  // Every later change would wait through the same retries and fail the same way.
  else if (error instanceof TransportError && error.unreachable) outcome.halt = `the server is unreachable (${unreachableReason(message)})`;
  return outcome;
}

/** "POST /api/x failed: connection refused (…), after 5 attempts." → "connection refused (…), after 5 attempts": the reason alone. */
function unreachableReason(message: string): string {
  return message.replace(/^[A-Z]+ \S+ failed: /, '').replace(/\.$/, '');
}

/** 401 on an admin call (token rejected, re-login refused) or a refused login: nothing else will work. */
function refusesCredentials(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 401 || error.code === 403 || error.endpoint.startsWith('/api/auth/'));
}
