// applyPlan against a small in-memory server behind the StorageApi interface: a fake of the server
// boundary (what the HTTP client does is proven against the emulator in test/client-*.test.ts).
import { describe, expect, it } from 'vitest';
import { ApiError, StorageInitError, StorageInsertError, TransportError } from '../src/errors.js';
import type { DesiredStorage, ServerStorage, StorageCreate, StoragePatch } from '../src/model/storage.js';
import { applyPlan, type ApplyOptions, type StorageApi } from '../src/sync/apply.js';
import { computePlan, type Plan } from '../src/sync/plan.js';
import { desired, onServer } from './helpers/storages.js';

const CREATE = '/api/admin/storage/create';
const GET = '/api/admin/storage/get';

/** What the fake does on one create of a mount path, instead of succeeding. */
type CreateFault = 'unknown-after-creating' | 'unknown-before-creating' | 'init-failure' | Error;

class FakeServer implements StorageApi {
  readonly rows = new Map<string, ServerStorage>();
  readonly calls: string[] = [];
  readonly secretsSent: (readonly string[])[] = [];
  maxInFlight = 0;
  private inFlight = 0;
  private nextId = 100;
  private readonly createFaults = new Map<string, CreateFault[]>();
  private readonly updateFaults = new Map<number, Error>();

  constructor(
    rows: readonly ServerStorage[] = [],
    /** Per mount path: how long its write takes, so that writes settle out of order. */
    private readonly latencyMs: (mountPath: string) => number = () => 1,
  ) {
    for (const row of rows) this.rows.set(row.mount_path, row);
  }

  failCreate(mountPath: string, ...faults: CreateFault[]): void {
    this.createFaults.set(mountPath, faults);
  }

  failUpdate(id: number, error: Error): void {
    this.updateFaults.set(id, error);
  }

  listStorages(): Promise<ServerStorage[]> {
    this.calls.push('list');
    return Promise.resolve([...this.rows.values()]);
  }

  getStorage(id: number): Promise<ServerStorage> {
    this.calls.push(`get ${id}`);
    const row = [...this.rows.values()].find((r) => r.id === id);
    return row ? Promise.resolve({ ...row }) : Promise.reject(new ApiError({ code: 500, serverMessage: 'record not found', method: 'GET', endpoint: GET }));
  }

  createStorage(storage: StorageCreate, secrets: readonly string[]): Promise<number> {
    this.secretsSent.push(secrets);
    return this.busy(`create ${storage.mount_path}`, storage.mount_path, () => {
      const fault = this.createFaults.get(storage.mount_path)?.shift();
      if (fault instanceof Error) throw fault;
      if (fault === 'unknown-before-creating') throw lostReply();
      const row = this.insert(storage, fault === 'init-failure' ? 'failed init storage: boom' : 'work');
      if (fault === 'unknown-after-creating') throw lostReply();
      if (fault === 'init-failure') throw new StorageInitError(refusal('failed init storage but storage is already created: boom'), row.id);
      return row.id;
    });
  }

  updateStorage(listed: ServerStorage, patch: StoragePatch, secrets: readonly string[]): Promise<void> {
    this.secretsSent.push(secrets);
    return this.busy(`update ${listed.mount_path}`, listed.mount_path, () => {
      const fault = this.updateFaults.get(listed.id);
      if (fault) throw fault;
      const { addition, ...fields } = patch;
      this.rows.set(listed.mount_path, { ...listed, ...fields, addition: { ...listed.addition, ...addition } });
    });
  }

  deleteStorage(id: number): Promise<void> {
    const row = [...this.rows.values()].find((r) => r.id === id);
    return this.busy(`delete ${row?.mount_path ?? id}`, row?.mount_path ?? '', () => {
      if (!row) throw refusal('failed get storage: record not found');
      this.rows.delete(row.mount_path);
    });
  }

  enableStorage(id: number): Promise<void> {
    return this.setDisabled(id, false);
  }

  disableStorage(id: number): Promise<void> {
    return this.setDisabled(id, true);
  }

