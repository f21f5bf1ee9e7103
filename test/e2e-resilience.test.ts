import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { documentSchema } from '../src/ui/json-document.js';
import type { Emulator } from './emulator/index.js';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, ADMIN_PASSWORD, MOUNT_PATHS, ONEDRIVE, SECRETS, configYaml, workspaces, type Workspace } from './e2e-support.js';
import { BUILT_CLI, childEnv } from './helpers/cli.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

/** After an interrupted run: a plain apply at full speed converges, one storage per path. */
async function expectRerunConverges(ws: Workspace, emu: Emulator): Promise<void> {
  emu.setLatency(0);
  expect((await ws.run(emu, ['apply'])).code).toBe(0);
  expectOneStoragePerMountPath(emu);
}

function expectOneStoragePerMountPath(emu: Emulator): void {
  const paths = emu.rows().map((r) => r.mount_path);
  expect(paths.sort()).toEqual(MOUNT_PATHS);
}

describe('faults: apply converges with exactly one storage per mount path', () => {
  it('through 502s, resets, lost responses and a Loading phase', async () => {
    const emu = await startEmulator({ users: [ADMIN], seed: 7 });
    emu.addFault({ kind: 'loading', path: '/api/admin/storage/list', times: 2 });
    emu.addFault({ kind: 'http-502', path: '/api/admin/storage/create', times: 2 });
    emu.addFault({ kind: 'reset', path: '/api/admin/storage/create', times: 2 });
    emu.addFault({ kind: 'lost-response', path: '/api/admin/storage/create', times: 3 });
    const ws = await workspace();
    const first = await ws.run(emu, ['apply']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Apply complete: 8 created');
    expectOneStoragePerMountPath(emu);
    expect(emu.log.filter((e) => e.fault === 'lost-response')).toHaveLength(3);

    emu.clearFaults();
    emu.resetStats();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    expect(emu.writeCount()).toBe(0);
  });

  it('through lost responses on updates', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    await ws.write({ 'onedrive_app.yaml': ONEDRIVE.replaceAll('onmicrosoft.com', 'onmicrosoft.com:/Moved') });
    emu.addFault({ kind: 'lost-response', path: '/api/admin/storage/update', times: 2 });
    emu.addFault({ kind: 'http-502', path: '/api/admin/storage/update', times: 1 });
    const apply = await ws.run(emu, ['apply']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('3 updated');
    expectOneStoragePerMountPath(emu);
    expect((await ws.run(emu, ['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it('when a run is killed halfway: running apply again converges and creates nothing twice', async () => {
    const emu = await startEmulator({ users: [ADMIN], latencyMs: 150 });
    const ws = await workspace();
    const apply = startApply(ws, emu, ['--concurrency', '2']);
    await waitFor(() => emu.rows().length >= 3);
    apply.kill('SIGKILL');
    await apply.exit();
    const partial = emu.rows().length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(MOUNT_PATHS.length);

    emu.setLatency(0);
    const again = await ws.run(emu, ['apply']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`${MOUNT_PATHS.length - partial} to create`));
    expectOneStoragePerMountPath(emu);
  });

  it('stops starting new changes on Ctrl-C, exits 130, and a rerun converges', async () => {
    const emu = await startEmulator({ users: [ADMIN], latencyMs: 150 });
    const ws = await workspace();
    const apply = startApply(ws, emu, ['--concurrency', '1']);
    await waitFor(() => emu.rows().length >= 2);
    apply.kill('SIGINT');
    const { code, stdout } = await apply.exit();
    expect(code).toBe(130);
    expect(stdout).toContain('not attempted: the run was interrupted');
    expect(emu.rows().length).toBeLessThan(MOUNT_PATHS.length);

    await expectRerunConverges(ws, emu);
  });
});

describe('credentials refused mid-run', () => {
  it('stops starting changes after one refused re-login, so the IP is never locked out', async () => {
    const emu = await startEmulator({ users: [ADMIN], latencyMs: 100 });
    const ws = await workspace();
    const login = await fetch(`${emu.url}/api/auth/login/hash`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: createHash('sha256').update(`${ADMIN_PASSWORD}-https://github.com/alist-org/alist`).digest('hex') }),
    });
    const token = ((await login.json()) as { data: { token: string } }).data.token;
    // A valid session token, and a password that has since been changed on the server.
    const apply = ws.run(emu, ['apply', '--concurrency', '1'], { env: { ALIST_TOKEN: token, E2E_ADMIN_PASSWORD: 'changed-since-9d1f' } });
    await waitFor(() => emu.rows().length >= 2);
    emu.invalidateTokens();
    const { code, stdout, stderr } = await apply;
    expect(code).toBe(1);
    expect(emu.log.filter((e) => e.path === '/api/auth/login/hash')).toHaveLength(2); // ours above, and the one refused re-login
    expect(stdout).toContain('not attempted: the server refused the credentials');
    expect(stderr).toMatch(/^error: apply stopped: the server refused the credentials; \d+ changes? not attempted\. Run apply again once this is fixed/m);
    expect(emu.rows().length).toBeLessThan(MOUNT_PATHS.length);

    await expectRerunConverges(ws, emu);
  });
});

describe('--json', () => {
  it('prints exactly one JSON document on stdout for plan and apply, with results', async () => {
    const emu = await startEmulator({
      users: [ADMIN],
      initFailures: [{ mountPath: '/Teams/Contoso/Bob', message: "failed get objs: failed to list objs: Unable to retrieve user's mysite URL" }],
    });
    const ws = await workspace();
    const plan = documentSchema.parse(JSON.parse((await ws.run(emu, ['plan', '--json'])).stdout));
    expect(plan).toMatchObject({ format_version: 1, command: 'plan', summary: { create: 8, update: 0, delete: 0, unchanged: 0 } });
    expect(plan.changes?.[0]).toMatchObject({ action: 'create', mount_path: '/Movies/Harbour Lights', driver: 'AliyundriveShare' });

    const run = await ws.run(emu, ['apply', '--json']);
    expect(run.code).toBe(1);
    const apply = documentSchema.parse(JSON.parse(run.stdout));
    expect(apply.summary).toMatchObject({ create: 8, ok: 7, failed: 1 });
    const bob = apply.changes?.find((c) => c.mount_path === '/Teams/Contoso/Bob');
    expect(bob).toMatchObject({ action: 'create', result: 'failed', id: expect.any(Number) });
    expect(bob?.error).toContain("Unable to retrieve user's mysite URL");
    expect(bob?.hint).toContain('wait a few hours');
    // Progress goes to stderr as plain lines, never spinner control codes.
    expect(run.stderr).toContain('created /Movies/Harbour Lights');
    expect(run.stderr).not.toMatch(/\u001b\[/);
  });

  it('prints errors as a JSON document too (built CLI)', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const run = await ws.runBuilt(emu, ['plan', '--json'], { env: { E2E_ADMIN_PASSWORD: 'wrong-password-1' } });
    expect(run.code).toBe(1);
    const doc = documentSchema.parse(JSON.parse(run.stdout));
    expect(doc.error?.message).toContain('password is incorrect');
    expect(run.stderr).toContain('password is incorrect');
    expect(emu.log.filter((e) => e.path === '/api/auth/login/hash')).toHaveLength(1);
  });
});

describe('--json with a bad command line', () => {
  // The built CLI: commander prints its own messages for a subcommand to the process's stderr, not to
  // the streams runCli is given, so in this process they would land in the test runner's output.
  it('still prints one JSON document, for unknown options and bad values alike (built CLI)', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    for (const [args, message] of [
      [['plan', '--json', '--prun'], "unknown option '--prun'\n(Did you mean --prune?)"],
      [['apply', '--json', '--concurrency', 'abc'], 'invalid value for --concurrency: expected a whole number from 1 to 256'],
      [['validate', '--json', '-c'], "option '-c, --config <path>' argument missing"],
    ] as const) {
      const run = await ws.runBuilt(emu, args);
      expect(run.code).toBe(1);
      expect(documentSchema.parse(JSON.parse(run.stdout)).error?.message).toBe(message);
    }
    expect(emu.log).toEqual([]);
  });
});

