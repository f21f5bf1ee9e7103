import { describe, expect, it } from 'vitest';
import { ValidationError, formatDiagnostic } from '../../src/errors.js';
import { validateConfig } from '../../src/config/validate.js';
import { problems, SERVER, validate } from '../drivers/support.js';

const STORAGES_ON = ['storages:', '    enable: true'];

const FILE = `/Cloud/Open:
    driver: AliyundriveOpen
    addition:
        refresh_token: open-refresh-token-5a1
        oauth_token_url: https://api.nn.ci/alist/ali_open/token
        remove_way: trash
/Cloud//PikPak/:
    driver: PikPak
    addition:
        username: me@pikpak.test
        password: pikpak-password-31
/Cloud/Share115:
    driver: "115 Share"
    addition:
        cookie: UID=1; CID=2
        share_code: sw3abc
        receive_code: 0123
`;

describe('storages.yaml', () => {
  it('reads any driver by name: exactly the stated keys, secret by name, a rotated secret not drift', async () => {
    const loaded = await validate([...SERVER, ...STORAGES_ON], { 'storages.yaml': FILE });
    const [open, pikpak, share] = loaded.storages;
    expect(open).toMatchObject({
      mount_path: '/Cloud/Open',
      driver: 'AliyundriveOpen',
      addition: { refresh_token: 'open-refresh-token-5a1', oauth_token_url: 'https://api.nn.ci/alist/ali_open/token', remove_way: 'trash' },
      managed: { fields: [], addition: ['refresh_token', 'oauth_token_url', 'remove_way'] },
      source: { file: 'storages.yaml', line: 1, col: 1 },
      secretKeys: ['refresh_token'],
      rewrittenKeys: ['refresh_token'],
    });
    expect(open?.at.addition.oauth_token_url).toEqual({ file: 'storages.yaml', line: 5, col: 26 });
    // The path is cleaned as the server cleans it.
    expect(pikpak).toMatchObject({ mount_path: '/Cloud/PikPak', secretKeys: ['password'] });
    expect(loaded.secrets).toEqual(expect.arrayContaining(['open-refresh-token-5a1', 'pikpak-password-31', 'UID=1; CID=2']));
  });

  it('takes a driver alist-batch has a module for with the module’s keys, defaults and secrets; a plain 0123 stays text', async () => {
    const loaded = await validate([...SERVER, ...STORAGES_ON], { 'storages.yaml': FILE });
    expect(loaded.storages[2]).toMatchObject({
      driver: '115 Share',
      addition: {
        cookie: 'UID=1; CID=2',
        qrcode_token: '',
        qrcode_source: 'linux',
        page_size: 1000,
        share_code: 'sw3abc',
        receive_code: '0123',
        root_folder_id: '0',
      },
      managed: { addition: ['cookie', 'share_code', 'receive_code'] },
      secretKeys: ['cookie', 'qrcode_token'],
    });
  });

  it('puts every driver in prune’s scope but those of a section given with enable: false', async () => {
    const config = [...SERVER, 'pikpak:', '    enable: false', 'aliyun:', '    enable: false', ...STORAGES_ON];
    const file = '/Cloud/Ali:\n    driver: AliyundriveShare\n    addition:\n        refresh_token: rt-1\n        share_id: S1\n';
    const loaded = await validate(config, { 'storages.yaml': file });
    expect(loaded.enabledDrivers).toEqual(['AliyundriveShare']);
    expect(loaded.allDriversExcept).toEqual(['PikPakShare']);
  });

  it('reports every problem with its place, secrets never echoed', async () => {
    const file = [
      'Cloud/Relative:',
      '    driver: Local',
      '/:',
      '    driver: Local',
      '/Cloud/NoDriver:',
      '    adition:',
      '        root: x',
      '/Cloud/BadValue:',
      '    driver: PikPak',
      '    addition:',
      '        password:',
      '        username: [a, b]',
      '/Cloud/Share115:',
      '    driver: 115 Share',
      '    addition:',
      '        share_code: s',
      '/Cloud/Open:',
      '    driver: AliyundriveOpen',
      '/Cloud/Open/:',
      '    driver: Local',
      '',
    ].join('\n');
    expect(await problems([...SERVER, ...STORAGES_ON], { 'storages.yaml': file })).toEqual([
      'storages.yaml:1:1: mount path "Cloud/Relative" must start with "/" (write "/Cloud/Relative")',
      'storages.yaml:3:1: mount path "/" cleans to "/" (the root): a storage cannot be mounted there',
      'storages.yaml:5:1: missing required key "driver" in "/Cloud/NoDriver" (the server\'s driver name, e.g. AliyundriveOpen)',
      'storages.yaml:6:5: unknown setting "adition" in /Cloud/NoDriver; did you mean "addition"?',
      'storages.yaml:11:9: empty value for addition.password in /Cloud/BadValue (write "" for empty text, or delete the line)',
      'storages.yaml:12:19: addition.username must be a string, a number or true/false (got ["a","b"]) in /Cloud/BadValue',
      'storages.yaml:13:1: "/Cloud/Share115": 115 Share opens shares with your own account: add addition.cookie or addition.qrcode_token (here, or under defaults."115 Share" in config.yaml)',
      'storages.yaml:19:1: mount path "/Cloud/Open" is already used by storages.yaml:17:1',
    ]);
  });

  it('expands ${NAME} from the environment; an unset variable is an error at its place, its name shown', async () => {
    const file = '/Cloud/Open:\n    driver: AliyundriveOpen\n    addition:\n        refresh_token: ${OPEN_TOKEN}\n';
    const texts = (env: NodeJS.ProcessEnv) =>
      validateConfig(
        {
          configPath: 'config.yaml',
          configText: `${[...SERVER, ...STORAGES_ON].join('\n')}\n`,
          readListFile: async (p) => (p === 'storages.yaml' ? file : undefined),
        },
        env,
      );
    const loaded = await texts({ OPEN_TOKEN: 'token-from-env-88' });
    expect(loaded.storages[0]?.addition.refresh_token).toBe('token-from-env-88');
    expect(loaded.secrets).toContain('token-from-env-88');
    const error = await texts({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).diagnostics.map(formatDiagnostic)).toEqual([
      'storages.yaml:4:24: environment variable OPEN_TOKEN is not set (used in /Cloud/Open.addition.refresh_token)',
    ]);
  });

  it('reads the storage fields beside driver: (managed, with their places), and checks them offline', async () => {
    const file = [
      '/Cloud/Open:',
      '    driver: AliyundriveOpen',
      '    order: 7',
      '    remark: Team drive',
      '    webdav_policy: native_proxy',
      '    web_proxy: yes',
      '    addition:',
      '        refresh_token: open-refresh-token-5a1',
      '',
    ].join('\n');
    const loaded = await validate([...SERVER, ...STORAGES_ON], { 'storages.yaml': file });
    expect(loaded.storages[0]?.fields).toMatchObject({ order: 7, remark: 'Team drive', webdav_policy: 'native_proxy', web_proxy: true, cache_expiration: 30 });
    expect(loaded.storages[0]?.managed.fields).toEqual(['order', 'remark', 'webdav_policy', 'web_proxy']);
    expect(loaded.storages[0]?.at.fields.webdav_policy).toEqual({ file: 'storages.yaml', line: 5, col: 20 });
    const wrong = file.replace('native_proxy', 'proxy').replace('order: 7', 'order: first');
    expect(await problems([...SERVER, ...STORAGES_ON], { 'storages.yaml': wrong })).toEqual([
      'storages.yaml:3:12: order must be a whole number (got "first") in /Cloud/Open',
      'storages.yaml:5:20: webdav_policy must be one of 302_redirect, use_proxy_url, native_proxy (got "proxy") in /Cloud/Open',
    ]);
  });

  it('merges defaults.all and defaults.<driver> under each entry, the entry winning', async () => {
    const defaults = [
      'defaults:',
      '    all:',
      '        cache_expiration: 60',
      '        order: 1',
      '    PikPak:',
      '        order: 2',
      '        addition:',
      '            platform: pc',
    ];
    const loaded = await validate([...SERVER, ...defaults, ...STORAGES_ON], { 'storages.yaml': FILE });
    const [open, pikpak] = loaded.storages;
    expect(open?.fields).toMatchObject({ cache_expiration: 60, order: 1 });
    expect(pikpak).toMatchObject({ fields: { cache_expiration: 60, order: 2 }, addition: { platform: 'pc', username: 'me@pikpak.test' } });
    expect(pikpak?.managed.addition).toEqual(['platform', 'username', 'password']);
    expect(pikpak?.at.fields.order).toEqual({ file: 'config.yaml', line: 10, col: 16 });
  });

  it('keeps mount paths unique across list files, shares.yaml and storages.yaml, naming the earlier place', async () => {
    const config = [...SERVER, 'pikpak:', '    enable: true', 'shares:', '    enable: true', ...STORAGES_ON];
    const lists = {
      'pik_share.yaml': 'Cloud:\n    PikPak: https://mypikpak.com/s/VN1\n',
      'shares.yaml': 'Cloud:\n    Open: https://mypikpak.com/s/VN2\n',
      'storages.yaml': FILE,
    };
    expect(await problems(config, lists)).toEqual([
      'storages.yaml:1:1: mount path "/Cloud/Open" is already used by shares.yaml:2:5',
      'storages.yaml:7:1: mount path "/Cloud/PikPak" is already used by pik_share.yaml:2:5',
    ]);
  });

  it('warns when an enabled storages.yaml names nothing', async () => {
    const loaded = await validate([...SERVER, ...STORAGES_ON], { 'storages.yaml': '# nothing yet\n' });
    expect(loaded.warnings.map(formatDiagnostic)).toEqual([
      'storages.yaml:1:1: warning: storages.yaml names no mounts although storages.enable is true: apply --prune would delete every storage this config manages; add its entries back, or set storages.enable: false',
    ]);
  });
});
