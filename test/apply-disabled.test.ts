// `disabled` as a managed field, planned and applied against the emulator through the real client:
// never sent in an update body (the server keeps its value), switched by /enable or /disable after
// the write, and reported in the plan, the apply text and the JSON document.
import { Chalk } from 'chalk';
import { afterEach, describe, expect, it } from 'vitest';
import type { DesiredStorage } from '../src/model/storage.js';
import { applyPlan } from '../src/sync/apply.js';
import { planDocument } from '../src/sync/plan-document.js';
import { computePlan } from '../src/sync/plan.js';
import { progressLine, renderApplySummary, renderPlan } from '../src/sync/render.js';
import { closeEverything, connect, startTestEmulator } from './client-helpers.js';
import { desired } from './helpers/storages.js';

afterEach(closeEverything);

const plain = new Chalk({ level: 0 });
const WRITES = new Set(['create', 'update', 'enable', 'disable'].map((w) => `/api/admin/storage/${w}`));

/** The storage as the files want it, with `disabled:` stated. */
function withDisabled(want: DesiredStorage, disabled: boolean): DesiredStorage {
  return { ...want, fields: { ...want.fields, disabled }, managed: { ...want.managed, fields: [...want.managed.fields, 'disabled'] } };
}

const winter = desired('/Music/Winter', 'PikPakShare', { share_id: 'VNWinter02', share_pwd: 'ab12' });
const rooftop = desired('/Music/Rooftop', 'PikPakShare', { share_id: 'VNRoof01' });

async function setUp() {
  const emu = await startTestEmulator();
  const client = await connect(emu);
  const run = async (wanted: DesiredStorage[]) => {
    const plan = computePlan(wanted, await client.listStorages(), { prune: false });
    emu.resetStats();
    const report = await applyPlan(plan, client, { concurrency: 4 });
    const writes = emu.log.filter((e) => WRITES.has(e.path)).map((e) => e.path.replace('/api/admin/storage/', ''));
    return { plan, report, writes };
  };
  return { emu, run };
}

describe('disabled, applied', () => {
  it('creates a storage the files want disabled (enabled, as the server starts it anyway), then disables it', async () => {
    const { emu, run } = await setUp();
    const { report, writes, plan } = await run([withDisabled(winter, true), rooftop]);
    expect(renderPlan(plan, plain)).toContain('disabled: true');
    expect(writes.sort()).toEqual(['create', 'create', 'disable']);
    expect(emu.row('/Music/Winter')).toMatchObject({ disabled: true, status: 'disabled' });
    expect(emu.row('/Music/Rooftop')).toMatchObject({ disabled: false, status: 'work' });
    expect(report.outcomes.map((o) => [o.change.mount_path, o.result, o.switched])).toEqual([
      ['/Music/Rooftop', 'ok', undefined],
      ['/Music/Winter', 'ok', 'disabled'],
    ]);

    // Then nothing: the server matches.
    const again = await run([withDisabled(winter, true), rooftop]);
    expect(again.plan.changes).toEqual([]);
    expect(again.writes).toEqual([]);
  });

  it('plans disabled: false → true, updates what else changed, then disables; reported in the text and the JSON', async () => {
    const { emu, run } = await setUp();
    await run([winter]);
    const moved = withDisabled(desired('/Music/Winter', 'PikPakShare', { share_id: 'VNWinter02', share_pwd: 'n3w1' }), true);
    const { plan, report, writes } = await run([moved]);
    const text = renderPlan(plan, plain);
    expect(text).toContain('disabled: false → true');
    expect(text).toContain('share_pwd: "ab12" → "n3w1"');
    expect(writes).toEqual(['update', 'disable']);
    expect(emu.row('/Music/Winter')).toMatchObject({ disabled: true, status: 'disabled' });
    expect(JSON.parse(emu.row('/Music/Winter')?.addition ?? '{}')).toMatchObject({ share_pwd: 'n3w1' });

    const outcome = report.outcomes[0];
    if (!outcome) throw new Error('no outcome');
    expect(progressLine(outcome, 1, 1, plain)).toBe('[1/1] updated /Music/Winter, then disabled');
    expect(renderApplySummary(plan, report, plain)).toContain("Enabled 0, disabled 1 (as the files' disabled: says):\n  /Music/Winter: disabled");
    const doc = planDocument('apply', plan, { server: { url: 'http://x', version: 'v3.45.0', flavor: 'alist' }, warnings: [] }, report);
    expect(doc.changes?.[0]).toMatchObject({ action: 'update', result: 'ok', switched: 'disabled' });
  });

  it('only disables when nothing else changes: no update request', async () => {
    const { emu, run } = await setUp();
    await run([winter]);
    const { writes } = await run([withDisabled(winter, true)]);
    expect(writes).toEqual(['disable']);
    expect(emu.row('/Music/Winter')).toMatchObject({ disabled: true });
  });

  it('enables a disabled storage with /enable after its update, which keeps it disabled, so the driver starts with the new settings', async () => {
    const { emu, run } = await setUp();
    await run([withDisabled(winter, true)]);
    const moved = withDisabled(desired('/Music/Winter', 'PikPakShare', { share_id: 'VNWinter02', share_pwd: 'n3w1' }), false);
    const { plan, report, writes } = await run([moved]);
    expect(renderPlan(plan, plain)).toContain('disabled: true → false');
    expect(writes).toEqual(['update', 'enable']);
    expect(report.outcomes[0]).toMatchObject({ result: 'ok', switched: 'enabled' });
    // Enabled through the update, the server would have saved it enabled but never loaded it.
    expect(emu.row('/Music/Winter')).toMatchObject({ disabled: false, status: 'work' });
    expect(JSON.parse(emu.row('/Music/Winter')?.addition ?? '{}')).toMatchObject({ share_pwd: 'n3w1' });
  });

  it('leaves the server value alone when the files do not state disabled', async () => {
    const { emu, run } = await setUp();
    await run([withDisabled(winter, true)]);
    const { plan, writes } = await run([winter]);
    expect(plan.changes).toEqual([]);
    expect(writes).toEqual([]);
    expect(emu.row('/Music/Winter')).toMatchObject({ disabled: true });
  });
});
