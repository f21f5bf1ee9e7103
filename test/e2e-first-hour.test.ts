import { describe, expect, it } from 'vitest';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, ALI_SHARE, configYaml, workspaces, writesTo, type Workspace } from './e2e-support.js';
import type { Emulator } from './emulator/index.js';
import { startHostileProxy } from './hostile/proxy.js';

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

describe('dead ends that now say what to do', () => {
  it('warns when every section is disabled', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'config.yaml': configYaml().replaceAll('enable: true', 'enable: false') });
    const run = await ws.run(emu, ['validate']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `${ws.config}:6:13: warning: every section is disabled; enable one in config.yaml (aliyun.enable: true, pikpak.enable: true, onedrive_app.enable: true, shares.enable: true, storages.enable: true) to manage its storages`,
    );
  });

  it('-c on a list file says what it is and which -c is meant', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const run = await ws.runBuilt(emu, ['plan', '-c', 'ali_share.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: ali_share.yaml looks like a list file (the mounts of the aliyun section), not config.yaml\n' +
        'hint: -c takes the folder that holds config.yaml, or config.yaml itself: -c . or -c config.yaml\n',
    );
    expect(emu.rows()).toHaveLength(0);
  });

  it('ALIST_URL without a scheme suggests the http:// form', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const run = await ws.run(emu, ['plan'], { env: { ALIST_URL: '127.0.0.1:5244' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${ws.config}:1:1: ALIST_URL (environment): not an http:// or https:// URL: "127.0.0.1:5244" (did you mean "http://127.0.0.1:5244"`,
    );
  });

  it('--password is refused with the ways that work, without echoing the value', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const run = await ws.runBuilt(emu, ['apply', '--password', 'typed-on-the-line-42']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: --password is not an option');
    expect(run.stderr).toContain('--password-stdin');
    expect(run.stderr).toContain('ALIST_PASSWORD');
    expect(run.stderr + run.stdout).not.toContain('typed-on-the-line-42');
    expect(emu.rows()).toHaveLength(0);
  });

  it('a misspelt key is reported once', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'config.yaml': configYaml().replace('refresh_token:', 'refresh_tokn:') });
    const run = await ws.run(emu, ['validate']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown key in aliyun: "refresh_tokn"; did you mean "refresh_token"?');
    expect(run.stderr).not.toContain('missing required key "refresh_token"');
    expect(run.stderr).toContain('1 problem found');
  });

  it('a stale token the server rejects says how to stop the warning, and the login goes on', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'config.yaml': configYaml().replace('auth:', 'token: alist-stale-token-from-the-old-tool\nauth:') });
    const run = await ws.run(emu, ['plan']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Set token: "" in config.yaml (or unset ALIST_TOKEN) to stop this warning.');
  });

  it('without a terminal a missing password is still a problem in the files', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'config.yaml': configYaml().replace(/^ {4}password: .*\n/m, '') });
    const run = await ws.run(emu, ['plan']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${ws.config}:2:1: missing required key "password" in auth`);
    expect(emu.rows()).toHaveLength(0);
  });
});

describe('a storage this folder manages whose driver the files changed is replaced', () => {
  /** The standard files with /Music/Live/Winter moved from pik_share.yaml to ali_share.yaml. */
  const WINTER_MOVED = {
    'pik_share.yaml': 'Music/Live:\n    Rooftop: https://mypikpak.com/s/VNRoof01/VNFolder01\n',
    'ali_share.yaml': `${ALI_SHARE}Music/Live:\n    Winter: https://www.aliyundrive.com/s/ShareWinter9\n`,
  };

  async function appliedThenMoved(): Promise<{ emu: Emulator; ws: Workspace; oldId: number }> {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    await ws.write(WINTER_MOVED);
    return { emu, ws, oldId: emu.row('/Music/Live/Winter')?.id ?? -1 };
  }

  it('plans -/+ (old → new driver), in JSON as "replace"', async () => {
    const { emu, ws, oldId } = await appliedThenMoved();
    const plan = await ws.run(emu, ['plan']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`  -/+ /Music/Live/Winter (PikPakShare → AliyundriveShare, id ${oldId})`);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 1 to replace, 0 to delete, 7 unchanged.');
    const json = JSON.parse((await ws.run(emu, ['plan', '--json'])).stdout) as { changes: { action: string; current_driver?: string }[] };
    expect(json.changes).toEqual([expect.objectContaining({ action: 'replace', driver: 'AliyundriveShare', current_driver: 'PikPakShare', id: oldId })]);
  });

  it('needs --yes without a terminal, like a deletion; with it, deletes then creates', async () => {
    const { emu, ws } = await appliedThenMoved();
    const refused = await ws.run(emu, ['apply']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('apply would replace 1 storage, and there is no terminal to confirm on; nothing was changed.');
    expect(emu.row('/Music/Live/Winter')?.driver).toBe('PikPakShare');

    const run = await ws.run(emu, ['apply', '--yes']);
    expect(run.code).toBe(0);
    expect(run.stderr + run.stdout).toContain('Apply complete: 0 created, 0 updated, 1 replaced, 0 deleted, 7 unchanged, 0 failed.');
    expect(emu.row('/Music/Live/Winter')?.driver).toBe('AliyundriveShare');
    expect(writesTo(emu, 'delete')).toHaveLength(1);
    expect((await ws.run(emu, ['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it('a storage without our mark at that path stays a conflict', async () => {
    const { emu, ws } = await appliedThenMoved();
    emu.editRow('/Music/Live/Winter', { remark: 'made in the web UI' });
    const run = await ws.run(emu, ['apply', '--yes']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  ! /Music/Live/Winter (PikPakShare on the server, AliyundriveShare in the files)');
    expect(emu.row('/Music/Live/Winter')?.driver).toBe('PikPakShare');
  });

  it('never creates when the delete failed', async () => {
    const { emu, ws } = await appliedThenMoved();
    const proxy = await startHostileProxy(emu.url, (request) =>
      request.path === '/api/admin/storage/delete' ? { body: '{"code":500,"message":"database is locked","data":null}' } : undefined,
    );
    try {
      const run = await ws.run(emu, ['apply', '--yes'], { env: { ALIST_URL: proxy.url } });
      expect(run.code).toBe(1);
      expect(run.stderr + run.stdout).toContain('database is locked');
      expect(proxy.seen.filter((r) => r.path === '/api/admin/storage/create')).toHaveLength(0);
    } finally {
      await proxy.close();
    }
  });
});