  /** As the server does: refused when already in that state, else the flag and the status. */
  private setDisabled(id: number, disabled: boolean): Promise<void> {
    const row = [...this.rows.values()].find((r) => r.id === id);
    return this.busy(`${disabled ? 'disable' : 'enable'} ${row?.mount_path ?? id}`, row?.mount_path ?? '', () => {
      if (!row) throw refusal('failed get storage: record not found');
      if (row.disabled === disabled) throw refusal(`this storage have ${disabled ? 'disabled' : 'enabled'}`);
      this.rows.set(row.mount_path, { ...row, disabled, status: disabled ? 'disabled' : 'work' });
    });
  }

  private async busy<T>(call: string, mountPath: string, work: () => T): Promise<T> {
    this.calls.push(call);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.latencyMs(mountPath)));
      return work();
    } finally {
      this.inFlight -= 1;
    }
  }

  private insert(storage: StorageCreate, status: string): ServerStorage {
    const row: ServerStorage = { ...storage, id: this.nextId++, status, modified: '', disabled: false, proxy_range: false };
    this.rows.set(storage.mount_path, row);
    return row;
  }
}

function refusal(serverMessage: string, code = 500, endpoint = CREATE): ApiError {
  return new ApiError({ code, serverMessage, method: 'POST', endpoint });
}

function lostReply(): TransportError {
  return new TransportError({ message: `POST ${CREATE} failed: connection reset (ECONNRESET).`, outcome: 'unknown', method: 'POST', endpoint: CREATE });
}

const options: ApplyOptions = { concurrency: 4 };

const alpha = desired('/A/alpha', 'PikPakShare', { share_id: 'a1' });
const beta = desired('/B/beta', 'AliyundriveShare', { share_id: 'b1', refresh_token: 'rt-secret-beta' });
const gamma = desired('/C/gamma', 'PikPakShare', { share_id: 'c1' });

/** A plan that creates alpha, updates beta (its share_id changed) and, with --prune, deletes the orphan. */
function mixedPlan(): { plan: Plan; server: FakeServer; orphan: ServerStorage; betaRow: ServerStorage } {
  const betaRow = onServer(beta, { addition: { ...beta.addition, share_id: 'old' } });
  const orphan = onServer(desired('/Z/orphan', 'PikPakShare', { share_id: 'z' }));
  const server = new FakeServer([betaRow, orphan]);
  return { plan: computePlan([alpha, beta], [betaRow, orphan], { prune: true }), server, orphan, betaRow };
}

function summary(report: Awaited<ReturnType<typeof applyPlan>>): [string, string, string, (number | undefined)?][] {
  return report.outcomes.map(
    (o) => [o.change.action, o.change.mount_path, o.result, ...(o.id !== undefined ? [o.id] : [])] as [string, string, string, number?],
  );
}

