// --timeout is bounded to 1–3600 seconds: Node's timers hold at most 2^31-1 ms, and a larger
// timeout fired at once, failing every request (`--timeout 3000000`).
import { describe, expect, it } from 'vitest';
import { ADMIN, MOUNT_PATHS, workspaces } from './e2e-support.js';
import { emulatorLifecycle } from './emulator-support.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

const RANGE = 'error: invalid value for --timeout: expected a number of seconds from 1 to 3600\n';

describe('--timeout', () => {
  it.each(['3000000', '3601', '0', '0.5', '-5', 'abc', 'Infinity'])('%s is refused before any request is sent', async (value) => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    for (const command of ['plan', 'apply']) {
      const run = await ws.run(emu, [command, `--timeout=${value}`]);
      expect(run).toMatchObject({ code: 1, stdout: '', stderr: RANGE });
    }
    expect(emu.log).toEqual([]);
  });

  it('the bounds themselves work: apply with --timeout 3600 and plan with --timeout 1 talk to the server', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const apply = await ws.run(emu, ['apply', '--timeout', '3600']);
    expect(apply.code).toBe(0);
    expect(emu.rows()).toHaveLength(MOUNT_PATHS.length);
    const plan = await ws.run(emu, ['plan', '--timeout', '1', '--detailed-exitcode']);
    expect(plan.code).toBe(0);
  });
});
