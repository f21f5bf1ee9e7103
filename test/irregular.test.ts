// Irregular server rows in the plan (a pure function): duplicates and paths not in clean form are
// never matched, updated, pruned or created beside. The end-to-end tests are in e2e-irregular-paths.test.ts.
import { describe, expect, it } from 'vitest';
import { computePlan } from '../src/sync/plan.js';
import { desired, onServer } from './helpers/storages.js';

const show = desired('/TV/Show', 'PikPakShare', { share_id: 'VN1', share_pwd: 'pw', root_folder_id: '', platform: 'android', use_transcoding_address: false });
const old = desired('/Old', 'PikPakShare', { share_id: 'VN2', share_pwd: '', root_folder_id: '', platform: 'android', use_transcoding_address: false });

describe('computePlan with irregular server rows', () => {
  it('a row at "/TV/Show/" next to the files\' /TV/Show: a conflict, no create', () => {
    const odd = onServer(show, { mount_path: '/TV/Show/' });
    const plan = computePlan([show], [odd], { prune: true });
    expect(plan.changes).toMatchObject([{ action: 'conflict', mount_path: '/TV/Show', id: odd.id, current_driver: 'PikPakShare' }]);
    expect(plan.irregular).toEqual([{ mount_path: '/TV/Show/', driver: 'PikPakShare', id: odd.id, clean_path: '/TV/Show', problems: ['noncanonical'] }]);
    expect(plan.unmanaged).toEqual([]);
    expect(plan.orphans).toEqual([]);
  });

  it('two marked rows at a path the files dropped: not pruned, reported', () => {
    const a = onServer(old);
    const b = onServer(old, { mount_path: '//Old' });
    const plan = computePlan([], [b, a], { prune: true });
    expect(plan.changes).toEqual([]);
    expect(plan.irregular.map((r) => [r.id, r.problems])).toEqual([
      [a.id, ['duplicate']],
      [b.id, ['duplicate', 'noncanonical']],
    ]);
  });

  it('a regular server is planned as before, with no irregular rows', () => {
    const plan = computePlan([show], [onServer(show), onServer(old)], { prune: true });
    expect(plan.irregular).toEqual([]);
    expect(plan.changes.map((c) => [c.action, c.mount_path])).toEqual([['delete', '/Old']]);
    expect(plan.unchanged.map((u) => u.mount_path)).toEqual(['/TV/Show']);
  });
});