describe('applyPlan', () => {
  it('creates, updates, then deletes, each reported ok with its id; the server ends up as the files want', async () => {
    const { plan, server, orphan, betaRow } = mixedPlan();
    const report = await applyPlan(plan, server, options);
    const created = server.rows.get('/A/alpha');
    expect(summary(report)).toEqual([
      ['create', '/A/alpha', 'ok', created?.id],
      ['update', '/B/beta', 'ok', betaRow.id],
      ['delete', '/Z/orphan', 'ok', orphan.id],
    ]);
    expect(report.interrupted).toBe(false);
    expect(server.rows.get('/B/beta')?.addition.share_id).toBe('b1');
    expect(server.rows.has('/Z/orphan')).toBe(false);
    expect(server.calls.at(-1)).toBe('delete /Z/orphan');
  });

  it('hands the client the secret values of each storage it writes, for scrubbing', async () => {
    const betaRow = onServer(beta, { addition: { ...beta.addition, share_id: 'old' } });
    const server = new FakeServer([betaRow]);
    await applyPlan(
      computePlan([beta, desired('/D/delta', 'AliyundriveShare', { share_id: 'd', refresh_token: 'rt-secret-delta' })], [betaRow], { prune: false }),
      server,
      options,
    );
    // The update reads the storage first, so the create may be sent before it.
    expect([...server.secretsSent].sort()).toEqual([['rt-secret-beta'], ['rt-secret-delta']]);
  });

  it('reports a refused create as failed with the server message, and prunes nothing after it', async () => {
    const { plan, server } = mixedPlan();
    server.failCreate('/A/alpha', refusal('driver says no'));
    const report = await applyPlan(plan, server, options);
    expect(summary(report)).toEqual([
      ['create', '/A/alpha', 'failed'],
      ['update', '/B/beta', 'ok', expect.any(Number)],
      ['delete', '/Z/orphan', 'skipped'],
    ]);
    expect(report.outcomes[0]?.error).toBe('driver says no');
    expect(report.outcomes[2]?.error).toBe('not deleted: 1 other change failed in this run, and nothing is pruned until a run succeeds');
    expect(server.rows.has('/Z/orphan')).toBe(true);
  });

  it('a create whose reply was lost but which happened: one re-read finds it, ok, not sent twice', async () => {
    const server = new FakeServer();
    server.failCreate('/A/alpha', 'unknown-after-creating');
    const report = await applyPlan(computePlan([alpha], [], { prune: false }), server, options);
    expect(summary(report)).toEqual([['create', '/A/alpha', 'ok', server.rows.get('/A/alpha')?.id]]);
    expect(server.calls).toEqual(['create /A/alpha', 'list']);
  });

  it('a create whose reply was lost and which did not happen: re-read, then tried again', async () => {
    const server = new FakeServer();
    server.failCreate('/A/alpha', 'unknown-before-creating');
    const report = await applyPlan(computePlan([alpha], [], { prune: false }), server, options);
    expect(summary(report)).toEqual([['create', '/A/alpha', 'ok', server.rows.get('/A/alpha')?.id]]);
    expect(server.calls).toEqual(['create /A/alpha', 'list', 'create /A/alpha']);
  });

  it('a create that stays missing after lost replies is tried 3 times, then reported failed', async () => {
    const server = new FakeServer();
    server.failCreate('/A/alpha', 'unknown-before-creating', 'unknown-before-creating', 'unknown-before-creating', 'unknown-before-creating');
    const report = await applyPlan(computePlan([alpha], [], { prune: false }), server, options);
    expect(summary(report)).toEqual([['create', '/A/alpha', 'failed']]);
    expect(report.outcomes[0]?.error).toContain('connection reset');
    expect(server.calls.filter((c) => c.startsWith('create'))).toHaveLength(3);
    expect(server.rows.size).toBe(0);
  });

  it('a path taken meanwhile (the insert failed) is found by the re-read and reported, never adopted', async () => {
    const server = new FakeServer();
    server.failCreate('/A/alpha', new StorageInsertError(refusal('failed create storage in database: UNIQUE constraint failed')));
    server.rows.set('/A/alpha', onServer(alpha, { driver: 'Local', id: 9 }));
    const report = await applyPlan(computePlan([alpha], [], { prune: false }), server, options);
    expect(summary(report)).toEqual([['create', '/A/alpha', 'failed', 9]]);
    expect(report.outcomes[0]?.error).toBe('a Local storage appeared at this path while apply ran; run apply again to reconcile');
  });

  it('a storage created with a driver that failed to start is failed, with the id of the row that exists', async () => {
    const server = new FakeServer();
    server.failCreate('/A/alpha', 'init-failure');
    const report = await applyPlan(computePlan([alpha], [], { prune: false }), server, options);
    expect(summary(report)).toEqual([['create', '/A/alpha', 'failed', server.rows.get('/A/alpha')?.id]]);
    expect(report.outcomes[0]?.error).toBe('failed init storage but storage is already created: boom');
    expect(server.calls).toEqual(['create /A/alpha']);
  });

  it('once the server refuses the credentials, no new change is started and nothing is pruned', async () => {
    const { server, betaRow, orphan } = mixedPlan();
    server.failUpdate(betaRow.id, refusal('token is expired', 401, '/api/admin/storage/update'));
    const plan = computePlan([beta, alpha, gamma], [betaRow, orphan], { prune: true });
    const report = await applyPlan(plan, server, { concurrency: 1 });
    expect(summary(report)).toEqual([
      ['create', '/A/alpha', 'ok', server.rows.get('/A/alpha')?.id],
      ['update', '/B/beta', 'failed', betaRow.id],
      ['create', '/C/gamma', 'skipped'],
      ['delete', '/Z/orphan', 'skipped'],
    ]);
    expect(report.outcomes.map((o) => o.error)).toEqual([
      undefined,
      'token is expired',
      'not attempted: the server refused the credentials',
      'not deleted: the server refused the credentials',
    ]);
    expect(server.rows.has('/Z/orphan')).toBe(true);
  });

  it('a refused-credentials error on the first change leaves the others "not attempted"', async () => {
    const server = new FakeServer();
    server.failCreate('/A/alpha', refusal('token is invalidated', 401, CREATE));
    const report = await applyPlan(computePlan([alpha, beta, gamma], [], { prune: false }), server, { concurrency: 1 });
    expect(report.outcomes.map((o) => [o.change.mount_path, o.result, o.error])).toEqual([
      ['/A/alpha', 'failed', 'token is invalidated'],
      ['/B/beta', 'skipped', 'not attempted: the server refused the credentials'],
      ['/C/gamma', 'skipped', 'not attempted: the server refused the credentials'],
    ]);
    expect(server.calls).toEqual(['create /A/alpha']);
  });

  it('never has more changes in flight than the concurrency, and reports outcomes in plan order', async () => {
    const wanted = Array.from({ length: 12 }, (_, i) => desired(`/M/${String(i).padStart(2, '0')}`, 'PikPakShare', { share_id: `s${i}` }));
    // Later mounts finish first, so the outcomes settle in reverse.
    const server = new FakeServer([], (mountPath) => 40 - Number(mountPath.slice(3)) * 3);
    const settled: string[] = [];
    const plan = computePlan(wanted, [], { prune: false });
    const report = await applyPlan(plan, server, { concurrency: 3, onSettled: (o) => settled.push(o.change.mount_path) });
    expect(server.maxInFlight).toBe(3);
    expect(report.outcomes.map((o) => o.change)).toEqual(plan.changes);
    expect(report.outcomes.every((o) => o.result === 'ok')).toBe(true);
    expect(settled).not.toEqual(plan.changes.map((c) => c.mount_path));
  });

  it('an update reads the storage again and writes the patch onto that: a rename since the plan stops it', async () => {
    const betaRow = onServer(beta, { addition: { ...beta.addition, share_id: 'old' } });
    const server = new FakeServer([betaRow]);
    const plan = computePlan([beta], [betaRow], { prune: false });
    server.rows.delete(betaRow.mount_path);
    server.rows.set('/B/renamed', { ...betaRow, mount_path: '/B/renamed' });
    const report = await applyPlan(plan, server, options);
    expect(summary(report)).toEqual([['update', '/B/beta', 'failed', betaRow.id]]);
    expect(report.outcomes[0]?.error).toBe('changed on the server since the plan (mount_path); not updated — run plan again');
    expect(server.calls).toEqual([`get ${betaRow.id}`]);
  });

  it('an update whose storage vanished between the re-read and the write says so', async () => {
    const betaRow = onServer(beta, { addition: { ...beta.addition, share_id: 'old' } });
    const server = new FakeServer([betaRow]);
    server.failUpdate(betaRow.id, refusal('failed get old storage: record not found', 500, '/api/admin/storage/update'));
    const report = await applyPlan(computePlan([beta], [betaRow], { prune: false }), server, options);
    expect(report.outcomes[0]?.error).toBe('no longer on the server (deleted since the plan); not updated — run plan again');
  });

  it('an update interrupted between the re-read and the write is not sent, and reported as not attempted', async () => {
    const betaRow = onServer(beta, { addition: { ...beta.addition, share_id: 'old' } });
    const interrupt = new AbortController();
    // Ctrl-C while the re-read is in flight.
    const server = new (class extends FakeServer {
      override getStorage(id: number): Promise<ServerStorage> {
        interrupt.abort();
        return super.getStorage(id);
      }
    })([betaRow]);
    const report = await applyPlan(computePlan([beta], [betaRow], { prune: false }), server, { ...options, signal: interrupt.signal });
    expect(summary(report)).toEqual([['update', '/B/beta', 'skipped', betaRow.id]]);
    expect(report.outcomes[0]?.error).toBe('not attempted: the run was interrupted');
    expect(server.calls).toEqual([`get ${betaRow.id}`]);
    expect(report.interrupted).toBe(true);
  });

  it('reports a conflict as failed without touching the server', async () => {
    const row = onServer(alpha, { driver: 'Local', remark: 'made by hand' });
    const server = new FakeServer([row]);
    const report = await applyPlan(computePlan([alpha], [row], { prune: false }), server, options);
    expect(summary(report)).toEqual([['conflict', '/A/alpha', 'failed', row.id]]);
    expect(server.calls).toEqual([]);
  });
});

