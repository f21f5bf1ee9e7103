// `disabled:` in a list entry, end to end through the CLI: created then disabled, switched back by
// /enable (never through an update), reported in the text and the JSON, then nothing to do.
import { describe, expect, it } from 'vitest';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, PIK_SHARE, workspaces, writesTo } from './e2e-support.js';
import { documentSchema } from '../src/ui/json-document.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

function withWinter(disabled: boolean): string {
  return PIK_SHARE.replace(
    '    Winter: https://mypikpak.com/s/VNWinter02?pwd=ab12\n',
    `    Winter:\n        link: https://mypikpak.com/s/VNWinter02?pwd=ab12\n        disabled: ${disabled}\n`,
  );
}

describe('disabled: in the files', () => {
  it('creates the storage, then disables it; a later disabled: false enables it with /enable; then nothing to do', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'pik_share.yaml': withWinter(true) });

    const apply = await ws.run(emu, ['apply']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/\+ \/Music\/Live\/Winter \(PikPakShare\)\n(.*\n)*?\s+disabled: true\n/);
    expect(apply.stderr).toContain('created /Music/Live/Winter, then disabled');
    expect(apply.stdout).toContain("Enabled 0, disabled 1 (as the files' disabled: says):\n  /Music/Live/Winter: disabled");
    expect(emu.row('/Music/Live/Winter')).toMatchObject({ disabled: true, status: 'disabled' });
    expect(emu.row('/Music/Live/Rooftop')).toMatchObject({ disabled: false, status: 'work' });

    emu.resetStats();
    expect((await ws.run(emu, ['apply'])).stdout).toContain('No changes: the server matches the files.');
    expect(emu.writeCount()).toBe(0);

    await ws.write({ 'pik_share.yaml': withWinter(false) });
    const plan = await ws.run(emu, ['plan']);
    expect(plan.stdout).toContain('disabled: true → false');
    emu.resetStats();
    const json = documentSchema.parse(JSON.parse((await ws.run(emu, ['apply', '--json'])).stdout));
    expect(json.changes).toEqual([expect.objectContaining({ action: 'update', mount_path: '/Music/Live/Winter', result: 'ok', switched: 'enabled' })]);
    // Only the switch: nothing else changed, so no update request (which cannot enable a storage).
    expect(writesTo(emu, 'update')).toEqual([]);
    expect(emu.log.filter((e) => e.path === '/api/admin/storage/enable')).toHaveLength(1);
    expect(emu.row('/Music/Live/Winter')).toMatchObject({ disabled: false, status: 'work' });
  });
});
