// Targeted runs: --only <glob> and --driver <name> on plan and apply, end to end against the emulator.
import { describe, expect, it } from 'vitest';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, PIK_SHARE, workspaces, writesTo } from './e2e-support.js';
import { documentSchema } from '../src/ui/json-document.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

const paths = (rows: { mount_path: string }[]): string[] => rows.map((r) => r.mount_path).sort();

describe('--only and --driver', () => {
  it('plan and apply touch only the storages the filter takes, and say how many they left out', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const plan = await ws.run(emu, ['plan', '--only', '/Movies/**']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Plan: 2 to create, 0 to update, 0 to delete, 0 unchanged.\n6 described storages left out by --only / --driver.');
    const json = documentSchema.parse(JSON.parse((await ws.run(emu, ['plan', '--only', '/Movies/**', '--json'])).stdout));
    expect(json.left_out).toBe(6);
    expect(json.changes?.map((c) => c.mount_path)).toEqual(['/Movies/Harbour Lights', '/Movies/Night Train']);

    const apply = await ws.run(emu, ['apply', '--only', '/Teams/*/*', '--only', '/Music/**', '--driver', 'OnedriveAPP']);
    expect(apply.code).toBe(0);
    expect(paths(emu.rows())).toEqual(['/Teams/Contoso/Alice', '/Teams/Contoso/Bob', '/Teams/Fabrikam/Carol']);
    expect(apply.stdout).toContain('5 described storages left out by --only / --driver.');
  });

  it('--prune deletes only the orphans inside the filter', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    // Both lists lose an entry; only the PikPak one may go.
    await ws.write({
      'pik_share.yaml': PIK_SHARE.split('\n').slice(0, 2).join('\n') + '\n',
      'ali_share.yaml': 'Movies:\n    Night Train: https://www.aliyundrive.com/s/ShareNight1/folder/64a0000000000001\n',
    });
    const prune = await ws.run(emu, ['apply', '--prune', '--yes', '--driver', 'PikPakShare']);
    expect(prune.code).toBe(0);
    expect(prune.stdout).toContain('- /Music/Live/Winter');
    expect(prune.stdout).not.toContain('- /Movies/Harbour Lights');
    expect(writesTo(emu, 'delete')).toHaveLength(1);
    expect(emu.row('/Music/Live/Winter')).toBeUndefined();
    expect(emu.row('/Movies/Harbour Lights')).toBeDefined();
    expect(emu.row('/TV/Documentaries/Deep Ocean')).toBeDefined();
  });

  it('keeps a conflict a conflict when the storage at the path is of a driver the filter leaves out', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    emu.insertRow({ mount_path: '/Movies/Night Train', driver: 'PikPakShare' });
    const apply = await ws.run(emu, ['apply', '--driver', 'AliyundriveShare']);
    expect(apply.code).toBe(1);
    expect(apply.stdout).toContain('! /Movies/Night Train');
    expect(emu.row('/Movies/Night Train')?.driver).toBe('PikPakShare');
    expect(writesTo(emu, 'create')).toHaveLength(2);
  });

  it('refuses a filter that matches nothing, before any write', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const result = await ws.run(emu, ['apply', '--only', '/Movis/**']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: --only /Movis/** matches none of the 8 storages the files describe, nor any other on the server.');
    expect(result.stderr).toContain('hint: globs match whole mount paths');
    expect(emu.writeCount()).toBe(0);
  });
});
