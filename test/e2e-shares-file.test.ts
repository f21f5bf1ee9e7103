// shares.yaml end to end: one list of share links of every supported service, each created with the
// driver its host names and the account config.yaml gives, then left alone on every rerun although
// the server rotated tokens and filled in ids.
import { describe, expect, it } from 'vitest';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, ADMIN_PASSWORD, additionOf, REFRESH_TOKEN, workspaces, writesTo } from './e2e-support.js';
import { expectRerunWritesNothing } from './helpers/rerun.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

const COOKIE = 'UID=e2e_115_share; CID=e2e-cookie-a7d2';
const SECRETS = [ADMIN_PASSWORD, REFRESH_TOKEN, COOKIE];

const CONFIG = `url: http://127.0.0.1:9
auth:
    username: admin
    password: \${E2E_ADMIN_PASSWORD}
aliyun:
    enable: false
    refresh_token: ${REFRESH_TOKEN}
defaults:
    "115 Share":
        addition:
            cookie: \${COOKIE_115}
    123PanShare:
        web_proxy: true
        webdav_policy: native_proxy
shares:
    enable: true
`;

const SHARES = `Films:
    Night Train: https://www.alipan.com/s/ShareNight1/folder/64a0000000000001?pwd=k3y9
    Rooftop: https://mypikpak.com/s/VNRoof01/VNFolder01
Books:
    Handbook: https://115cdn.com/s/sw3hand?password=k9z1#
    Atlas:
        link: https://www.123684.com/s/abcd-efgh?pwd=Q1x2
        order: 4
`;

const ENV = { COOKIE_115: COOKIE };

function expectNoSecrets(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('shares.yaml', () => {
  it('creates each link with the driver of its host and its account; a rerun writes nothing', async () => {
    const emu = await startEmulator({ users: [ADMIN], flavor: 'openlist' });
    const ws = await workspace();
    await ws.write({ 'config.yaml': CONFIG, 'shares.yaml': SHARES });

    const apply = await ws.run(emu, ['apply'], { env: ENV });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 4 created, 0 updated, 0 deleted, 0 unchanged, 0 failed.');
    expectNoSecrets(apply.stdout + apply.stderr);

    const rows = emu.rows().sort((a, b) => (a.mount_path < b.mount_path ? -1 : 1));
    expect(rows.map((r) => [r.mount_path, r.driver, r.status])).toEqual([
      ['/Books/Atlas', '123PanShare', 'work'],
      ['/Books/Handbook', '115 Share', 'work'],
      ['/Films/Night Train', 'AliyundriveShare', 'work'],
      ['/Films/Rooftop', 'PikPakShare', 'work'],
    ]);
    expect(additionOf(emu, '/Films/Night Train')).toMatchObject({ share_id: 'ShareNight1', share_pwd: 'k3y9', root_folder_id: '64a0000000000001' });
    expect(additionOf(emu, '/Films/Rooftop')).toMatchObject({ share_id: 'VNRoof01', root_folder_id: 'VNFolder01' });
    expect(additionOf(emu, '/Books/Handbook')).toEqual({
      cookie: COOKIE,
      qrcode_token: '',
      qrcode_source: 'linux',
      page_size: 1000,
      limit_rate: 2,
      share_code: 'sw3hand',
      receive_code: 'k9z1',
      root_folder_id: '0',
    });
    expect(additionOf(emu, '/Books/Atlas')).toMatchObject({ sharekey: 'abcd-efgh', sharepassword: 'Q1x2', root_folder_id: '0' });
    expect(emu.row('/Books/Atlas')).toMatchObject({ order: 4, web_proxy: true, webdav_policy: 'native_proxy' });
    // What the server wrote back on init: a new Aliyun token, an access token for 123, a PikPak device id.
    expect(additionOf(emu, '/Films/Night Train').refresh_token).not.toBe(REFRESH_TOKEN);
    expect(additionOf(emu, '/Books/Atlas').accesstoken).not.toBe('');
    expect(additionOf(emu, '/Films/Rooftop').device_id).not.toBe('');

    await expectRerunWritesNothing(ws, emu, ENV, SECRETS);
  });

  it('refuses an unknown host and a share without its account before any request', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const config = CONFIG.replace(/defaults:\n(?: {4}.*\n)+/, '');
    await ws.write({ 'config.yaml': config, 'shares.yaml': `${SHARES}Other:\n    Baidu: https://pan.baidu.com/s/1abcdef\n` });
    emu.resetStats();
    const apply = await ws.run(emu, ['apply'], { env: ENV });
    expect(apply.code).toBe(1);
    const file = `${ws.dir}/shares.yaml`;
    expect(apply.stderr).toContain(
      `${file}:5:5: "Handbook" is a 115 share link, which opens shares with your own account: add defaults."115 Share".addition.cookie (or defaults."115 Share".addition.qrcode_token) to config.yaml`,
    );
    expect(apply.stderr).toContain(
      `${file}:10:12: "Baidu": not a share link of a supported host: "https://pan.baidu.com/s/1abcdef" (supported: aliyundrive.com, alipan.com (Aliyun); mypikpak.com (PikPak); 115.com, 115cdn.com, anxia.com (115); 123pan.com, 123pan.cn, 123684.com, 123865.com, 123912.com (123))`,
    );
    expect(emu.log).toEqual([]);
    expect(emu.rows()).toEqual([]);
    expectNoSecrets(apply.stdout + apply.stderr);
  });
});
