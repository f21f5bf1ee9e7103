// The rerun every end-to-end test of created storages ends with: plan says there is nothing to do,
// apply writes nothing, and neither prints a secret.
import { expect } from 'vitest';
import type { Emulator } from '../emulator/index.js';
import { writesTo, type Workspace } from '../e2e-support.js';

export async function expectRerunWritesNothing(ws: Workspace, emu: Emulator, env: NodeJS.ProcessEnv, secrets: readonly string[]): Promise<void> {
  emu.resetStats();
  const plan = await ws.run(emu, ['plan', '--detailed-exitcode'], { env });
  expect(plan.code).toBe(0);
  expect(plan.stdout).toContain('No changes: the server matches the files');
  const again = await ws.run(emu, ['apply'], { env });
  expect(again.code).toBe(0);
  expect([...writesTo(emu, 'create'), ...writesTo(emu, 'update'), ...writesTo(emu, 'delete')]).toEqual([]);
  for (const secret of secrets) expect(plan.stdout + plan.stderr + again.stdout + again.stderr).not.toContain(secret);
}