describe('secrets', () => {
  it('never appear in any output: validate, plan, apply, --json, updates, errors', async () => {
    const emu = await startEmulator({
      users: [ADMIN],
      initFailures: [{ mountPath: '/Movies/Night Train', message: `refresh token ${SECRETS[1]} is invalid` }],
    });
    const ws = await workspace();
    const outputs: string[] = [];
    const record = async (args: string[], env?: NodeJS.ProcessEnv) => {
      const r = await ws.run(emu, args, { env });
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    await record(['validate']);
    await record(['validate', '--json']);
    await record(['plan']);
    await record(['plan', '--json']);
    await record(['apply', '--json']);
    emu.clearInitFailures();
    await ws.write({ 'config.yaml': configYaml('aliyun-refresh-token-renewed-e2e-0001') });
    await record(['plan']);
    await record(['apply']);
    await record(['plan', '--json']);
    await record(['plan'], { E2E_ADMIN_PASSWORD: undefined, ALIST_PASSWORD: 'another-wrong-password-9' });
    const all = outputs.join('\n');
    expect(all).toContain('(sensitive value changed)');
    for (const secret of [...SECRETS, 'aliyun-refresh-token-renewed-e2e-0001', 'another-wrong-password-9']) {
      expect(all).not.toContain(secret);
    }
  });
});

/** Starts the built CLI's `apply` in the background (to send it a signal), collecting its stdout. */
function startApply(ws: Workspace, emu: Emulator, args: readonly string[]) {
  const child = spawn(process.execPath, [BUILT_CLI, 'apply', ...args], {
    cwd: ws.dir,
    env: childEnv({ ALIST_URL: emu.url, E2E_ADMIN_PASSWORD: ADMIN_PASSWORD }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.resume();
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { kill: (signal: NodeJS.Signals) => child.kill(signal), exit: async () => ({ code: await exited, stdout }) };
}

async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a flaky network at scale', () => {
  it('converges over a few runs with exactly one storage per mount path (seeded random faults)', async () => {
    const emu = await startEmulator({ users: [ADMIN], seed: 20261126 });
    const ws = await workspace();
    const mounts = Array.from({ length: 120 }, (_, i) => `    user${i}: ${(i % 2) + 1}:user${i}@contoso.onmicrosoft.com`);
    await ws.write({ 'onedrive_app.yaml': `Flaky/Team:\n${mounts.join('\n')}\n`, 'ali_share.yaml': '', 'pik_share.yaml': '' });
    await ws.write({
      'config.yaml': configYaml()
        .replace('aliyun:\n    enable: true', 'aliyun:\n    enable: false')
        .replace('pikpak:\n    enable: true', 'pikpak:\n    enable: false'),
    });
    for (const kind of ['lost-response', 'http-502', 'reset'] as const) {
      emu.addFault({ kind, path: '/api/admin/storage/create', probability: 0.08, times: 1000 });
    }
    emu.addFault({ kind: 'loading', probability: 0.05, times: 1000 });

    const codes: (number | null)[] = [];
    for (let run = 0; run < 5 && codes.at(-1) !== 0; run++) codes.push((await ws.run(emu, ['apply', '--concurrency', '16'])).code);
    expect(codes.at(-1)).toBe(0);
    const paths = emu.rows().map((r) => r.mount_path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toHaveLength(120);
    expect(emu.log.filter((e) => e.fault === 'lost-response').length).toBeGreaterThan(0);

    emu.clearFaults();
    emu.resetStats();
    expect((await ws.run(emu, ['plan', '--detailed-exitcode'])).code).toBe(0);
  });
});
