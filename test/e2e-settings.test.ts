// Per-mount settings and defaults, end to end: list entries written as mappings and config.yaml's
// `defaults:` reach the server on create; a rerun writes nothing; one changed setting is one update
// of that field; a setting removed from the files is left as the server has it; every offline problem
// is reported with its file:line:col before any request that writes.
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Emulator } from './emulator/index.js';
import { emulatorLifecycle } from './emulator-support.js';
import { startHostileProxy } from './hostile/proxy.js';
import { ADMIN, additionOf, CLIENT_SECRET_1, REFRESH_TOKEN, workspaces, writesTo, type Workspace } from './e2e-support.js';

const MARKER = 'managed-by: alist-batch';
/** The secrets fingerprint line above the mark (the Aliyun refresh token is a secret), after the remark text. */
const FINGERPRINTED = (text: string) => new RegExp(`^${text}${text === '' ? '' : '\\n'}secrets-fingerprint: [0-9a-f]{8}\\n${MARKER}$`);
const startEmulator = emulatorLifecycle();
const workspace = workspaces();

/** Aliyun and OneDrive only (PikPak off), with `extra` lines at the end of config.yaml. */
function config(extra: string[] = []): string {
  return [
    'url: http://127.0.0.1:9',
    'auth:',
    '    username: admin',
    '    password: ${E2E_ADMIN_PASSWORD}',
    'aliyun:',
    '    enable: true',
    `    refresh_token: ${REFRESH_TOKEN}`,
    'pikpak:',
    '    enable: false',
    'onedrive_app:',
    '    enable: true',
    '    region: global',
    '    tenants:',
    '        - id: 1',
    '          client_id: 3f2a9c1e-0000-4000-8000-00000000c0c0',
    `          client_secret: ${CLIENT_SECRET_1}`,
    '          tenant_id: contoso.onmicrosoft.com',
    ...extra,
    '',
  ].join('\n');
}

const NIGHT = 'https://www.aliyundrive.com/s/ShareNight1';
const OCEAN = 'https://www.aliyundrive.com/s/ShareOcean3';

function aliList(nightSettings: string[]): string {
  return ['Movies:', '    Night Train:', `        link: ${NIGHT}`, ...nightSettings.map((line) => `        ${line}`), `    Deep Ocean: ${OCEAN}`, ''].join(
    '\n',
  );
}

const ONEDRIVE = ['Teams:', '    Alice: {account: "1:alice@contoso.onmicrosoft.com", addition: {chunk_size: 10}}', ''].join('\n');

async function setUp(emu: Emulator, nightSettings: string[], extra: string[] = []): Promise<Workspace> {
  const ws = await workspace();
  await ws.write({ 'config.yaml': config(extra), 'ali_share.yaml': aliList(nightSettings), 'onedrive_app.yaml': ONEDRIVE });
  return ws;
}

function writes(emu: Emulator): string[] {
  return [...writesTo(emu, 'create'), ...writesTo(emu, 'update'), ...writesTo(emu, 'delete')];
}

describe('per-mount settings', () => {
  it('are created as written, a rerun writes nothing, one changed setting is one update, a removed one is left alone', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const settings = ['order: 5', 'remark: Films of the night', 'webdav_policy: use_proxy_url', 'addition:', '    order_by: name'];
    const ws = await setUp(emu, settings);

    const first = await ws.run(emu, ['apply']);
    expect(first.stderr).not.toMatch(/warning|FAILED/);
    expect(first.code).toBe(0);
    expect(emu.row('/Movies/Night Train')).toMatchObject({
      order: 5,
      remark: expect.stringMatching(FINGERPRINTED('Films of the night')),
      webdav_policy: 'use_proxy_url',
    });
    expect(additionOf(emu, '/Movies/Night Train')).toMatchObject({ order_by: 'name', share_id: 'ShareNight1' });
    // An entry without settings gets the built-in ones.
    expect(emu.row('/Movies/Deep Ocean')).toMatchObject({ order: 0, remark: expect.stringMatching(FINGERPRINTED('')), webdav_policy: '302_redirect' });
    expect(additionOf(emu, '/Teams/Alice')).toMatchObject({ chunk_size: 10, email: 'alice@contoso.onmicrosoft.com' });

    const before = writes(emu).length;
    const rerun = await ws.run(emu, ['apply']);
    expect(rerun.code).toBe(0);
    expect(writes(emu)).toHaveLength(before);

    await ws.write({ 'ali_share.yaml': aliList(settings.map((line) => (line === 'order: 5' ? 'order: 6' : line))) });
    const plan = await ws.run(emu, ['plan']);
    expect(plan.stdout).toContain('order: 5 → 6');
    expect(plan.stdout).not.toMatch(/remark|webdav_policy|order_by/);
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to update, 0 to delete, 2 unchanged.');
    const update = await ws.run(emu, ['apply']);
    expect(update.code).toBe(0);
    expect(writesTo(emu, 'update')).toHaveLength(1);
    expect(emu.row('/Movies/Night Train')).toMatchObject({
      order: 6,
      remark: expect.stringMatching(FINGERPRINTED('Films of the night')),
      webdav_policy: 'use_proxy_url',
    });

    // Settings deleted from the file: no longer managed, so the server keeps them.
    await ws.write({ 'ali_share.yaml': aliList([]) });
    const after = await ws.run(emu, ['plan']);
    expect(after.stdout).toContain('No changes');
    expect(after.code).toBe(0);
    expect(emu.row('/Movies/Night Train')).toMatchObject({ order: 6, webdav_policy: 'use_proxy_url' });
  });
});

