// storages.yaml end to end: any server driver by name, its settings and addition as stated, created
// on AList and OpenList, then left alone on every rerun although the server rotates their tokens.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, ADMIN_PASSWORD, additionOf, workspaces, writesTo } from './e2e-support.js';
import { expectRerunWritesNothing } from './helpers/rerun.js';
import { runInProcess } from './helpers/cli.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

const OPEN_TOKEN = 'open-refresh-token-e2e-6d02f1';
const PIKPAK_PASSWORD = 'pikpak-password-e2e-0b7c';
const PIKPAK_TOKEN = 'pikpak-refresh-token-e2e-2a9e';
const COOKIE = 'UID=e2e_115; CID=e2e-cookie-55f1; SEID=e2e-seid-71';
const SECRETS = [ADMIN_PASSWORD, OPEN_TOKEN, PIKPAK_PASSWORD, PIKPAK_TOKEN, COOKIE];

const CONFIG = `url: http://127.0.0.1:9
auth:
    username: admin
    password: \${E2E_ADMIN_PASSWORD}
storages:
    enable: true
`;

/** What the web UI would send for AliyundriveOpen: the token endpoint on AList, the online API on OpenList. */
const OPEN_ALIST = `        oauth_token_url: https://api.nn.ci/alist/ali_open/token\n`;
const OPEN_OPENLIST = `        use_online_api: true\n        api_url_address: https://api.oplist.org/alicloud/renewapi\n`;

function storagesYaml(openExtra: string): string {
  return `/Cloud/Open:
    driver: AliyundriveOpen
    order: 3
    remark: Team drive
    webdav_policy: native_proxy
    addition:
        refresh_token: \${OPEN_TOKEN}
        remove_way: trash
${openExtra}/Cloud/PikPak:
    driver: PikPak
    addition:
        username: e2e@pikpak.test
        password: \${PIKPAK_PASSWORD}
        refresh_token: ${PIKPAK_TOKEN}
        platform: android
/Shares/Handbook:
    driver: 115 Share
    web_proxy: true
    addition:
        cookie: \${COOKIE_115}
        share_code: sw3hand
        receive_code: k9z1
`;
}

const ENV = { OPEN_TOKEN, PIKPAK_PASSWORD, COOKIE_115: COOKIE };

