import { describe, expect, it } from 'vitest';
import { DEFAULT_STORAGE_FIELDS } from '../src/model/storage.js';
import { MANAGED_MARKER, withMarker } from '../src/model/mark.js';
import { secretFingerprint } from '../src/sync/fingerprint.js';
import { computePlan, countActions } from '../src/sync/plan.js';
import { desired, onServer } from './helpers/storages.js';

// The plan is a pure function: these tests feed it desired storages and server rows directly.

const film = desired('/Movies/Film', 'AliyundriveShare', { refresh_token: 'rt-secret-1', share_id: 'AbC', share_pwd: '', root_folder_id: 'f1' });
const show = desired('/TV/Show', 'PikPakShare', { share_id: 'VN1', share_pwd: 'pw', root_folder_id: '', platform: 'android', use_transcoding_address: false });
const od = desired('/OD/user', 'OnedriveAPP', {
  client_id: 'cid',
  client_secret: 'cs-secret',
  tenant_id: 't',
  email: 'u@x',
  root_folder_path: '/',
  region: 'global',
});

describe('computePlan', () => {
  it('creates every storage an empty server lacks, sending every field and our mark', () => {
    const plan = computePlan([show, film], [], { prune: false });
    expect(plan.changes.map((c) => [c.action, c.mount_path])).toEqual([
      ['create', '/Movies/Film'],
      ['create', '/TV/Show'],
    ]);
    const create = plan.changes[0];
    if (create?.action !== 'create') throw new Error('expected a create');
    expect(create.storage).toEqual({
      mount_path: '/Movies/Film',
      driver: 'AliyundriveShare',
      ...DEFAULT_STORAGE_FIELDS,
      disabled: undefined,
      // The mark, and above it the fingerprint of the storage's secrets.
      remark: `secrets-fingerprint: ${secretFingerprint(film) ?? ''}\n${MANAGED_MARKER}`,
      addition: create.storage.addition,
    });
    expect(create.storage.addition).toEqual({
      refresh_token: 'rt-secret-1',
      share_id: 'AbC',
      share_pwd: '',
      root_folder_id: 'f1',
      order_by: '',
      order_direction: '',
    });
    // What rendering needs, without a driver lookup: the managed values minus secrets, and the secret keys by name.
    expect(create.visible).toEqual({ share_id: 'AbC', share_pwd: '', root_folder_id: 'f1' });
    expect(create.sensitive).toEqual(['refresh_token']);
  });

  it('leaves a matching storage alone, whatever was changed by hand in fields the files do not manage', () => {
    const server = onServer(od, {
      webdav_policy: 'native_proxy',
      remark: `my note\n${MANAGED_MARKER}`,
      disabled: true,
      addition: { ...od.addition, chunk_size: 100 },
    });
    const plan = computePlan([od], [server], { prune: false });
    expect(plan.changes).toEqual([]);
    expect(countActions(plan)).toMatchObject({ create: 0, update: 0, delete: 0, unchanged: 1 });
  });

  it('updates only the managed fields that differ, keeping everything else as the server has it', () => {
    const server = onServer(show, {
      remark: 'hand-written note',
      disabled: true,
      enable_sign: true,
      addition: { ...show.addition, share_pwd: 'old', device_id: 'dev-123' },
    });
    const plan = computePlan([show], [server], { prune: false });
    expect(plan.changes).toHaveLength(1);
    const update = plan.changes[0];
    if (update?.action !== 'update') throw new Error('expected an update');
    expect(update.fields).toEqual([{ name: 'share_pwd', scope: 'addition', sensitive: false, old: 'old', new: 'pw' }]);
    // The patch holds only the managed keys that change, and the remark with our mark; the rest is the row as listed.
    expect(update.patch).toEqual({ remark: `hand-written note\n${MANAGED_MARKER}`, addition: { share_pwd: 'pw' } });
    expect(update.current).toBe(server);
  });

  it('treats a rotated refresh token as no drift while the storage works, and pushes the new one when it does not', () => {
    const rotated = { ...film.addition, refresh_token: 'rotated-by-server' };
    expect(computePlan([film], [onServer(film, { addition: rotated })], { prune: false }).changes).toEqual([]);

    const broken = onServer(film, { addition: rotated, status: 'failed init storage: refresh token is invalid' });
    const plan = computePlan([film], [broken], { prune: false });
    const update = plan.changes[0];
    if (update?.action !== 'update') throw new Error('expected an update');
    expect(update.fields).toEqual([{ name: 'refresh_token', scope: 'addition', sensitive: true }]);
    expect(update.patch).toEqual({ remark: withMarker('', null, secretFingerprint(film)), addition: { refresh_token: 'rt-secret-1' } });
    expect(JSON.stringify(update.fields)).not.toContain('rt-secret-1');
  });

  it('hides a changed secret that is not rotated by the server (a client secret)', () => {
    const server = onServer(od, { addition: { ...od.addition, client_secret: 'old-secret' } });
    const update = computePlan([od], [server], { prune: false }).changes[0];
    if (update?.action !== 'update') throw new Error('expected an update');
    expect(update.fields).toEqual([{ name: 'client_secret', scope: 'addition', sensitive: true }]);
  });

  it('reports an unmarked storage of another driver at the same path as a conflict and never touches it', () => {
    // Made by hand: only a storage with this folder's mark is replaced (e2e-first-hour.test.ts).
    const server = onServer(show, { driver: 'PikPak', remark: 'made by hand' });
    const plan = computePlan([show], [server], { prune: true });
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({ action: 'conflict', mount_path: '/TV/Show', current_driver: 'PikPak' });
  });

  it('prunes only storages that carry the mark, and only with --prune', () => {
    const ours = onServer(desired('/Old/Ours', 'PikPakShare', { share_id: 'x' }));
    const byHand = onServer(desired('/Old/ByHand', 'PikPakShare', { share_id: 'y' }), { remark: 'made in the web UI' });
    const withoutPrune = computePlan([], [ours, byHand], { prune: false });
    expect(withoutPrune.changes).toEqual([]);
    expect(withoutPrune.orphans.map((o) => o.mount_path)).toEqual(['/Old/Ours']);

    const withPrune = computePlan([], [ours, byHand], { prune: true });
    expect(withPrune.changes.map((c) => [c.action, c.mount_path])).toEqual([['delete', '/Old/Ours']]);
  });

  it('adopts a hand-made storage at a wanted path without deleting or duplicating it', () => {
    const server = onServer(show, { remark: '' });
    expect(computePlan([show], [server], { prune: true }).changes).toEqual([]);
  });

  it('with adopt, marks matching storages made elsewhere, and lists unmarked ones outside the files', () => {
    const oldTool = onServer(show, { remark: '' });
    const stranger = onServer(desired('/Elsewhere', 'PikPakShare', { share_id: 'z' }), { remark: 'by hand' });
    const plain = computePlan([show], [oldTool, stranger], { prune: true });
    expect(plain.changes).toEqual([]);
    expect(plain.unmanaged.map((s) => s.mount_path)).toEqual(['/Elsewhere']);

    const adopting = computePlan([show], [oldTool, stranger], { prune: true, adopt: true });
    expect(adopting.changes).toHaveLength(1);
    const update = adopting.changes[0];
    if (update?.action !== 'update') throw new Error('expected an update');
    expect(update).toMatchObject({ mount_path: '/TV/Show', fields: [], adopts: true });
    expect(update.patch).toEqual({ remark: MANAGED_MARKER, addition: {} });
    expect(computePlan([show], [onServer(show)], { prune: true, adopt: true }).changes).toEqual([]);
  });
});
