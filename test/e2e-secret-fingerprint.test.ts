// A secret changed in the files reaches the server; one the server rotated is not drift. The
// fingerprint of the secrets a storage was given stands above alist-batch's mark in its remark.
import { describe, expect, it } from 'vitest';
import type { Emulator } from './emulator/index.js';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, ALI_SHARE, CLIENT_SECRET_1, CLIENT_SECRET_2, REFRESH_TOKEN, SECRETS, additionOf, configYaml, workspaces, writesTo } from './e2e-support.js';
import type { CliResult } from './helpers/cli.js';
import { documentSchema } from '../src/ui/json-document.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

const MARKER = 'managed-by: alist-batch';
const RENEWED_TOKEN = 'aliyun-refresh-token-renewed-e2e-9d17';
const RENEWED_SECRET = 'contoso-client-secret-renewed-e2e-3c3c';
const ALIYUN_PATHS = ['/Movies/Harbour Lights', '/Movies/Night Train', '/TV/Documentaries/Deep Ocean'];
const FINGERPRINTED = /^secrets-fingerprint: ([0-9a-f]{8})\nmanaged-by: alist-batch$/;

function expectNoSecret(...results: CliResult[]): void {
  for (const result of results) {
    for (const secret of [...SECRETS, RENEWED_TOKEN, RENEWED_SECRET]) {
      expect(result.stdout).not.toContain(secret);
      expect(result.stderr).not.toContain(secret);
    }
  }
}

function fingerprintOf(emu: Emulator, mountPath: string): string | undefined {
  return FINGERPRINTED.exec(emu.row(mountPath)?.remark ?? '')?.[1];
}