describe('defaults:', () => {
  it('defaults.all and defaults.<driver> reach every storage, the entry over the driver over all', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const defaults = [
      'defaults:',
      '    all:',
      '        cache_expiration: 0',
      '        order: 1',
      '        web_proxy: yes',
      '    AliyundriveShare:',
      '        order: 2',
      '        addition:',
      '            order_by: size',
      '            order_direction: DESC',
    ];
    const ws = await setUp(emu, ['order: 3'], defaults);
    const apply = await ws.run(emu, ['apply']);
    expect(apply.stderr).not.toMatch(/warning|FAILED/);
    expect(apply.code).toBe(0);
    expect(emu.row('/Movies/Night Train')).toMatchObject({ order: 3, cache_expiration: 0, web_proxy: true });
    expect(emu.row('/Movies/Deep Ocean')).toMatchObject({ order: 2, cache_expiration: 0, web_proxy: true });
    expect(additionOf(emu, '/Movies/Deep Ocean')).toMatchObject({ order_by: 'size', order_direction: 'DESC' });
    expect(emu.row('/Teams/Alice')).toMatchObject({ order: 1, cache_expiration: 0, web_proxy: true });
    expect(additionOf(emu, '/Teams/Alice')).toMatchObject({ chunk_size: 10 });

    // Changing defaults.all changes every storage that takes it, and only those.
    await ws.write({ 'config.yaml': config(defaults.map((line) => (line === '        order: 1' ? '        order: 4' : line))) });
    const plan = await ws.run(emu, ['plan']);
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to update, 0 to delete, 2 unchanged.');
    expect(plan.stdout).toContain('order: 1 → 4');
  });
});

describe('offline problems', () => {
  it('every one with its file:line:col, exit 1, and nothing written', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await setUp(
      emu,
      ['cache_expiration: 30m', 'webdav_policy: proxy', 'chunk_size: 5', 'addition:', '    chunk_size: 5'],
      ['defaults:', '    all:', '        addition:', '            x: 1', '    aliyundriveshare: {order: 1}'],
    );
    await ws.write({
      'onedrive_app.yaml': ['Teams:', '    Alice: {account: "1:alice@contoso.onmicrosoft.com", link: x}', '    Bob: {order: 1}', ''].join('\n'),
    });
    for (const command of ['plan', 'apply']) {
      const result = await ws.run(emu, [command]);
      expect(result.code).toBe(1);
      const lines = result.stderr
        .split('\n')
        .filter((line) => line.includes('.yaml:'))
        .map((line) => line.replace(`${ws.dir}/`, ''));
      expect(lines).toEqual([
        'config.yaml:20:9: defaults.all cannot have addition: (each driver has its own keys); put them under defaults.<driver name>.addition',
        'config.yaml:22:5: unknown driver name "aliyundriveshare" in defaults; did you mean "AliyundriveShare"? (written as the server spells it)',
        'ali_share.yaml:4:27: cache_expiration must be a whole number ≥ 0 (got "30m") in "Night Train"',
        'ali_share.yaml:5:24: webdav_policy must be one of 302_redirect, use_proxy_url, native_proxy (got "proxy") in "Night Train"',
        'ali_share.yaml:6:9: unknown setting "chunk_size" in "Night Train": not a storage field, nor a key of AliyundriveShare (it is OnedriveAPP\'s)',
        'ali_share.yaml:8:13: "chunk_size" is not a key of AliyundriveShare (it is OnedriveAPP\'s); its keys: refresh_token, share_id, share_pwd, root_folder_id, order_by, order_direction',
        'onedrive_app.yaml:2:57: "Alice": an entry of onedrive_app.yaml gives its value as account: (a OneDrive reference <tenant>:<email>[:<root path>]), not link:',
        'onedrive_app.yaml:3:5: "Bob" is a mapping without account: (give it account: <a OneDrive reference <tenant>:<email>[:<root path>]>, and its settings beside it)',
      ]);
    }
    expect(emu.log.filter((entry) => entry.path.startsWith('/api/'))).toEqual([]);
    expect(emu.rows()).toEqual([]);
  });
});

