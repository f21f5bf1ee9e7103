// The secret fingerprint in the mark, and how the plan uses it: a secret changed in the files is
// pushed, one the server rotated is not drift, a mark of an earlier version gets its fingerprint.
import { describe, expect, it } from 'vitest';
import { MANAGED_MARKER, markOf, withMarker } from '../src/model/mark.js';
import { secretFingerprint } from '../src/sync/fingerprint.js';
import { computePlan } from '../src/sync/plan.js';
import { desired, onServer } from './helpers/storages.js';

const film = desired('/Movies/Film', 'AliyundriveShare', { refresh_token: 'rt-secret-1', share_id: 'AbC' });
const renewed = desired('/Movies/Film', 'AliyundriveShare', { refresh_token: 'rt-secret-2', share_id: 'AbC' });

function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

describe('secretFingerprint', () => {
  it('is 8 hex digits of the mount path and the managed secret values, never a value, and none without secrets', () => {
    const fingerprint = secretFingerprint(film) ?? '';
    expect(fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(secretFingerprint(renewed)).not.toBe(fingerprint);
    // Another mount with the same secret: another fingerprint (equal ones do not say who shares a secret).
    expect(secretFingerprint({ ...film, mount_path: '/Movies/Other' })).not.toBe(fingerprint);
    // Only the secrets count: a changed share id leaves it.
    expect(secretFingerprint(desired('/Movies/Film', 'AliyundriveShare', { refresh_token: 'rt-secret-1', share_id: 'zzz' }))).toBe(fingerprint);
    expect(secretFingerprint(desired('/TV/Show', 'PikPakShare', { share_id: 'VN1' }))).toBeUndefined();
  });
});

describe('the plan with fingerprints', () => {
  const rotated = { ...film.addition, refresh_token: 'rotated-by-server' };

  it('pushes a secret the files changed (the mark holds the old fingerprint), shown as a sensitive change, and writes the new fingerprint', () => {
    const row = onServer(film, { addition: rotated, remark: withMarker('note', null, secretFingerprint(film)) });
    const update = only(computePlan([renewed], [row], { prune: false }).changes);
    if (update.action !== 'update') throw new Error('expected an update');
    expect(update.fields).toEqual([{ name: 'refresh_token', scope: 'addition', sensitive: true }]);
    expect(update.patch).toEqual({ remark: withMarker('note', null, secretFingerprint(renewed)), addition: { refresh_token: 'rt-secret-2' } });
    expect(JSON.stringify(update.fields)).not.toContain('rt-secret');
  });

  it('pushes it even when the server happens to hold the value already: the files changed it since the last apply', () => {
    const row = onServer(renewed, { remark: withMarker('', null, secretFingerprint(film)) });
    const update = only(computePlan([renewed], [row], { prune: false }).changes);
    expect(update.action === 'update' && update.fields).toEqual([{ name: 'refresh_token', scope: 'addition', sensitive: true }]);
  });

  it('takes a rotated token under the same fingerprint as no drift', () => {
    const row = onServer(film, { addition: rotated, remark: withMarker('', null, secretFingerprint(film)) });
    expect(computePlan([film], [row], { prune: false }).changes).toEqual([]);
  });

  it('takes a mark without fingerprint (an earlier version) as no drift; any update then writes the fingerprint, without pushing the rotated secret', () => {
    const old = onServer(film, { addition: rotated, remark: MANAGED_MARKER });
    expect(computePlan([renewed], [old], { prune: false }).changes).toEqual([]);

    const moved = desired('/Movies/Film', 'AliyundriveShare', { refresh_token: 'rt-secret-2', share_id: 'NEW' });
    const update = only(computePlan([moved], [old], { prune: false }).changes);
    if (update.action !== 'update') throw new Error('expected an update');
    expect(update.fields.map((f) => f.name)).toEqual(['share_id']);
    expect(markOf(update.patch.remark ?? '')).toEqual({ set: null, fingerprint: secretFingerprint(moved) });
    expect(update.patch.addition).toEqual({ share_id: 'NEW' });
  });

  it('reads only this set’s fingerprint: another set’s mark taken over with --adopt gets this set’s, without a push', () => {
    const row = onServer(film, { addition: rotated, remark: withMarker('', 'office', '00000000') });
    const update = only(computePlan([film], [row], { prune: false, adopt: true }).changes);
    if (update.action !== 'update') throw new Error('expected an update');
    expect(update.fields).toEqual([]);
    expect(update.patch.remark).toBe(withMarker('', null, secretFingerprint(film)));
  });

  it('writes the fingerprint on every create, and none for a storage without secrets', () => {
    const plan = computePlan([film, desired('/TV/Show', 'PikPakShare', { share_id: 'VN1' })], [], { prune: false });
    const [create, show] = plan.changes;
    expect(create?.action === 'create' && markOf(create.storage.remark)).toEqual({ set: null, fingerprint: secretFingerprint(film) });
    expect(show?.action === 'create' && show.storage.remark).toBe(MANAGED_MARKER);
  });
});
