import { describe, expect, it } from 'vitest';
import { formatDiagnostic, ValidationError } from '../../src/errors.js';
import { validateConfig } from '../../src/config/validate.js';
import { problems, SERVER, validate } from '../drivers/support.js';

const SHARES_ON = ['shares:', '    enable: true'];
const ALIYUN_OFF = ['aliyun:', '    enable: false', '    refresh_token: rt-from-the-old-section-77'];

const MIXED = `Films:
    Ali: https://www.alipan.com/s/ShareAli1?pwd=a1
    Pik: https://mypikpak.com/s/VNPik2/VNFolder2
TV:
    Pan115: https://anxia.com/s/sw3abc?password=k9z1#
    Pan123: https://www.123912.com/s/abcd-efgh?pwd=Q1
`;

describe('shares.yaml', () => {
  it('picks each link’s driver by its host; the Aliyun account comes from aliyun.refresh_token even with that section disabled', async () => {
    const loaded = await validate([...SERVER, ...ALIYUN_OFF, ...SHARES_ON], { 'shares.yaml': MIXED.replace(/ {4}Pan115.*\n/, '') });
    expect(loaded.storages.map((s) => [s.mount_path, s.driver])).toEqual([
      ['/Films/Ali', 'AliyundriveShare'],
      ['/Films/Pik', 'PikPakShare'],
      ['/TV/Pan123', '123PanShare'],
    ]);
    expect(loaded.storages[0]?.addition).toMatchObject({ refresh_token: 'rt-from-the-old-section-77', share_id: 'ShareAli1', share_pwd: 'a1' });
    expect(loaded.storages[2]?.addition).toEqual({ sharekey: 'abcd-efgh', sharepassword: 'Q1', root_folder_id: '0', accesstoken: '' });
    expect(loaded.storages[2]?.secretKeys).toEqual(['accesstoken']);
    expect(loaded.secrets).toContain('rt-from-the-old-section-77');
    expect(loaded.enabledDrivers).toEqual(['AliyundriveShare', 'PikPakShare', '115 Share', '123PanShare']);
    expect(loaded.categories).toEqual([
      { file: 'shares.yaml', category: 'Films', driver: 'AliyundriveShare', mounts: 1 },
      { file: 'shares.yaml', category: 'Films', driver: 'PikPakShare', mounts: 1 },
      { file: 'shares.yaml', category: 'TV', driver: '123PanShare', mounts: 1 },
    ]);
  });

  it('takes accounts from defaults.<driver>.addition first, and a mapping entry’s settings over them', async () => {
    const defaults = [
      'defaults:',
      '    all:',
      '        order: 5',
      '    AliyundriveShare:',
      '        addition:',
      '            refresh_token: rt-from-defaults-31',
      '    "115 Share":',
      '        web_proxy: true',
      '        addition:',
      '            cookie: UID=defaults-cookie-9',
    ];
    const shares = `${MIXED}Extra:
    Own:
        link: https://115.com/s/swOwn?password=zz11
        order: 9
        addition:
            qrcode_token: entry-qr-token-4
`;
    const loaded = await validate([...SERVER, ...ALIYUN_OFF, ...defaults, ...SHARES_ON], { 'shares.yaml': shares });
    const byPath = new Map(loaded.storages.map((s) => [s.mount_path, s]));
    expect(byPath.get('/Films/Ali')?.addition.refresh_token).toBe('rt-from-defaults-31');
    expect(byPath.get('/Films/Ali')?.at.addition.refresh_token).toEqual({ file: 'config.yaml', line: 13, col: 28 });
    expect(byPath.get('/TV/Pan115')).toMatchObject({
      driver: '115 Share',
      fields: { order: 5, web_proxy: true },
      addition: { cookie: 'UID=defaults-cookie-9', share_code: 'sw3abc', receive_code: 'k9z1', qrcode_source: 'linux' },
      managed: { fields: ['order', 'web_proxy'], addition: ['cookie', 'share_code', 'receive_code'] },
    });
    expect(byPath.get('/Extra/Own')).toMatchObject({
      fields: { order: 9, web_proxy: true },
      addition: { cookie: 'UID=defaults-cookie-9', qrcode_token: 'entry-qr-token-4', share_code: 'swOwn' },
    });
    expect(byPath.get('/TV/Pan123')?.fields.order).toBe(5);
    expect(loaded.secrets).toEqual(expect.arrayContaining(['UID=defaults-cookie-9', 'entry-qr-token-4', 'rt-from-defaults-31']));
  });

  it('a mapping entry that states its own account needs none from config.yaml', async () => {
    const shares = 'TV:\n    Own:\n        link: https://115.com/s/swOwn?password=zz11\n        addition:\n            cookie: entry-cookie-77\n';
    const loaded = await validate([...SERVER, ...SHARES_ON], { 'shares.yaml': shares });
    expect(loaded.storages[0]?.addition).toMatchObject({ cookie: 'entry-cookie-77', share_code: 'swOwn' });
  });

  it('expands ${NAME} in a link before choosing its driver; an unset one is reported at the link', async () => {
    const shares = 'TV:\n    A: https://www.123pan.com/s/${KEY_123}\n    B: ${UNSET_LINK}\n';
    const texts = { configPath: 'config.yaml', configText: `${[...SERVER, ...SHARES_ON].join('\n')}\n`, readListFile: async () => shares };
    const error = await validateConfig(texts, { KEY_123: 'abcd-efgh' }).catch((e: unknown) => e);
    expect((error as ValidationError).diagnostics.map(formatDiagnostic)).toEqual(['shares.yaml:3:8: environment variable UNSET_LINK is not set (used in "B")']);
    const loaded = await validateConfig(texts, { KEY_123: 'abcd-efgh', UNSET_LINK: 'https://mypikpak.com/s/VN9' });
    expect(loaded.storages.map((s) => [s.mount_path, s.driver, s.addition.sharekey ?? s.addition.share_id])).toEqual([
      ['/TV/A', '123PanShare', 'abcd-efgh'],
      ['/TV/B', 'PikPakShare', 'VN9'],
    ]);
  });

  it('refuses a link of an unknown host, listing the supported hosts, and a share whose account the files do not give', async () => {
    const shares = `${MIXED}Other:\n    Baidu: https://pan.baidu.com/s/1abc\n    Own:\n        link: https://115.com/s/swOwn?password=zz11\n        oder: 3\n`;
    expect(await problems([...SERVER, ...SHARES_ON], { 'shares.yaml': shares })).toEqual([
      'shares.yaml:2:5: "Ali" is an Aliyun share link, which opens shares with your own account: add defaults.AliyundriveShare.addition.refresh_token (or aliyun.refresh_token) to config.yaml',
      'shares.yaml:5:5: "Pan115" is a 115 share link, which opens shares with your own account: add defaults."115 Share".addition.cookie (or defaults."115 Share".addition.qrcode_token) to config.yaml',
      'shares.yaml:8:12: "Baidu": not a share link of a supported host: "https://pan.baidu.com/s/1abc" (supported: aliyundrive.com, alipan.com (Aliyun); mypikpak.com (PikPak); 115.com, 115cdn.com, anxia.com (115); 123pan.com, 123pan.cn, 123684.com, 123865.com, 123912.com (123))',
      'shares.yaml:9:5: "Own" is a 115 share link, which opens shares with your own account: add defaults."115 Share".addition.cookie (or defaults."115 Share".addition.qrcode_token) to config.yaml',
      'shares.yaml:11:9: unknown setting "oder" in "Own"; did you mean "order"?',
    ]);
  });

  it('reports a placeholder refresh token of the disabled aliyun section once, where it is written', async () => {
    const section = ['aliyun:', '    enable: false', '    refresh_token: ALI_YUNPAN_REFRESH_TOKEN'];
    const shares = 'Films:\n    A: https://www.alipan.com/s/ShareA1\n    B: https://www.alipan.com/s/ShareB2\n';
    expect(await problems([...SERVER, ...section, ...SHARES_ON], { 'shares.yaml': shares })).toEqual([
      'config.yaml:7:20: aliyun.refresh_token is still the template placeholder "ALI_YUNPAN_REFRESH_TOKEN": fill it in',
    ]);
  });

  it('keeps mount paths unique across the list files and shares.yaml, naming both places', async () => {
    const config = [...SERVER, 'pikpak:', '    enable: true', ...SHARES_ON];
    const pik = 'Films:\n    Pik: https://mypikpak.com/s/VNOther9\n';
    expect(await problems(config, { 'pik_share.yaml': pik, 'shares.yaml': 'Films:\n    Pik: https://mypikpak.com/s/VNPik2\n' })).toEqual([
      'shares.yaml:2:5: mount path "/Films/Pik" is already used by pik_share.yaml:2:5',
    ]);
  });

  it('an enabled shares.yaml that does not exist is an error; a disabled one is not read', async () => {
    expect(await problems([...SERVER, ...SHARES_ON])).toEqual([
      'config.yaml:5:1: shares.enable is true but its list file shares.yaml does not exist (create it next to config.yaml — `alist-batch init <new folder>` writes an example — or set enable: false)',
    ]);
    const off = await validate([...SERVER, 'shares:', '    enable: false', 'pikpak:', '    enable: true'], {
      'pik_share.yaml': 'A:\n    B: https://mypikpak.com/s/VN1\n',
    });
    expect(off.storages).toHaveLength(1);
    expect(off.enabledDrivers).toEqual(['PikPakShare']);
  });
});
