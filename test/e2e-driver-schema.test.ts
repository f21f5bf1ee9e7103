// plan and apply check the files against the server's own driver schema (driver/info) before any
// write, and create storages as the web UI would, with the schema's defaults: end to end, through
// the CLI, against AList and OpenList emulators.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Emulator } from './emulator/index.js';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, SECRETS, configYaml, workspaces, writesTo } from './e2e-support.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

const OPENLIST = 'v4.2.5 (Commit: 0b1e9d09) - Frontend: v4.2.5 - Build at: 2026-08-19';

/** The decoded addition a create sent for a mount path (not what the server stored: that has every key). */
function createdWith(emu: Emulator, mountPath: string): Record<string, unknown> {
  for (const entry of emu.log) {
    if (entry.path !== '/api/admin/storage/create' || entry.body === undefined) continue;
    const body = JSON.parse(entry.body) as { mount_path: string; addition: string };
    if (body.mount_path === mountPath) return JSON.parse(body.addition) as Record<string, unknown>;
  }
  throw new Error(`no create of ${mountPath}`);
}

/** Aliyun shares only, with `extra` lines at the end of config.yaml. */
function aliyunOnly(extra: string[] = []): string {
  const base = configYaml()
    .replace(/pikpak:\n {4}enable: true/, 'pikpak:\n    enable: false')
    .replace(/onedrive_app:\n {4}enable: true/, 'onedrive_app:\n    enable: false');
  return `${base}${extra.map((line) => `${line}\n`).join('')}`;
}

const driverInfoRequests = (emu: Emulator): string[] =>
  emu.log
    .filter((e) => e.path === '/api/admin/driver/info')
    .map((e) => decodeURIComponent(e.query.replace(/^driver=/, '')))
    .sort();

describe('a create carries the defaults of the server’s driver schema', () => {
  it('OnedriveAPP on OpenList gets disable_disk_usage and enable_direct_upload; on AList it does not', async () => {
    const openlist = await startEmulator({ users: [ADMIN], flavor: 'openlist', version: OPENLIST });
    const alist = await startEmulator({ users: [ADMIN], flavor: 'alist', version: 'v3.45.0' });
    const ws = await workspace();
    expect((await ws.run(openlist, ['apply'])).code).toBe(0);
    expect((await ws.run(alist, ['apply'])).code).toBe(0);

    const onOpenList = createdWith(openlist, '/Teams/Contoso/Alice');
    expect(onOpenList).toMatchObject({ disable_disk_usage: false, enable_direct_upload: false, chunk_size: 5, root_folder_path: '/' });
    const onAList = createdWith(alist, '/Teams/Contoso/Alice');
    expect(Object.keys(onAList).sort()).toEqual([
      'chunk_size',
      'client_id',
      'client_secret',
      'custom_host',
      'email',
      'region',
      'root_folder_path',
      'tenant_id',
    ]);

    // The filled-in defaults are not managed: a second run changes nothing on either server.
    for (const emu of [openlist, alist]) {
      emu.resetStats();
      const again = await ws.run(emu, ['apply']);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('No changes: the server matches the files.');
      expect(emu.writeCount()).toBe(0);
    }
  });
});

describe('a driver the server does not have', () => {
  it('is refused before any write, once per file at its first entry, in text and in --json', async () => {
    const emu = await startEmulator({ users: [ADMIN], withoutDrivers: ['PikPakShare'] });
    const ws = await workspace();
    const pikShare = `${ws.dir}/pik_share.yaml`;
    for (const command of ['plan', 'apply']) {
      const result = await ws.run(emu, [command]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `${pikShare}:2:5: the server (AList v3.45.0) has no driver "PikPakShare" (and 1 more entry of this file): this server cannot mount these storages; leave them out of the files, or use a server that has the driver\n`,
      );
      expect(result.stderr).toContain("error: 1 problem found checking the files against the server's driver schema; nothing was changed on the server.");
    }
    const json = await ws.run(emu, ['apply', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      format_version: 1,
      command: 'apply',
      error: {
        message: "1 problem found checking the files against the server's driver schema; nothing was changed on the server.",
        diagnostics: [expect.objectContaining({ file: pikShare, line: 2, col: 5 })],
      },
    });
    expect(emu.writeCount()).toBe(0);
    expect(emu.rows()).toEqual([]);
    for (const secret of SECRETS) expect(json.stdout + json.stderr).not.toContain(secret);

    // Only the selected storages are checked: the others can still be applied.
    emu.resetStats();
    const aliyun = await ws.run(emu, ['apply', '--driver', 'AliyundriveShare']);
    expect(aliyun.code).toBe(0);
    expect(writesTo(emu, 'create')).toHaveLength(3);
    expect(driverInfoRequests(emu)).toEqual(['AliyundriveShare']);
  });
});

describe('what the check costs', () => {
  it('a no-op plan of 2,000 storages of one driver makes 5 requests: one driver/info beside the usual four', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const lines = ['Bulk:'];
    for (let i = 0; i < 2000; i++) lines.push(`    Item ${i}: https://www.aliyundrive.com/s/Bulk${i}x`);
    await ws.write({ 'config.yaml': aliyunOnly(), 'ali_share.yaml': `${lines.join('\n')}\n` });
    expect((await ws.run(emu, ['apply', '--concurrency', '64'])).code).toBe(0);
    expect(emu.rows()).toHaveLength(2000);

    emu.resetStats();
    const plan = await ws.run(emu, ['plan']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 2000 unchanged.');
    expect(emu.log.map((e) => e.path).sort()).toEqual([
      '/api/admin/driver/info',
      '/api/admin/storage/list',
      '/api/auth/login/hash',
      '/api/me',
      '/api/public/settings',
    ]);
    expect(driverInfoRequests(emu)).toEqual(['AliyundriveShare']);
  });
});

