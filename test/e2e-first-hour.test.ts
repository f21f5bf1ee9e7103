import { describe, expect, it } from 'vitest';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, configYaml, workspaces } from './e2e-support.js';

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
      `${ws.config}:6:13: warning: every section is disabled; enable one in config.yaml (aliyun.enable: true, pikpak.enable: true, onedrive_app.enable: true) to manage its storages`,
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