function expectNoSecrets(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

// Without the UI's keys in the file, the create takes them from the server's driver/info defaults.
describe.each([
  ['alist', 'the UI keys stated', OPEN_ALIST],
  ['openlist', 'the UI keys stated', OPEN_OPENLIST],
  ['alist', 'the UI keys from driver/info', ''],
  ['openlist', 'the UI keys from driver/info', ''],
] as const)('storages.yaml on %s, %s', (flavor, _keys, openExtra) => {
  it('creates AliyundriveOpen, PikPak and 115 Share storages as stated; reruns write nothing though the server rotated their tokens', async () => {
    const emu = await startEmulator({ users: [ADMIN], flavor });
    const ws = await workspace();
    await ws.write({ 'config.yaml': CONFIG, 'storages.yaml': storagesYaml(openExtra), 'ali_share.yaml': '', 'pik_share.yaml': '', 'onedrive_app.yaml': '' });

    const apply = await ws.run(emu, ['apply'], { env: ENV });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 3 created, 0 updated, 0 deleted, 0 unchanged, 0 failed.');
    expectNoSecrets(apply.stdout + apply.stderr);

    const open = emu.row('/Cloud/Open');
    expect(open).toMatchObject({ driver: 'AliyundriveOpen', order: 3, webdav_policy: 'native_proxy', status: 'work' });
    // The remark, then the fingerprint of the secrets the storage was given, then the mark.
    expect(open?.remark).toMatch(/^Team drive\nsecrets-fingerprint: [0-9a-f]{8}\nmanaged-by: alist-batch$/);
    expect(additionOf(emu, '/Cloud/Open')).toMatchObject({ remove_way: 'trash' });
    expect(emu.row('/Cloud/PikPak')).toMatchObject({ driver: 'PikPak', status: 'work' });
    expect(additionOf(emu, '/Cloud/PikPak')).toMatchObject({ username: 'e2e@pikpak.test', password: PIKPAK_PASSWORD, platform: 'android' });
    expect(emu.row('/Shares/Handbook')).toMatchObject({ driver: '115 Share', web_proxy: true, status: 'work' });
    expect(additionOf(emu, '/Shares/Handbook')).toMatchObject({ cookie: COOKIE, share_code: 'sw3hand', receive_code: 'k9z1' });
    // The server refreshed the tokens on init: what it holds is no longer what the files say.
    expect(additionOf(emu, '/Cloud/Open').refresh_token).not.toBe(OPEN_TOKEN);
    expect(additionOf(emu, '/Cloud/PikPak').refresh_token).not.toBe(PIKPAK_TOKEN);

    await expectRerunWritesNothing(ws, emu, ENV, SECRETS);
  });
});

describe('storages.yaml changes', () => {
  it('one changed setting is one update of that key; a key no longer stated is left as the server has it', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'config.yaml': CONFIG, 'storages.yaml': storagesYaml(OPEN_ALIST) });
    expect((await ws.run(emu, ['apply'], { env: ENV })).code).toBe(0);

    const edited = storagesYaml(OPEN_ALIST).replace('order: 3', 'order: 4').replace('    webdav_policy: native_proxy\n', '');
    await ws.write({ 'storages.yaml': edited });
    emu.resetStats();
    const plan = await ws.run(emu, ['plan', '--json'], { env: ENV });
    const doc = JSON.parse(plan.stdout) as { changes: { action: string; mount_path: string; fields?: { name: string; old: unknown; new: unknown }[] }[] };
    expect(doc.changes.map((c) => [c.action, c.mount_path, c.fields?.map((f) => [f.name, f.old, f.new])])).toEqual([
      ['update', '/Cloud/Open', [['order', 3, 4]]],
    ]);
    expect((await ws.run(emu, ['apply'], { env: ENV })).code).toBe(0);
    expect(writesTo(emu, 'update')).toHaveLength(1);
    expect(emu.row('/Cloud/Open')).toMatchObject({ order: 4, webdav_policy: 'native_proxy' });
  });

  it('refuses problems in storages.yaml before any request, each at its file:line:col, no secret echoed', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const broken = storagesYaml(OPEN_ALIST)
      .replace('order: 3', 'order: third')
      .replace('    driver: PikPak\n', '')
      .replace('/Shares/Handbook', 'Shares/Handbook');
    await ws.write({ 'config.yaml': CONFIG, 'storages.yaml': broken });
    emu.resetStats();
    const apply = await ws.run(emu, ['apply'], { env: ENV });
    expect(apply.code).toBe(1);
    const file = `${ws.dir}/storages.yaml`;
    expect(apply.stderr).toContain(`${file}:3:12: order must be a whole number (got "third") in /Cloud/Open`);
    expect(apply.stderr).toContain(`${file}:10:1: missing required key "driver" in "/Cloud/PikPak" (the server's driver name, e.g. AliyundriveOpen)`);
    expect(apply.stderr).toContain(`${file}:16:1: mount path "Shares/Handbook" must start with "/" (write "/Shares/Handbook")`);
    expect(emu.log).toEqual([]);
    expect(emu.rows()).toEqual([]);
    expectNoSecrets(apply.stdout + apply.stderr);
  });
});

