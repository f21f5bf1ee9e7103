import { afterAll, describe, expect, it } from 'vitest';
import { BASE_ALI, cleanUpTemps, configWith, problems } from './fixture.js';

afterAll(cleanUpTemps);

/**
 * A mistake in config.yaml's shape does not stop the checks: the list files are read and checked
 * too, so that fixing config.yaml brings no new problems to light.
 */
const tenantLines = (id: string, n: number, clientId = `00000000-0000-4000-8000-00000000000${n}`): string[] => [
  `        - id: ${id}`,
  `          client_id: ${clientId}`,
  `          client_secret: csecret-${n}-abcdef`,
  `          tenant_id: tenant${n}.onmicrosoft.com`,
];

const ALI_WITH_PROBLEM = 'Movies:\n    A: https://mypikpak.com/s/VN1\n    B: https://www.aliyundrive.com/s/AbC1\n';
const PIK_WITH_PROBLEM = 'Shows:\n    S: https://www.aliyundrive.com/s/AbC\n    T: https://mypikpak.com/s/VN2\n';
const ALI_PROBLEM = 'ali_share.yaml:2:8: not an Aliyun share link: "https://mypikpak.com/s/VN1" (this is a PikPak share link; it belongs in another list file)';
const PIK_PROBLEM =
  'pik_share.yaml:2:8: not a PikPak share link: "https://www.aliyundrive.com/s/AbC" (this is an Aliyun share link; it belongs in another list file)';