describe('${NAME} in list files', () => {
  it('a secret from the environment reaches the server and is never printed; an unset variable stops everything', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await setUp(emu, ['remark: ${NIGHT_REMARK}', 'addition:', '    refresh_token: ${NIGHT_TOKEN}']);
    const token = 'night-only-refresh-token-e2e-77aa';

    const unset = await ws.run(emu, ['apply'], { env: { NIGHT_REMARK: 'late films' } });
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain('ali_share.yaml:6:28: environment variable NIGHT_TOKEN is not set (used in Movies.Night Train.addition.refresh_token)');
    expect(emu.log.filter((entry) => entry.path.startsWith('/api/'))).toEqual([]);

    const env = { NIGHT_REMARK: 'late films', NIGHT_TOKEN: token };
    // Through a recording proxy: the server rotates refresh tokens, so the create's body is what tells.
    const proxy = await startHostileProxy(emu.url);
    onTestFinished(() => proxy.close());
    const apply = await ws.run(emu, ['apply'], { env: { ...env, ALIST_URL: proxy.url } });
    expect(apply.code).toBe(0);
    const created = proxy.seen.filter((r) => r.path === '/api/admin/storage/create').map((r) => JSON.parse(r.body) as { mount_path: string; addition: string });
    const tokenOf = (path: string) => (JSON.parse(created.find((c) => c.mount_path === path)?.addition ?? '{}') as { refresh_token?: string }).refresh_token;
    expect(tokenOf('/Movies/Night Train')).toBe(token);
    expect(tokenOf('/Movies/Deep Ocean')).toBe(REFRESH_TOKEN);
    expect(`${apply.stdout}${apply.stderr}`).not.toContain(token);
    expect(emu.row('/Movies/Night Train')?.remark).toMatch(FINGERPRINTED('late films'));

    // The remark changed in the environment: one update of the remark, the mark kept after it.
    const plan = await ws.run(emu, ['plan', '--json'], { env: { ...env, NIGHT_REMARK: 'early films' } });
    expect(plan.stdout).not.toContain(token);
    const changed = await ws.run(emu, ['apply'], { env: { ...env, NIGHT_REMARK: 'early films' } });
    expect(`${changed.stdout}${changed.stderr}`).not.toContain(token);
    expect(changed.stdout).toContain('1 updated');
    expect(emu.row('/Movies/Night Train')?.remark).toMatch(FINGERPRINTED('early films'));
  });
});

describe('OpenList', () => {
  it('its own fields and driver keys reach the server: custom_cache_policies, disable_proxy_sign, OnedriveAPP enable_direct_upload', async () => {
    const emu = await startEmulator({ users: [ADMIN], flavor: 'openlist', version: 'v4.1.9' });
    const ws = await setUp(emu, ['custom_cache_policies: "*.mkv:120"', 'disable_proxy_sign: true']);
    await ws.write({
      'onedrive_app.yaml': ['Teams:', '    Alice: {account: "1:alice@contoso.onmicrosoft.com", addition: {enable_direct_upload: true}}', ''].join('\n'),
    });
    const apply = await ws.run(emu, ['apply']);
    expect(apply.stderr).not.toMatch(/warning|FAILED/);
    expect(apply.code).toBe(0);
    expect(emu.row('/Movies/Night Train')).toMatchObject({ custom_cache_policies: '*.mkv:120', disable_proxy_sign: true });
    expect(additionOf(emu, '/Teams/Alice')).toMatchObject({ enable_direct_upload: true, chunk_size: 5 });
    const rerun = await ws.run(emu, ['plan']);
    expect(rerun.stdout).toContain('No changes');
  });
});
