// export of per-mount settings and of storages.yaml, end to end: files with settings are applied,
// an administrator changes more in the web UI, export writes it all back, and plan on the exported
// files reports no changes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, ALI_SHARE, REFRESH_TOKEN, SECRETS, configYaml, workspaces } from './e2e-support.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

const OPEN_TOKEN = 'open-refresh-token-export-e2e-31c7';

/** Night Train's entry with its own settings: as written, and as export writes it back. */
const NIGHT_TRAIN = [
  '    Night Train:',
  '        link: https://www.aliyundrive.com/s/ShareNight1/folder/64a0000000000001',
  '        order: 5',
  '        remark: Films of the night',
  '        webdav_policy: use_proxy_url',
  '        addition:',
  '            order_by: name',
  '',
].join('\n');
/** The rest as the standard files have them. */
const ALI_WITH_SETTINGS = ALI_SHARE.replace('    Night Train: https://www.aliyundrive.com/s/ShareNight1/folder/64a0000000000001\n', NIGHT_TRAIN);

const STORAGES = `/Cloud/Open:
    driver: AliyundriveOpen
    order: 3
    remark: Team drive
    addition:
        refresh_token: \${OPEN_TOKEN}
        oauth_token_url: https://api.nn.ci/alist/ali_open/token
        remove_way: trash
`;

describe('export with settings', () => {
  it('writes per-mount settings and storages.yaml so that plan on the exported files reports no changes', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'config.yaml': `${configYaml()}storages:\n    enable: true\n`, 'ali_share.yaml': ALI_WITH_SETTINGS, 'storages.yaml': STORAGES });
    const apply = await ws.run(emu, ['apply'], { env: { OPEN_TOKEN } });
    expect(apply.stderr).not.toContain('FAILED');
    expect(apply.code).toBe(0);
    // Set by hand in the web UI afterwards: export takes the server as it is.
    emu.editRow('/Teams/Contoso/Bob', { enable_sign: true, cache_expiration: 60, disabled: true, status: 'disabled' });

    const out = join(ws.dir, 'exported');
    const result = await ws.run(emu, ['export', '--out', out], { env: { OPEN_TOKEN } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Exported 9 storages.');
    expect(result.stdout).toContain(
      'set ALIYUN_REFRESH_TOKEN, ONEDRIVE_TENANT_1_CLIENT_SECRET, ONEDRIVE_TENANT_2_CLIENT_SECRET, STORAGE_CLOUD_OPEN_REFRESH_TOKEN',
    );
    for (const secret of [...SECRETS, OPEN_TOKEN]) expect(result.stdout + result.stderr).not.toContain(secret);

    expect(await readFile(join(out, 'ali_share.yaml'), 'utf8')).toContain(NIGHT_TRAIN);
    expect(await readFile(join(out, 'onedrive_app.yaml'), 'utf8')).toContain(
      '    Bob:\n        account: 1:bob@contoso.onmicrosoft.com:/Projects\n        cache_expiration: 60\n        enable_sign: true\n        disabled: true\n',
    );
    const storages = await readFile(join(out, 'storages.yaml'), 'utf8');
    expect(storages).toContain('/Cloud/Open:\n    driver: AliyundriveOpen\n    order: 3\n    remark: Team drive\n    addition:\n');
    expect(storages).toContain('        refresh_token: ${STORAGE_CLOUD_OPEN_REFRESH_TOKEN}\n');
    expect(storages).toContain('        remove_way: trash\n');
    expect(await readFile(join(out, 'config.yaml'), 'utf8')).toContain('storages:\n    enable: true\n');

    // The tokens the storages were given (their fingerprints say so); the server rotated both since.
    const env = {
      ALIST_PASSWORD: ADMIN.password,
      ALIYUN_REFRESH_TOKEN: REFRESH_TOKEN,
      ONEDRIVE_TENANT_1_CLIENT_SECRET: 'contoso-client-secret-e2e-91ab',
      ONEDRIVE_TENANT_2_CLIENT_SECRET: 'fabrikam-client-secret-e2e-55cd',
      STORAGE_CLOUD_OPEN_REFRESH_TOKEN: OPEN_TOKEN,
    };
    const plan = await ws.run(emu, ['plan', '-c', out, '--detailed-exitcode'], { env });
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 9 unchanged.');
    expect(plan.code).toBe(0);
  });
});