const NIGHT_WITH_POLICIES = [
  'Movies:',
  '    Night Train:',
  '        link: https://www.aliyundrive.com/s/ShareNight1',
  '        custom_cache_policies: "*.mp4:60"',
  '    Deep Ocean: https://www.aliyundrive.com/s/ShareOcean3',
  '',
].join('\n');

describe('storage settings the server version does not have', () => {
  it('OpenList-only fields on AList: exit 1 at the file:line:col where each was written, naming the versions, nothing written', async () => {
    const emu = await startEmulator({ users: [ADMIN], flavor: 'alist', version: 'v3.45.0' });
    const ws = await workspace();
    await ws.write({ 'config.yaml': aliyunOnly(['defaults:', '    all:', '        disable_proxy_sign: true']), 'ali_share.yaml': NIGHT_WITH_POLICIES });
    const configLines = readFileSync(ws.config, 'utf8').split('\n');
    const signLine = configLines.indexOf('        disable_proxy_sign: true') + 1;
    for (const command of ['plan', 'apply']) {
      const result = await ws.run(emu, [command]);
      expect(result.code).toBe(1);
      const lines = result.stderr.split('\n').filter((line) => line.includes('.yaml:'));
      expect(lines).toEqual([
        `${ws.dir}/ali_share.yaml:4:32: custom_cache_policies needs OpenList ≥ v4.1.9; the server is AList v3.45.0: remove it from the files`,
        `${ws.config}:${signLine}:29: disable_proxy_sign needs OpenList ≥ v4.0.9; the server is AList v3.45.0: remove it from the files`,
      ]);
      expect(result.stderr).toContain("error: 2 problems found checking the files against the server's driver schema; nothing was changed on the server.");
    }
    expect(emu.writeCount()).toBe(0);
    expect(emu.rows()).toEqual([]);
  });

  it('the same files on OpenList ≥ v4.1.9 are created with those fields, and a rerun writes nothing', async () => {
    const emu = await startEmulator({ users: [ADMIN], flavor: 'openlist', version: 'v4.1.9' });
    const ws = await workspace();
    await ws.write({ 'config.yaml': aliyunOnly(['defaults:', '    all:', '        disable_proxy_sign: true']), 'ali_share.yaml': NIGHT_WITH_POLICIES });
    const apply = await ws.run(emu, ['apply']);
    expect(apply.code).toBe(0);
    expect(emu.row('/Movies/Night Train')).toMatchObject({ custom_cache_policies: '*.mp4:60', disable_proxy_sign: true });
    expect(emu.row('/Movies/Deep Ocean')).toMatchObject({ custom_cache_policies: '', disable_proxy_sign: true });
    emu.resetStats();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    expect(emu.writeCount()).toBe(0);
  });

  it('order_by on a driver the server does not sort, and an addition value outside its options: both at once, nothing written', async () => {
    const emu = await startEmulator({ users: [ADMIN], flavor: 'alist', version: 'v3.45.0' });
    const ws = await workspace();
    const list = [
      'Movies:',
      '    Night Train:',
      '        link: https://www.aliyundrive.com/s/ShareNight1',
      '        order_by: name',
      '        addition:',
      '            order_direction: desc',
      '',
    ];
    await ws.write({ 'config.yaml': aliyunOnly(), 'ali_share.yaml': list.join('\n') });
    const result = await ws.run(emu, ['apply', '--json']);
    expect(result.code).toBe(1);
    const document = JSON.parse(result.stdout) as { error: { diagnostics: { file: string; line: number; col: number; message: string }[] } };
    expect(document.error.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`)).toEqual([
      "4:19: order_by is a storage setting only for drivers the server sorts itself, and AliyundriveShare does not: use addition.order_by for this driver's own sorting",
      '6:30: addition.order_direction must be one of ASC, DESC for AliyundriveShare (got "desc"): did you mean "DESC"?',
    ]);
    expect(emu.writeCount()).toBe(0);
  });

  it('an OpenList-only addition key on AList is refused at the key, naming the server', async () => {
    const emu = await startEmulator({ users: [ADMIN], flavor: 'alist', version: 'v3.45.0' });
    const ws = await workspace();
    await ws.write({
      'onedrive_app.yaml': ['Teams:', '    Alice: {account: "1:alice@contoso.onmicrosoft.com", addition: {enable_direct_upload: true}}', ''].join('\n'),
    });
    const result = await ws.run(emu, ['plan']);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').filter((line) => line.includes('.yaml:'))).toEqual([
      `${ws.dir}/onedrive_app.yaml:2:90: addition.enable_direct_upload is not a key of OnedriveAPP on this server (AList v3.45.0): its keys are root_folder_path, region, client_id, client_secret, tenant_id, email, chunk_size, custom_host`,
    ]);
    expect(emu.writeCount()).toBe(0);
  });
});