describe('storages.yaml and shares.yaml beside config.yaml', () => {
  it('validate counts every driver and names those checked against the server only at plan time', async () => {
    const ws = await workspace();
    await ws.write({ 'config.yaml': CONFIG, 'storages.yaml': storagesYaml(OPEN_ALIST) });
    const validate = await runInProcess(['validate', '-c', ws.dir], { env: { ...ENV, E2E_ADMIN_PASSWORD: ADMIN_PASSWORD } });
    expect(validate.code).toBe(0);
    expect(validate.stdout).toBe(
      [
        `${ws.dir}/config.yaml: valid, 3 mounts`,
        'by driver:',
        '      1  115 Share',
        '      1  AliyundriveOpen',
        '      1  PikPak',
        "AliyundriveOpen, PikPak: no built-in knowledge of these drivers; their names and addition keys are checked against the server's driver schema (driver/info) at plan and apply time, as every storage is.",
        '',
      ].join('\n'),
    );
    expectNoSecrets(validate.stdout + validate.stderr);
  });

  it('fmt removes their blank lines too; -c storages.yaml is refused as not config.yaml', async () => {
    const ws = await workspace();
    await ws.write({
      'config.yaml': CONFIG,
      'storages.yaml': '/Cloud/Local:\n\n    driver: Local\n',
      'shares.yaml': 'A:\n    B: https://mypikpak.com/s/VN1  \n',
    });
    const check = await runInProcess(['fmt', '--check', '-c', ws.dir]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`${ws.dir}/shares.yaml:2:1: trailing whitespace (fmt removes it)`);
    expect(check.stderr).toContain(`${ws.dir}/storages.yaml:2:1: blank line (fmt removes it)`);
    expect((await runInProcess(['fmt', '-c', ws.dir])).code).toBe(0);
    expect(await readFile(`${ws.dir}/storages.yaml`, 'utf8')).toBe('/Cloud/Local:\n    driver: Local\n');

    const wrong = await runInProcess(['validate', '-c', `${ws.dir}/storages.yaml`]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`error: ${ws.dir}/storages.yaml looks like a list file (the mounts of the storages section), not config.yaml`);
  });
});

describe('storages.yaml against the server’s driver schema', () => {
  it('refuses an unknown driver, unknown and missing keys, a wrong type and a value outside a select, all at once, before any write', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const file = `/Cloud/Typo:
    driver: AliyundriveOpn
    addition:
        refresh_token: \${OPEN_TOKEN}
/Cloud/Open:
    driver: AliyundriveOpen
    addition:
        refresh_tokn: \${OPEN_TOKEN}
        oauth_token_url: https://api.nn.ci/alist/ali_open/token
        remove_way: bin
        rapid_upload: maybe
/Cloud/PikPak:
    driver: PikPak
    addition:
        password: \${PIKPAK_PASSWORD}
        refresh_token: ${PIKPAK_TOKEN}
`;
    await ws.write({ 'config.yaml': CONFIG, 'storages.yaml': file });
    emu.resetStats();
    const apply = await ws.run(emu, ['apply', '--yes'], { env: ENV });
    expect(apply.code).toBe(1);
    const at = `${ws.dir}/storages.yaml`;
    expect(apply.stderr.split('\n').filter((line) => line.startsWith(at))).toEqual([
      `${at}:1:1: the server (AList v3.45.0) has no driver "AliyundriveOpn": did you mean "AliyundriveOpen"?`,
      `${at}:5:1: AliyundriveOpen needs addition.refresh_token, which the server requires and has no default for: state it in the entry or under defaults.AliyundriveOpen.addition`,
      `${at}:8:23: addition.refresh_tokn is not a key of AliyundriveOpen on this server (AList v3.45.0): did you mean "refresh_token"?`,
      `${at}:10:21: addition.remove_way must be one of trash, delete for AliyundriveOpen (got "bin")`,
      `${at}:11:23: addition.rapid_upload must be true or false for AliyundriveOpen (got "maybe")`,
      `${at}:12:1: PikPak needs addition.username, which the server requires and has no default for: state it in the entry or under defaults.PikPak.addition`,
    ]);
    expect([...writesTo(emu, 'create'), ...writesTo(emu, 'update'), ...writesTo(emu, 'delete')]).toEqual([]);
    expect(emu.rows()).toEqual([]);
    expectNoSecrets(apply.stdout + apply.stderr);
  });
});
