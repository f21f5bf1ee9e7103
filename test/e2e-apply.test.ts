import { describe, expect, it } from 'vitest';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, ALI_SHARE, CLIENT_SECRET_1, MOUNT_PATHS, ONEDRIVE, REFRESH_TOKEN, additionOf, configYaml, workspaces, writesTo } from './e2e-support.js';

const MARKER = 'managed-by: alist-batch';
const startEmulator = emulatorLifecycle();
const workspace = workspaces();

describe('apply against the emulator, end to end', () => {
  // The published entry point (bin/ and dist/), as a child process in the workspace: apply twice.
  it('creates every storage with every field right, then a second run sends no write at all (built CLI)', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();

    const first = await ws.runBuilt(emu, ['apply']);
    expect(first.stderr).not.toContain('error');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Plan: 8 to create, 0 to update, 0 to delete, 0 unchanged.');
    expect(first.stdout).toContain('Apply complete: 8 created, 0 updated, 0 deleted, 0 unchanged, 0 failed.');
    expect(
      emu
        .rows()
        .map((r) => r.mount_path)
        .sort(),
    ).toEqual(MOUNT_PATHS);

    for (const row of emu.rows()) {
      expect(row).toMatchObject({
        order: 0,
        cache_expiration: 30,
        web_proxy: false,
        webdav_policy: '302_redirect',
        down_proxy_url: '',
        enable_sign: false,
        disabled: false,
        status: 'work',
      });
      // The mark, and above it the fingerprint of the secrets the storage was given (PikPak shares have none).
      expect(row.remark).toMatch(row.driver === 'PikPakShare' ? /^managed-by: alist-batch$/ : /^secrets-fingerprint: [0-9a-f]{8}\nmanaged-by: alist-batch$/);
    }
    // The server rotates the Aliyun refresh token on init; what we sent is the rest of the addition.
    expect(additionOf(emu, '/Movies/Harbour Lights')).toMatchObject({
      share_id: 'ShareHarbour2',
      share_pwd: 'k3y9',
      root_folder_id: 'root',
      order_by: '',
      order_direction: '',
    });
    expect(additionOf(emu, '/Movies/Night Train')).toMatchObject({ share_id: 'ShareNight1', share_pwd: '', root_folder_id: '64a0000000000001' });
    expect(additionOf(emu, '/Music/Live/Rooftop')).toMatchObject({
      share_id: 'VNRoof01',
      root_folder_id: 'VNFolder01',
      share_pwd: '',
      platform: 'android',
      use_transcoding_address: false,
    });
    expect(additionOf(emu, '/Music/Live/Winter')).toMatchObject({ share_id: 'VNWinter02', root_folder_id: '', share_pwd: 'ab12', platform: 'android' });
    expect(additionOf(emu, '/Teams/Contoso/Bob')).toEqual({
      root_folder_path: '/Projects',
      region: 'global',
      client_id: '3f2a9c1e-0000-4000-8000-00000000c0c0',
      client_secret: CLIENT_SECRET_1,
      tenant_id: 'contoso.onmicrosoft.com',
      email: 'bob@contoso.onmicrosoft.com',
      chunk_size: 5,
      custom_host: '',
    });
    expect(additionOf(emu, '/Teams/Fabrikam/Carol')).toMatchObject({
      client_id: '3f2a9c1e-0000-4000-8000-00000000fab0',
      tenant_id: 'fabrikam.onmicrosoft.com',
      root_folder_path: '/',
    });

    emu.resetStats();
    const second = await ws.runBuilt(emu, ['apply']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes: the server matches the files.');
    expect(second.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 8 unchanged.');
    expect(emu.writeCount()).toBe(0);
    // settings, login, /api/me, the list, and one driver/info for each of the three drivers.
    expect(emu.log.length).toBeLessThanOrEqual(4 + 3);
    expect(
      emu.log
        .filter((e) => e.path === '/api/admin/driver/info')
        .map((e) => e.query)
        .sort(),
    ).toEqual(['driver=AliyundriveShare', 'driver=OnedriveAPP', 'driver=PikPakShare']);
  });

  it('plan --detailed-exitcode says 0 when in sync, 2 after an edit; apply then updates exactly the edited storages', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    expect((await ws.run(emu, ['plan', '--detailed-exitcode'])).code).toBe(0);

    await ws.write({
      'ali_share.yaml': ALI_SHARE.replace('ShareHarbour2?pwd=k3y9', 'ShareHarbour2?pwd=n3w1'),
      'onedrive_app.yaml': ONEDRIVE.replace('bob@contoso.onmicrosoft.com:/Projects', 'bob@contoso.onmicrosoft.com:/Projects/2026'),
    });
    // plan through the built CLI: its exit code 2 must reach the shell.
    const plan = await ws.runBuilt(emu, ['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('~ /Movies/Harbour Lights');
    expect(plan.stdout).toContain('share_pwd: "k3y9" → "n3w1"');
    expect(plan.stdout).toContain('root_folder_path: "/Projects" → "/Projects/2026"');
    expect(plan.stdout).toContain('Plan: 0 to create, 2 to update, 0 to delete, 6 unchanged.');

    emu.resetStats();
    const apply = await ws.run(emu, ['apply']);
    expect(apply.code).toBe(0);
    expect(emu.writeCount()).toBe(2);
    expect(writesTo(emu, 'update')).toHaveLength(2);
    expect(additionOf(emu, '/Movies/Harbour Lights').share_pwd).toBe('n3w1');
    expect(additionOf(emu, '/Teams/Contoso/Bob').root_folder_path).toBe('/Projects/2026');
    expect((await ws.run(emu, ['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it('keeps what an administrator set by hand (disabled, sign, webdav policy, remark) when it updates a storage', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    const before = emu.row('/Teams/Contoso/Alice');
    if (!before) throw new Error('not created');
    await adminPost(emu, '/api/admin/storage/update', {
      ...before,
      webdav_policy: 'native_proxy',
      enable_sign: true,
      remark: `Alice's drive, ask IT first\n${MARKER}`,
      addition: JSON.stringify({ ...JSON.parse(before.addition), chunk_size: 100 }),
    });
    await adminPost(emu, `/api/admin/storage/disable?id=${before.id}`);

    await ws.write({ 'onedrive_app.yaml': ONEDRIVE.replace('1:alice@contoso.onmicrosoft.com', '1:alice@contoso.onmicrosoft.com:/Shared') });
    const apply = await ws.run(emu, ['apply']);
    expect(apply.code).toBe(0);
    const after = emu.row('/Teams/Contoso/Alice');
    expect(after).toMatchObject({ disabled: true, enable_sign: true, webdav_policy: 'native_proxy' });
    expect(after?.remark).toMatch(/^Alice's drive, ask IT first\nsecrets-fingerprint: [0-9a-f]{8}\nmanaged-by: alist-batch$/);
    expect(additionOf(emu, '/Teams/Contoso/Alice')).toMatchObject({ root_folder_path: '/Shared', chunk_size: 100 });
  });

  it('reports a storage whose driver fails to start, with the server message and a hint, and never creates it twice', async () => {
    const emu = await startEmulator({
      users: [ADMIN],
      initFailures: [{ addition: { email: 'carol@fabrikam.onmicrosoft.com' }, message: 'Either scp or roles claim need to be present in the token.' }],
    });
    const ws = await workspace();
    const first = await ws.run(emu, ['apply']);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(
      '/Teams/Fabrikam/Carol (create, id 8): failed init storage but storage is already created: failed init storage: Either scp or roles claim need to be present in the token.',
    );
    expect(first.stdout).toContain('Grant admin consent');
    expect(first.stdout).toContain('Apply incomplete: 7 created, 0 updated, 0 deleted, 0 unchanged, 1 failed.');
    expect(emu.rows()).toHaveLength(8);

    emu.resetStats();
    const second = await ws.run(emu, ['apply']);
    expect(writesTo(emu, 'create')).toEqual([]);
    expect(emu.rows()).toHaveLength(8);
    expect(second.stdout).toContain('1 storage matches the files but is not working:');
    expect(second.stdout).toContain('/Teams/Fabrikam/Carol (OnedriveAPP, id 8): Either scp or roles claim');
  });

  it('restarts a broken storage with --retry-broken once its cause is fixed, and only then', async () => {
    const emu = await startEmulator({
      users: [ADMIN],
      initFailures: [{ mountPath: '/Teams/Fabrikam/Carol', message: 'Either scp or roles claim need to be present in the token.' }],
    });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(1);
    emu.clearInitFailures(); // admin consent granted in Entra

    emu.resetStats();
    const plain = await ws.run(emu, ['apply']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('Once the cause is fixed, apply --retry-broken restarts their drivers.');
    expect(emu.writeCount()).toBe(0);

    const plan = await ws.run(emu, ['plan', '--retry-broken', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain(
      '(not working: "Either scp or roles claim need to be present in the token."; saved again so that the server restarts its driver)',
    );
    const retry = await ws.run(emu, ['apply', '--retry-broken']);
    expect(retry.code).toBe(0);
    expect(writesTo(emu, 'update')).toHaveLength(1);
    expect(emu.row('/Teams/Fabrikam/Carol')?.status).toBe('work');
    expect((await ws.run(emu, ['plan', '--retry-broken', '--detailed-exitcode'])).code).toBe(0);
  });

  it('renews an Aliyun refresh token changed in config.yaml on every storage that uses it, the broken one included', async () => {
    const emu = await startEmulator({
      users: [ADMIN],
      initFailures: [{ addition: { share_id: 'ShareOcean3' }, message: 'AccessTokenInvalid: refresh token expired' }],
    });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(1);
    const rotated = additionOf(emu, '/Movies/Night Train').refresh_token;
    expect(rotated).not.toBe(REFRESH_TOKEN); // the server rotated it on a successful init

    emu.clearInitFailures();
    await ws.write({ 'config.yaml': configYaml('aliyun-refresh-token-renewed-77e0') });
    const plan = await ws.run(emu, ['plan']);
    expect(plan.stdout).toContain('~ /TV/Documentaries/Deep Ocean');
    expect(plan.stdout).toContain('~ /Movies/Night Train');
    expect(plan.stdout).toContain('refresh_token: (sensitive value changed)');
    expect(plan.stdout).toContain('Plan: 0 to create, 3 to update, 0 to delete, 5 unchanged.');

    emu.resetStats();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    expect(writesTo(emu, 'update')).toHaveLength(3);
    expect(emu.row('/TV/Documentaries/Deep Ocean')?.status).toBe('work');
    // The new token reached the server (which rotated it again on init).
    expect(additionOf(emu, '/Movies/Night Train').refresh_token).not.toBe(rotated);
  });

  it('leaves a storage of another driver at a wanted path untouched and says how to resolve it', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    emu.insertRow({ mount_path: '/Music/Live/Winter', driver: 'PikPak', addition: '{}' });
    const ws = await workspace();
    const apply = await ws.run(emu, ['apply']);
    expect(apply.code).toBe(1);
    expect(apply.stdout).toContain('! /Music/Live/Winter (PikPak on the server, PikPakShare in the files)');
    expect(apply.stdout).toContain('Rename the mount in the list file, or delete or move that storage on the server');
    expect(emu.row('/Music/Live/Winter')?.driver).toBe('PikPak');
    expect(emu.rows()).toHaveLength(8);
  });
});

describe('storages made by hand', () => {
  it('leaves a matching one alone, and says so when an update takes one over', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    emu.insertRow({
      mount_path: '/Music/Live/Winter',
      driver: 'PikPakShare',
      remark: 'made in the web UI',
      addition: JSON.stringify({
        root_folder_id: '',
        share_id: 'VNWinter02',
        share_pwd: 'old-pwd',
        platform: 'android',
        device_id: 'dev1',
        use_transcoding_address: false,
      }),
    });
    const ws = await workspace();
    const plan = await ws.run(emu, ['plan']);
    expect(plan.stdout).toContain('~ /Music/Live/Winter');
    expect(plan.stdout).toContain('share_pwd: "old-pwd" → "ab12"');
    expect(plan.stdout).toContain('(made outside alist-batch: from now on marked as managed, so apply --prune may delete it once the files no longer name it)');

    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    expect(emu.row('/Music/Live/Winter')?.remark).toBe(`made in the web UI\n${MARKER}`);
    expect(emu.rows()).toHaveLength(8);
  });
});

describe('moving from the old alist_batch tool', () => {
  it('adopts its storages with --adopt, after which --prune can remove those the files drop', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    // What alist_batch left behind: the same storages, without our mark; and one the files never named.
    for (const row of emu.rows()) await adminPost(emu, '/api/admin/storage/update', { ...row, remark: '' });
    emu.insertRow({ mount_path: '/Old/Tool/Leftover', driver: 'PikPakShare', remark: '', addition: '{"share_id":"VNold"}' });

    const plan = await ws.run(emu, ['plan']);
    expect(plan.stdout).toContain('No changes: the server matches the files.');
    expect(plan.stdout).toContain(
      '8 storages the files name carry no alist-batch mark (made by hand, or by the old alist_batch tool): apply --adopt marks them',
    );
    expect(plan.stdout).toContain('1 other storage on the server is not in the files and not managed by alist-batch');

    emu.resetStats();
    const adopt = await ws.run(emu, ['apply', '--adopt']);
    expect(adopt.code).toBe(0);
    expect(adopt.stdout).toContain('Plan: 0 to create, 8 to update, 0 to delete, 0 unchanged.');
    expect(writesTo(emu, 'update')).toHaveLength(8);
    expect(emu.rows().filter((r) => r.remark.endsWith(MARKER))).toHaveLength(8);

    await ws.write({ 'pik_share.yaml': 'Music/Live:\n    Rooftop: https://mypikpak.com/s/VNRoof01/VNFolder01\n' });
    expect((await ws.run(emu, ['apply', '--prune', '--yes'])).code).toBe(0);
    expect(emu.row('/Music/Live/Winter')).toBeUndefined();
    expect(emu.row('/Old/Tool/Leftover')).toBeDefined();
  });
});

describe('prune', () => {
  it('deletes only storages alist-batch created, and only with --yes when there is no terminal', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    emu.insertRow({ mount_path: '/Hand/Made', driver: 'PikPakShare', remark: 'made in the web UI', addition: '{"share_id":"VNhand"}' });
    await ws.write({ 'pik_share.yaml': 'Music/Live:\n    Rooftop: https://mypikpak.com/s/VNRoof01/VNFolder01\n' });

    const plain = await ws.run(emu, ['plan']);
    expect(plain.stdout).toContain('1 storage managed by alist-batch is no longer in the files (apply --prune deletes it):');
    expect(plain.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 7 unchanged.');
    const plan = await ws.run(emu, ['plan', '--prune']);
    expect(plan.stdout).toContain('- /Music/Live/Winter');
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 1 to delete, 7 unchanged.');

    emu.resetStats();
    const refused = await ws.run(emu, ['apply', '--prune']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--prune would delete 1 storage, and there is no terminal to confirm on; nothing was changed.');
    expect(emu.writeCount()).toBe(0);

    const pruned = await ws.run(emu, ['apply', '--prune', '--yes']);
    expect(pruned.code).toBe(0);
    expect(emu.row('/Music/Live/Winter')).toBeUndefined();
    expect(emu.row('/Hand/Made')).toBeDefined();
    expect(emu.rows()).toHaveLength(8);
  });

  it('deletes nothing when any create or update of the same run failed', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    emu.addInitFailure({ mountPath: '/New/Broken', message: 'share link is cancelled' });
    await ws.write({ 'pik_share.yaml': 'New:\n    Broken: https://mypikpak.com/s/VNbroken9\n' });
    const run = await ws.run(emu, ['apply', '--prune', '--yes']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('not deleted: 1 other change failed in this run');
    expect(emu.row('/Music/Live/Rooftop')).toBeDefined();
    expect(emu.row('/Music/Live/Winter')).toBeDefined();
  });
});

async function adminPost(emu: { url: string; adminToken: string }, path: string, body?: unknown): Promise<void> {
  const res = await fetch(emu.url + path, {
    method: 'POST',
    headers: { Authorization: emu.adminToken, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const envelope = (await res.json()) as { code: number; message: string };
  if (envelope.code !== 200) throw new Error(`${path}: ${envelope.message}`);
}

describe('--concurrency', () => {
  it('keeps up to 256 requests in flight when asked, never more; 257 is refused before anything is sent', async () => {
    const emu = await startEmulator({ users: [ADMIN], latencyMs: 100 });
    const ws = await workspace();
    const lines = ['Bulk:'];
    for (let i = 0; i < 300; i++) lines.push(`    Item ${i}: https://www.aliyundrive.com/s/Bulk${i}x`);
    await ws.write({ 'ali_share.yaml': `${lines.join('\n')}\n` });
    const refused = await ws.run(emu, ['apply', '--concurrency', '257']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('invalid value for --concurrency: expected a whole number from 1 to 256');
    expect(emu.log).toHaveLength(0);

    const apply = await ws.run(emu, ['apply', '--concurrency', '256']);
    expect(apply.code).toBe(0);
    expect(emu.rows()).toHaveLength(300 + 5);
    expect(emu.maxConcurrency()).toBeGreaterThan(64);
    expect(emu.maxConcurrency()).toBeLessThanOrEqual(256);
  });
});
