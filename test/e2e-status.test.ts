// `alist-batch status` end to end against the emulator: one state per described storage, the
// server's status text with a hint, exit 1 when anything needs attention, writes nothing.
import { describe, expect, it } from 'vitest';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, ALI_SHARE, MOUNT_PATHS, REFRESH_TOKEN, SECRETS, workspaces } from './e2e-support.js';
import { statusDocumentSchema } from '../src/ui/status-document.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

const CONSENT = 'Either scp or roles claim need to be present in the token.';

describe('status against the emulator', () => {
  it('names each storage that is not working, with the server text and a hint, counts the states and exits 1 (no write)', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    emu.setStatus('/Teams/Contoso/Alice', `failed get objs: ${CONSENT}`);
    emu.setStatus('/Music/Live/Winter', 'disabled');
    // A mount added to the files but not applied yet, and one whose path holds another driver.
    await ws.write({
      'ali_share.yaml': `${ALI_SHARE}Later:\n    Fresh: https://www.aliyundrive.com/s/ShareFresh9\n    Taken: https://www.aliyundrive.com/s/ShareTaken8\n`,
    });
    emu.insertRow({ mount_path: '/Later/Taken', driver: 'PikPakShare', status: 'work' });
    emu.resetStats();

    const result = await ws.run(emu, ['status']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`broken   /Teams/Contoso/Alice (OnedriveAPP, id `);
    expect(result.stdout).toContain(`): failed get objs: ${CONSENT}\n         hint: the OneDrive app lacks admin consent`);
    expect(result.stdout).toContain('missing  /Later/Fresh (AliyundriveShare): no storage at this path (apply creates it)');
    expect(result.stdout).toContain('conflict /Later/Taken (AliyundriveShare, id ');
    expect(result.stdout).toContain('the server has a PikPakShare storage at this path, the files want AliyundriveShare');
    expect(result.stdout).toContain('Status: 6 working, 1 disabled, 1 broken, 1 missing, 1 conflict (10 storages described).');
    expect(result.stdout).not.toContain('/Movies/Night Train'); // working storages are only counted
    expect(emu.writeCount()).toBe(0);
  });

  it('exits 0 when every described storage works or is disabled; --json lists every one, sorted, in the versioned envelope', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.run(emu, ['apply']);
    emu.setStatus('/Movies/Night Train', 'disabled');
    const text = await ws.run(emu, ['status']);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('Status: 7 working, 1 disabled, 0 broken, 0 missing, 0 conflict (8 storages described).\n');

    const json = await ws.run(emu, ['status', '--json']);
    expect(json.code).toBe(0);
    const doc = statusDocumentSchema.parse(JSON.parse(json.stdout));
    expect(doc.storages.map((s) => s.mount_path)).toEqual(MOUNT_PATHS);
    expect(doc.summary).toEqual({ working: 7, disabled: 1, broken: 0, missing: 0, conflict: 0 });
    expect(doc.storages[1]).toMatchObject({ mount_path: '/Movies/Night Train', driver: 'AliyundriveShare', state: 'disabled', described: true });
    for (const secret of SECRETS) expect(json.stdout + json.stderr).not.toContain(secret);
  });

  it('--all also lists the server storages the files do not describe; their trouble does not change the exit code', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.run(emu, ['apply']);
    emu.insertRow({ mount_path: '/Hand/Made', driver: 'PikPakShare', status: 'failed init storage: share link expired' });
    const without = await ws.run(emu, ['status']);
    expect(without.stdout).not.toContain('/Hand/Made');
    const all = await ws.run(emu, ['status', '--all']);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('broken   /Hand/Made (PikPakShare, id ');
    expect(all.stdout).toContain(', not in the files): failed init storage: share link expired\n         hint: the share link is dead');
    expect(all.stdout).toContain('(8 storages described, 1 other on the server).');
    const doc = statusDocumentSchema.parse(JSON.parse((await ws.run(emu, ['status', '--all', '--json'])).stdout));
    expect(doc.storages.find((s) => s.mount_path === '/Hand/Made')).toMatchObject({ described: false, state: 'broken' });
  });

  it('--only and --driver narrow what is reported; a filter that matches nothing is an error', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.run(emu, ['apply']);
    emu.setStatus('/Teams/Fabrikam/Carol', 'AADSTS65001: The user or administrator has not consented');
    const teams = await ws.run(emu, ['status', '--only', '/Teams/**', '--json']);
    const doc = statusDocumentSchema.parse(JSON.parse(teams.stdout));
    expect(doc.storages.map((s) => s.mount_path)).toEqual(['/Teams/Contoso/Alice', '/Teams/Contoso/Bob', '/Teams/Fabrikam/Carol']);
    expect(doc.left_out).toBe(5);
    expect(teams.code).toBe(1);
    expect(doc.storages[2]?.hint).toContain('admin consent');

    const movies = await ws.run(emu, ['status', '--only', '/Movies/*', '--driver', 'AliyundriveShare']);
    expect(movies.code).toBe(0);
    expect(movies.stdout).toContain(
      'Status: 2 working, 0 disabled, 0 broken, 0 missing, 0 conflict (2 storages described; 6 described storages left out by the filter).',
    );

    const none = await ws.run(emu, ['status', '--only', '/Nothing/**']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('error: --only /Nothing/** matches none of the 8 storages the files describe.');
  });

  it('keeps the refresh token and client secrets out of a broken storage status it prints', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.run(emu, ['apply']);
    emu.setStatus('/Movies/Harbour Lights', `refresh token ${REFRESH_TOKEN} is invalid`);
    const result = await ws.run(emu, ['status']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('refresh token ******** is invalid');
    for (const secret of SECRETS) expect(result.stdout + result.stderr).not.toContain(secret);
  });
});

describe('status against an OpenList v4 server', () => {
  it('reads the states the same way', async () => {
    const emu = await startEmulator({ users: [ADMIN], flavor: 'openlist' });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    emu.setStatus('/Music/Live/Rooftop', 'failed init storage: captcha required');
    const result = await ws.run(emu, ['status', '--json']);
    expect(result.code).toBe(1);
    const doc = statusDocumentSchema.parse(JSON.parse(result.stdout));
    expect(doc.server.flavor).toBe('openlist');
    expect(doc.summary).toEqual({ working: 7, disabled: 0, broken: 1, missing: 0, conflict: 0 });
    expect(doc.storages.find((s) => s.state === 'broken')).toMatchObject({ mount_path: '/Music/Live/Rooftop', hint: expect.stringContaining('captcha') });
  });
});