describe('a secret changed in the files', () => {
  it('a new Aliyun refresh token in config.yaml updates every AliyundriveShare storage once, shown as a sensitive change; then zero writes', async () => {
    // The server keeps what it is sent, so the test can see which token each storage has.
    const emu = await startEmulator({ users: [ADMIN], rotateOnInit: false });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    const before = ALIYUN_PATHS.map((p) => fingerprintOf(emu, p));
    expect(before.every((f) => f !== undefined)).toBe(true);

    await ws.write({ 'config.yaml': configYaml(RENEWED_TOKEN) });
    const plan = await ws.run(emu, ['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    for (const path of ALIYUN_PATHS) expect(plan.stdout).toContain(`~ ${path} (AliyundriveShare, id`);
    expect(plan.stdout.match(/refresh_token: \(sensitive value changed\)/g)).toHaveLength(3);
    expect(plan.stdout).toContain('Plan: 0 to create, 3 to update, 0 to delete, 5 unchanged.');
    const json = documentSchema.parse(JSON.parse((await ws.run(emu, ['plan', '--json'])).stdout));
    expect(json.changes?.map((c) => [c.mount_path, c.fields])).toEqual(
      ALIYUN_PATHS.map((p) => [p, [{ name: 'refresh_token', scope: 'addition', sensitive: true }]]),
    );

    emu.resetStats();
    const apply = await ws.run(emu, ['apply']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 0 created, 3 updated, 0 deleted, 5 unchanged, 0 failed.');
    expect(writesTo(emu, 'update')).toHaveLength(3);
    for (const [i, path] of ALIYUN_PATHS.entries()) {
      expect(additionOf(emu, path).refresh_token).toBe(RENEWED_TOKEN);
      expect(fingerprintOf(emu, path)).not.toBe(before[i]);
    }

    emu.resetStats();
    const again = await ws.run(emu, ['apply']);
    expect(again.stdout).toContain('No changes: the server matches the files.');
    expect(emu.writeCount()).toBe(0);
    expectNoSecret(plan, apply, again);
  });

  it('a token the server rotated on every start is not drift: the files did not change it', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    for (const path of ALIYUN_PATHS) expect(additionOf(emu, path).refresh_token).not.toBe(REFRESH_TOKEN);

    emu.resetStats();
    const plan = await ws.run(emu, ['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 8 unchanged.');
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    expect(emu.writeCount()).toBe(0);
  });

  it('a new client secret in a tenant updates the storages of that tenant only', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    const carol = emu.row('/Teams/Fabrikam/Carol')?.remark;

    await ws.write({ 'config.yaml': configYaml().replace(CLIENT_SECRET_1, RENEWED_SECRET) });
    emu.resetStats();
    const apply = await ws.run(emu, ['apply']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('~ /Teams/Contoso/Alice (OnedriveAPP, id');
    expect(apply.stdout.match(/client_secret: \(sensitive value changed\)/g)).toHaveLength(2);
    expect(apply.stdout).toContain('Apply complete: 0 created, 2 updated, 0 deleted, 6 unchanged, 0 failed.');
    expect(additionOf(emu, '/Teams/Contoso/Alice').client_secret).toBe(RENEWED_SECRET);
    expect(additionOf(emu, '/Teams/Contoso/Bob').client_secret).toBe(RENEWED_SECRET);
    expect(additionOf(emu, '/Teams/Fabrikam/Carol').client_secret).toBe(CLIENT_SECRET_2);
    expect(emu.row('/Teams/Fabrikam/Carol')?.remark).toBe(carol);
    expect(fingerprintOf(emu, '/Teams/Contoso/Alice')).toBeDefined();

    emu.resetStats();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    expect(emu.writeCount()).toBe(0);
    expectNoSecret(apply);
  });
});

describe('storages marked by an earlier version (no fingerprint)', () => {
  it('are not drift, and get their fingerprint with their next update, without the secret pushed', async () => {
    const emu = await startEmulator({ users: [ADMIN], rotateOnInit: false });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    // What an earlier alist-batch wrote: the bare mark.
    for (const path of ALIYUN_PATHS) emu.editRow(path, { remark: MARKER });

    await ws.write({ 'config.yaml': configYaml(RENEWED_TOKEN) });
    emu.resetStats();
    const plan = await ws.run(emu, ['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 8 unchanged.');

    // Its next update (another value changed) writes the fingerprint of what the files hold now.
    await ws.write({ 'ali_share.yaml': ALI_SHARE.replace('?pwd=k3y9', '?pwd=n3w1') });
    const apply = await ws.run(emu, ['apply']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('share_pwd: "k3y9" → "n3w1"');
    expect(apply.stdout).not.toContain('refresh_token');
    expect(writesTo(emu, 'update')).toHaveLength(1);
    expect(fingerprintOf(emu, '/Movies/Harbour Lights')).toBeDefined();
    expect(additionOf(emu, '/Movies/Harbour Lights')).toMatchObject({ share_pwd: 'n3w1', refresh_token: REFRESH_TOKEN });
    expect(emu.row('/Movies/Night Train')?.remark).toBe(MARKER);

    emu.resetStats();
    expect((await ws.run(emu, ['plan', '--detailed-exitcode'])).code).toBe(0);
    expectNoSecret(plan, apply);
  });

  it('apply --adopt writes the fingerprint into their marks at once, sending no secret; a token changed afterwards then reaches them', async () => {
    const emu = await startEmulator({ users: [ADMIN], rotateOnInit: false });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    const fingerprints = ALIYUN_PATHS.map((p) => fingerprintOf(emu, p));
    for (const path of ALIYUN_PATHS)
      emu.editRow(path, { remark: MARKER, addition: JSON.stringify({ ...additionOf(emu, path), refresh_token: 'rotated-meanwhile' }) });

    const plan = await ws.run(emu, ['plan', '--adopt']);
    expect(plan.stdout).toContain('Plan: 0 to create, 3 to update, 0 to delete, 5 unchanged.');
    expect(plan.stdout).toContain('(marked by an earlier alist-batch: --adopt adds the fingerprint of its secrets to the mark; the secrets are not sent)');
    const json = documentSchema.parse(JSON.parse((await ws.run(emu, ['plan', '--adopt', '--json'])).stdout));
    expect(json.changes?.map((c) => [c.mount_path, c.fields, c.fingerprints])).toEqual(ALIYUN_PATHS.map((p) => [p, [], true]));

    emu.resetStats();
    expect((await ws.run(emu, ['apply', '--adopt'])).code).toBe(0);
    expect(writesTo(emu, 'update')).toHaveLength(3);
    expect(ALIYUN_PATHS.map((p) => fingerprintOf(emu, p))).toEqual(fingerprints);
    for (const path of ALIYUN_PATHS) expect(additionOf(emu, path).refresh_token).toBe('rotated-meanwhile');
    expect((await ws.run(emu, ['plan', '--adopt', '--detailed-exitcode'])).code).toBe(0);

    await ws.write({ 'config.yaml': configYaml(RENEWED_TOKEN) });
    emu.resetStats();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    expect(writesTo(emu, 'update')).toHaveLength(3);
    for (const path of ALIYUN_PATHS) expect(additionOf(emu, path).refresh_token).toBe(RENEWED_TOKEN);
  });
});

describe('a driver without a module (storages.yaml)', () => {
  const config = `url: http://127.0.0.1:9
auth:
    username: admin
    password: \${E2E_ADMIN_PASSWORD}
storages:
    enable: true
`;
  const storagesYaml = `/Cloud/Open:
    driver: AliyundriveOpen
    addition:
        refresh_token: \${OPEN_TOKEN}
        oauth_token_url: https://api.nn.ci/alist/ali_open/token
/Cloud/Other:
    driver: AliyundriveOpen
    addition:
        refresh_token: other-open-token-e2e-11
        oauth_token_url: https://api.nn.ci/alist/ali_open/token
`;

  it('a refresh token changed in the environment reaches that storage once; the rotated one is not drift', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'config.yaml': config, 'storages.yaml': storagesYaml });
    const first = 'open-refresh-token-e2e-first';
    const renewed = 'open-refresh-token-e2e-renewed';
    expect((await ws.run(emu, ['apply'], { env: { OPEN_TOKEN: first } })).code).toBe(0);
    expect(additionOf(emu, '/Cloud/Open').refresh_token).not.toBe(first); // rotated on init
    expect((await ws.run(emu, ['plan', '--detailed-exitcode'], { env: { OPEN_TOKEN: first } })).code).toBe(0);

    emu.resetStats();
    const apply = await ws.run(emu, ['apply'], { env: { OPEN_TOKEN: renewed } });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('refresh_token: (sensitive value changed)');
    expect(apply.stdout).toContain('Apply complete: 0 created, 1 updated, 0 deleted, 1 unchanged, 0 failed.');
    expect(writesTo(emu, 'update')).toHaveLength(1);
    expect(`${apply.stdout}${apply.stderr}`).not.toContain(renewed);
    expect(`${apply.stdout}${apply.stderr}`).not.toContain(first);

    emu.resetStats();
    expect((await ws.run(emu, ['apply'], { env: { OPEN_TOKEN: renewed } })).code).toBe(0);
    expect(emu.writeCount()).toBe(0);
  });
});