/** The storage as the files want it, with `disabled:` stated. */
function withDisabled(want: DesiredStorage, disabled: boolean): DesiredStorage {
  return { ...want, fields: { ...want.fields, disabled }, managed: { ...want.managed, fields: [...want.managed.fields, 'disabled'] } };
}

describe('applyPlan and disabled', () => {
  it('creates a storage the files want disabled enabled, then disables it; reported as disabled', async () => {
    const server = new FakeServer();
    const plan = computePlan([withDisabled(alpha, true), gamma], [], { prune: false });
    const create = plan.changes[0];
    // Never sent in the create: the server starts the driver either way.
    expect(create?.action === 'create' && 'disabled' in create.storage).toBe(false);
    const report = await applyPlan(plan, server, options);
    expect(server.calls.filter((c) => c.endsWith('/A/alpha'))).toEqual(['create /A/alpha', 'disable /A/alpha']);
    expect(server.calls.filter((c) => c.endsWith('/C/gamma'))).toEqual(['create /C/gamma']);
    expect(server.rows.get('/A/alpha')).toMatchObject({ disabled: true, status: 'disabled' });
    expect(report.outcomes.map((o) => [o.change.mount_path, o.result, o.switched])).toEqual([
      ['/A/alpha', 'ok', 'disabled'],
      ['/C/gamma', 'ok', undefined],
    ]);
  });

  it('plans disabled: false → true as a field change, never writes disabled in the update, and only disables when nothing else changes', async () => {
    const row = onServer(alpha);
    const server = new FakeServer([row]);
    const plan = computePlan([withDisabled(alpha, true)], [row], { prune: false });
    const update = plan.changes[0];
    if (update?.action !== 'update') throw new Error('expected an update');
    expect(update.fields).toEqual([{ name: 'disabled', scope: 'storage', sensitive: false, old: false, new: true }]);
    expect('disabled' in update.patch).toBe(false);
    const report = await applyPlan(plan, server, options);
    expect(server.calls).toEqual([`get ${row.id}`, 'disable /A/alpha']);
    expect(report.outcomes[0]).toMatchObject({ result: 'ok', switched: 'disabled', id: row.id });
  });

  it('updates a disabled storage as disabled (the server keeps it unloaded), then enables it, which loads the new settings', async () => {
    const row = onServer(alpha, { disabled: true, status: 'disabled', addition: { ...alpha.addition, share_id: 'old' } });
    const server = new FakeServer([row]);
    const updates: StoragePatch[] = [];
    const spy = new (class extends FakeServer {
      override updateStorage(listed: ServerStorage, patch: StoragePatch, secrets: readonly string[]): Promise<void> {
        updates.push(patch);
        expect(listed.disabled).toBe(true);
        return server.updateStorage(listed, patch, secrets);
      }
      override getStorage(id: number): Promise<ServerStorage> {
        return server.getStorage(id);
      }
      override enableStorage(id: number): Promise<void> {
        return server.enableStorage(id);
      }
    })();
    const report = await applyPlan(computePlan([withDisabled(alpha, false)], [row], { prune: false }), spy, options);
    expect(updates).toHaveLength(1);
    expect(updates[0]).not.toHaveProperty('disabled');
    expect(server.calls).toEqual([`get ${row.id}`, 'update /A/alpha', 'enable /A/alpha']);
    expect(server.rows.get('/A/alpha')).toMatchObject({ disabled: false, status: 'work', addition: { share_id: 'a1' } });
    expect(report.outcomes[0]).toMatchObject({ result: 'ok', switched: 'enabled' });
  });

  it('reports a storage written but not switched as failed, saying what did happen', async () => {
    const row = onServer(alpha, { disabled: true, status: 'disabled' });
    const server = new (class extends FakeServer {
      override enableStorage(): Promise<void> {
        return Promise.reject(refusal('failed load storage: failed init storage: share expired', 500, '/api/admin/storage/enable'));
      }
    })([row]);
    const report = await applyPlan(computePlan([withDisabled(alpha, false)], [row], { prune: false }), server, options);
    expect(report.outcomes[0]).toMatchObject({
      result: 'failed',
      id: row.id,
      error: 'updated, but not enabled: failed load storage: failed init storage: share expired',
    });
  });
});