describe('config.yaml shape problems do not hide the list files', () => {
  it('a misspelt enable, a non-bool enable, a bad platform, a bad region, broken tenants: all reported with every list-file problem', async () => {
    const config = configWith({
      6: '    enabel: true',
      9: ['    enable: maybe', '    platform: ios'],
      11: ['    enable: true', '    region: eu', '    tenants:', ...tenantLines('1', 1), ...tenantLines('two', 2), ...tenantLines('3', 3, '[a]')],
    });
    const onedrive =
      'Team:\n    a: 1:a@contoso.onmicrosoft.com\n    b: 3:b@contoso.onmicrosoft.com\n    c: 4:c@contoso.onmicrosoft.com\n    d: 1:not-an-email\n';
    expect(
      await problems({ 'config.yaml': config, 'ali_share.yaml': ALI_WITH_PROBLEM, 'pik_share.yaml': PIK_WITH_PROBLEM, 'onedrive_app.yaml': onedrive }),
    ).toEqual([
      // One misspelt key, one report: not also "missing required key enable".
      'config.yaml:6:5: unknown key in aliyun: "enabel"; did you mean "enable"?',
      'config.yaml:9:13: pikpak.enable must be true or false (or yes/no, on/off) (got "maybe")',
      'config.yaml:10:15: pikpak.platform must be one of android, web, pc (got "ios") (the openlist_batch template lists ios, but AList\'s PikPakShare driver has no such platform)',
      'config.yaml:13:13: onedrive_app.region must be one of global, cn, us, de (got "eu")',
      'config.yaml:19:15: onedrive_app.tenants[2].id must be a whole number (got "two")',
      'config.yaml:24:22: onedrive_app.tenants[3].client_id must be a string (got ["a"])',
      ALI_PROBLEM,
      PIK_PROBLEM,
      // Tenant 1 is fine and resolves; 3 is broken; 4 may be the one whose id is unreadable.
      'onedrive_app.yaml:3:8: tenant id 3 cannot be used until its entry in config.yaml (line 23) is fixed',
      'onedrive_app.yaml:4:8: unknown tenant id 4: onedrive_app.tenants in config.yaml has ids 1 that can be used (fix the problems reported in it)',
      'onedrive_app.yaml:5:8: malformed OneDrive reference "1:not-an-email": "not-an-email" is not an email address (expected <tenant>:<email>[:<root path>], e.g. 1:user@contoso.onmicrosoft.com:/Documents)',
    ]);
  });

  it('an unknown top-level key and a wrong url type do not stop the list file either', async () => {
    const config = configWith({ 1: ['url: [https://alist.test]', 'tokn: abc'] });
    expect(await problems({ 'config.yaml': config, 'ali_share.yaml': ALI_WITH_PROBLEM })).toEqual([
      'config.yaml:1:6: url must be a string (got ["https://alist.test"])',
      'config.yaml:2:1: unknown top-level key "tokn"; did you mean "token"?',
      ALI_PROBLEM,
    ]);
  });

  it('a section that is not a mapping: its list file is still checked when there is one, and nothing is said about its keys', async () => {
    const config = configWith({ 5: 'aliyun: yes', 6: [], 7: [] });
    expect(await problems({ 'config.yaml': config, 'ali_share.yaml': ALI_WITH_PROBLEM })).toEqual([
      'config.yaml:5:9: aliyun must be a mapping of keys (got "yes")',
      ALI_PROBLEM,
    ]);
  });

  it('auth that is not a mapping is one problem, not also "missing auth"', async () => {
    expect(await problems({ 'config.yaml': configWith({ 2: 'auth: [admin]', 3: [], 4: [] }), 'ali_share.yaml': ALI_WITH_PROBLEM })).toEqual([
      'config.yaml:2:7: auth must be a mapping of keys',
      ALI_PROBLEM,
    ]);
  });

  it('an enable that is missing or wrong, with no list file: only the enable problem', async () => {
    expect(await problems({ 'config.yaml': configWith({ 6: '    enable: 1' }) })).toEqual([
      'config.yaml:6:13: aliyun.enable must be true or false (or yes/no, on/off) (got 1)',
    ]);
    expect(await problems({ 'config.yaml': configWith({ 6: [] }) })).toEqual(['config.yaml:5:1: missing required key "enable" in aliyun']);
  });

  it('an enabled section with another broken key still needs its list file', async () => {
    const config = configWith({ 6: '    enable: false', 9: ['    enable: true', '    platform: iOS'] });
    expect(await problems({ 'config.yaml': config })).toEqual([
      'config.yaml:10:15: pikpak.platform must be one of android, web, pc (got "iOS")',
      'config.yaml:8:1: pikpak.enable is true but its list file pik_share.yaml does not exist (create it next to config.yaml — `alist-batch init <new folder>` writes an example — or set enable: false)',
    ]);
  });

  it('a disabled section with a broken key: its list file is not read', async () => {
    const config = configWith({ 9: ['    enable: false', '    platform: ios'] });
    expect(await problems({ 'config.yaml': config, 'ali_share.yaml': BASE_ALI, 'pik_share.yaml': PIK_WITH_PROBLEM })).toEqual([
      'config.yaml:10:15: pikpak.platform must be one of android, web, pc (got "ios") (the openlist_batch template lists ios, but AList\'s PikPakShare driver has no such platform)',
    ]);
  });

  it('a tenant list that is not a list: references are checked, and say the tenants have problems', async () => {
    const config = configWith({ 6: '    enable: false', 11: ['    enable: true', '    region: global', '    tenants: none'] });
    expect(await problems({ 'config.yaml': config, 'onedrive_app.yaml': 'Team:\n    a: 1:a@contoso.onmicrosoft.com\n    b: 1:nope\n' })).toEqual([
      'config.yaml:13:14: onedrive_app.tenants must be a list (lines starting with "- ") (got "none")',
      'onedrive_app.yaml:2:8: unknown tenant id 1: onedrive_app.tenants in config.yaml has no tenants that can be used (fix the problems reported in it)',
      'onedrive_app.yaml:3:8: malformed OneDrive reference "1:nope": "nope" is not an email address (expected <tenant>:<email>[:<root path>], e.g. 1:user@contoso.onmicrosoft.com:/Documents)',
    ]);
  });

  it('a broken tenant that repeats an id is still a duplicate', async () => {
    const config = configWith({
      6: '    enable: false',
      11: ['    enable: true', '    region: global', '    tenants:', ...tenantLines('1', 1), ...tenantLines('1', 2, '{a: b}')],
    });
    expect(await problems({ 'config.yaml': config, 'onedrive_app.yaml': 'Team:\n    a: 1:a@contoso.onmicrosoft.com\n' })).toEqual([
      'config.yaml:18:15: duplicate tenant id 1 (first at line 14)',
      'config.yaml:19:22: onedrive_app.tenants[2].client_id must be a string (got {"a":"b"})',
    ]);
  });
});
