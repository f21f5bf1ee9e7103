// `alist-batch export` end to end: a server seeded by apply and by hand becomes files that
// validate and plan to no changes; secrets stay in the environment unless asked for.
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, CLIENT_SECRET_1, CLIENT_SECRET_2, REFRESH_TOKEN, SECRETS, workspaces, type Workspace } from './e2e-support.js';
import { exportDocumentSchema } from '../src/ui/export-document.js';
import type { Emulator } from './emulator/index.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

const HAND_SECRET = 'hand-made-client-secret-77aa';

/** Storages made in the web UI (or by the old tool): no mark, some the list files cannot hold. */
function seedByHand(emu: Emulator): void {
  emu.insertRow({
    mount_path: '/Hand/Shared Docs',
    driver: 'PikPakShare',
    addition: JSON.stringify({
      root_folder_id: 'VNHandFolder',
      share_id: 'VNHand01',
      share_pwd: 'p w&d',
      platform: 'android',
      device_id: 'dev-1',
      use_transcoding_address: false,
    }),
  });
  emu.insertRow({
    mount_path: '/Hand/Dana',
    driver: 'OnedriveAPP',
    addition: JSON.stringify({
      root_folder_path: '/',
      region: 'global',
      client_id: '3f2a9c1e-0000-4000-8000-0000000000ad',
      client_secret: HAND_SECRET,
      tenant_id: 'hand.onmicrosoft.com',
      email: 'dana@hand.onmicrosoft.com',
      chunk_size: 5,
      custom_host: '',
    }),
  });
  emu.insertRow({ mount_path: '/Rooted', driver: 'PikPakShare', addition: JSON.stringify({ share_id: 'VNRoot', platform: 'android' }) });
  emu.insertRow({ mount_path: '/Cloud/Open', driver: 'AliyundriveOpen' });
}

/**
 * --include-secrets writes the refresh token the server has now (it rotated the one apply gave): for
 * the secrets fingerprint a token the files changed, so the first apply sends it (the server's own,
 * harmless) to the three Aliyun storages and records it; then nothing changes.
 */
async function expectRotatedTokensSentOnce(emu: Emulator, ws: Workspace, out: string, storages: number): Promise<void> {
  const env = { ALIST_PASSWORD: ADMIN.password };
  const plan = await ws.run(emu, ['plan', '-c', out], { env });
  expect(plan.stdout).toContain(`Plan: 0 to create, 3 to update, 0 to delete, ${storages - 3} unchanged.`);
  expect(plan.stdout.match(/refresh_token: \(sensitive value changed\)/g)).toHaveLength(3);
  expect(plan.stdout).not.toContain(' → ');
  expect((await ws.run(emu, ['apply', '-c', out], { env })).code).toBe(0);
  const again = await ws.run(emu, ['plan', '-c', out, '--detailed-exitcode'], { env });
  expect(again.code).toBe(0);
  expect(again.stdout).toContain(`${storages} unchanged`);
}

