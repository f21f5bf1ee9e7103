import { describe, expect, it } from 'vitest';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, workspaces } from './e2e-support.js';

// Issue 10, "the first hour": the places a new user used to be left without a word of what to do.

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

describe('one rule for long lists', () => {
  it('shows the first 20 orphans in the plan, then "… and N more; --json has them all"', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    for (let i = 0; i < 25; i++) {
      emu.insertRow({
        mount_path: `/Old/Share ${String(i).padStart(2, '0')}`,
        driver: 'PikPakShare',
        remark: 'managed-by: alist-batch',
        addition: '{"share_id":"VNold"}',
      });
    }
    const run = await ws.run(emu, ['plan']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('25 storages managed by alist-batch are no longer in the files');
    expect(run.stdout).toContain('  /Old/Share 19 (PikPakShare, id ');
    expect(run.stdout).not.toContain('/Old/Share 20');
    expect(run.stdout).toContain('  … and 5 more; --json has them all');
    const json = await ws.run(emu, ['plan', '--json']);
    expect((JSON.parse(json.stdout) as { orphans: unknown[] }).orphans).toHaveLength(25);
  });
});
