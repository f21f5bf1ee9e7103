// defaults.all states a storage field for every driver that has it: a driver whose form on the server
// lacks the field (a storage order_by where the server does not sort) goes without, instead of the
// whole run being refused. Stated for one driver, the same field is still refused.
import { describe, expect, it } from 'vitest';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, configYaml, workspaces } from './e2e-support.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

const DEFAULTS_ALL = ['defaults:', '    all:', '        order_by: name', '        cache_expiration: 45'];

describe('defaults.all applies where the driver has the field', () => {
  it('sorts the drivers the server sorts, leaves the others alone, and a rerun changes nothing', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'config.yaml': `${configYaml()}${DEFAULTS_ALL.join('\n')}\n` });

    const result = await ws.run(emu, ['apply']);
    expect(result.code).toBe(0);
    const byPath = new Map(emu.rows().map((row) => [row.mount_path, row]));
    // AliyundriveShare has no local sort on the server: no storage order_by; the cache setting still applies.
    expect(byPath.get('/Movies/Night Train')).toMatchObject({ order_by: '', cache_expiration: 45 });
    expect(byPath.get('/Music/Live/Rooftop')).toMatchObject({ order_by: 'name', cache_expiration: 45 });
    expect(byPath.get('/Teams/Contoso/Alice')).toMatchObject({ order_by: 'name', cache_expiration: 45 });

    emu.resetStats();
    const again = await ws.run(emu, ['plan', '--detailed-exitcode']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes: the server matches the files.');
    expect(emu.writeCount()).toBe(0);
  });

  it('the same field stated for a driver without it is refused at its line, nothing written', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const lines = ['defaults:', '    AliyundriveShare:', '        order_by: name'];
    await ws.write({ 'config.yaml': `${configYaml()}${lines.join('\n')}\n` });
    const configLines = `${configYaml()}`.split('\n').length - 1;

    const result = await ws.run(emu, ['apply']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${ws.dir}/config.yaml:${configLines + 3}:19: order_by is a storage setting only for drivers the server sorts itself, and AliyundriveShare does not: use addition.order_by for this driver's own sorting`,
    );
    expect(emu.writeCount()).toBe(0);
    expect(emu.rows()).toEqual([]);
  });
});