describe('export against the emulator', () => {
  it('writes files that validate and plan to no changes once the printed variables are set; a mount without a category goes to storages.yaml', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    seedByHand(emu);
    emu.resetStats();
    const out = join(ws.dir, 'exported');

    const result = await ws.run(emu, ['export', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(emu.writeCount()).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['ali_share.yaml', 'config.yaml', 'onedrive_app.yaml', 'pik_share.yaml', 'storages.yaml']);
    expect((await stat(join(out, 'config.yaml'))).mode & 0o777).toBe(0o600);
    expect(result.stdout).toContain('Exported 12 storages.');
    // A driver without a list file goes to storages.yaml.
    expect(result.stdout).toContain(`wrote ${out}/storages.yaml (2 storages)`);
    expect(await readFile(join(out, 'storages.yaml'), 'utf8')).toContain('/Cloud/Open:\n    driver: AliyundriveOpen\n');
    // A mount without a category, which no list file can hold: storages.yaml, by its driver's name.
    expect(await readFile(join(out, 'storages.yaml'), 'utf8')).toContain('/Rooted:\n    driver: PikPakShare\n    addition:\n        share_id: VNRoot\n');
    expect(result.stdout).toContain(
      'set ALIYUN_REFRESH_TOKEN, ONEDRIVE_TENANT_1_CLIENT_SECRET, ONEDRIVE_TENANT_2_CLIENT_SECRET, ONEDRIVE_TENANT_3_CLIENT_SECRET before plan or apply.',
    );
    const config = await readFile(join(out, 'config.yaml'), 'utf8');
    expect(config).toContain('password: ${ALIST_PASSWORD}');
    expect(config).toContain('client_id: 3f2a9c1e-0000-4000-8000-0000000000ad\n          client_secret: ${ONEDRIVE_TENANT_1_CLIENT_SECRET}');
    expect(await readFile(join(out, 'pik_share.yaml'), 'utf8')).toContain('    Shared Docs: https://mypikpak.com/s/VNHand01/VNHandFolder?pwd=p+w%26d\n');
    for (const secret of [...SECRETS, HAND_SECRET]) expect(result.stdout + config).not.toContain(secret);

    const variables = {
      ALIST_PASSWORD: ADMIN.password,
      // The token the storages were given (their secrets fingerprint says so); the server has rotated it since.
      ALIYUN_REFRESH_TOKEN: REFRESH_TOKEN,
      // Tenants are numbered in mount-path order: /Hand/Dana's first.
      ONEDRIVE_TENANT_1_CLIENT_SECRET: HAND_SECRET,
      ONEDRIVE_TENANT_2_CLIENT_SECRET: CLIENT_SECRET_1,
      ONEDRIVE_TENANT_3_CLIENT_SECRET: CLIENT_SECRET_2,
    };
    const plan = await ws.run(emu, ['plan', '-c', out, '--detailed-exitcode'], { env: variables });
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes: the server matches the files.');
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 12 unchanged.');
    // Another token is a secret changed in the files: it is sent to every storage that uses it.
    const renewed = await ws.run(emu, ['plan', '-c', out], { env: { ...variables, ALIYUN_REFRESH_TOKEN: 'a-renewed-token' } });
    expect(renewed.stdout).toContain('Plan: 0 to create, 3 to update, 0 to delete, 9 unchanged.');
  });

  it('--include-secrets writes them (mode 600, with a warning), and --json says what went where', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.run(emu, ['apply']);
    seedByHand(emu);
    const out = join(ws.dir, 'with-secrets');
    const result = await ws.run(emu, ['export', '--out', out, '--include-secrets', '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: --include-secrets: config.yaml holds secrets in clear text (mode 600)');
    const doc = exportDocumentSchema.parse(JSON.parse(result.stdout));
    expect(doc.secrets_included).toBe(true);
    expect(doc.variables).toEqual(['ALIST_PASSWORD']);
    expect(doc.skipped).toEqual([]);
    expect(doc.exported.find((e) => e.mount_path === '/Cloud/Open')).toMatchObject({ driver: 'AliyundriveOpen', file: 'storages.yaml', line: 2 });
    expect(doc.exported.find((e) => e.mount_path === '/Hand/Dana')).toMatchObject({ driver: 'OnedriveAPP', file: 'onedrive_app.yaml' });
    for (const secret of [...SECRETS, HAND_SECRET]) expect(result.stdout).not.toContain(secret);
    expect(await readFile(join(out, 'config.yaml'), 'utf8')).toContain(`client_secret: ${HAND_SECRET}`);
    for (const name of doc.files) expect((await stat(join(out, name))).mode & 0o777).toBe(0o600);
    await expectRotatedTokensSentOnce(emu, ws, out, 12);
  });

  it('refuses a folder that is not empty unless --force, before contacting the server; --only narrows what is written', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.run(emu, ['apply']);
    const out = join(ws.dir, 'busy');
    await ws.write({ 'busy/notes.txt': 'mine\n' });
    emu.resetStats();
    const refused = await ws.run(emu, ['export', '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`error: ${out} is not an empty folder; nothing was written.`);
    expect(emu.log).toHaveLength(0);

    const forced = await ws.run(emu, ['export', '--out', out, '--force', '--only', '/Teams/**']);
    expect(forced.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['config.yaml', 'notes.txt', 'onedrive_app.yaml']);
    expect(await readFile(join(out, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(await readFile(join(out, 'onedrive_app.yaml'), 'utf8')).toContain('Teams/Contoso:\n    Alice: 1:alice@contoso.onmicrosoft.com\n');

    const nothing = await ws.run(emu, ['export', '--out', join(ws.dir, 'none'), '--driver', 'Nope']);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('error: --driver Nope matches none of the');
    await expect(stat(join(ws.dir, 'none'))).rejects.toThrow();
  });

  it('exports an OpenList v4 server the same way', async () => {
    const emu = await startEmulator({ users: [ADMIN], flavor: 'openlist' });
    const ws = await workspace();
    await ws.run(emu, ['apply']);
    const out = join(ws.dir, 'ol');
    expect((await ws.run(emu, ['export', '--out', out, '--include-secrets'])).code).toBe(0);
    await writeFile(join(out, 'extra.txt'), '');
    await expectRotatedTokensSentOnce(emu, ws, out, 8);
  });
});
