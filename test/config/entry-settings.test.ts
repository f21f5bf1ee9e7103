import { afterAll, describe, expect, it } from 'vitest';
import { BASE_CONFIG, cleanUpTemps, configWith, loadFiles, problems, rejection } from './fixture.js';

afterAll(cleanUpTemps);

const LINK = 'https://www.aliyundrive.com/s/AbCdEf123';

/** The 1-based column where `text` starts on line `line` of `file`. */
function colOf(file: string, line: number, text: string): number {
  return (file.split('\n')[line - 1] ?? '').indexOf(text) + 1;
}

/** config.yaml = BASE_CONFIG plus the given lines at its end. */
function configPlus(lines: string[]): string {
  return `${BASE_CONFIG}\n${lines.join('\n')}\n`;
}

describe('list entries with settings', () => {
  it('a mapping entry: its link and settings; keys stated nowhere are not managed', async () => {
    const list = ['Movies:', `    Film A: {link: "${LINK}", order: 5, remark: "hi", addition: {order_by: name}}`, `    Film B: ${LINK}2`, ''].join('\n');
    const { loaded } = await loadFiles({ 'config.yaml': `${BASE_CONFIG}\n`, 'ali_share.yaml': list });
    const [a, b] = loaded.storages;
    expect(a?.mount_path).toBe('/Movies/Film A');
    expect(a?.fields).toMatchObject({ order: 5, remark: 'hi', webdav_policy: '302_redirect' });
    expect(a?.addition).toMatchObject({ share_id: 'AbCdEf123', order_by: 'name', refresh_token: 'rt-secret-0123456789' });
    expect(a?.managed.fields.sort()).toEqual(['order', 'remark']);
    expect(a?.managed.addition.sort()).toEqual(['order_by', 'refresh_token', 'root_folder_id', 'share_id', 'share_pwd']);
    expect(a?.at.fields.order).toMatchObject({ line: 2, col: colOf(list, 2, 'order: 5') + 7 });
    expect(a?.at.addition.refresh_token).toMatchObject({ file: expect.stringMatching(/config\.yaml$/), line: 7, col: 20 });
    expect(b?.managed.fields).toEqual([]);
  });

  it('block form, in onedrive_app.yaml with account:', async () => {
    const config = configWith({
      11: [
        '    enable: true',
        '    region: global',
        '    tenants:',
        '        - client_id: c1',
        '          client_secret: cs-1-secret',
        '          tenant_id: t1',
      ],
    });
    const list = [
      'Team:',
      '    Alice:',
      '        account: 1:alice@contoso.onmicrosoft.com:/Docs',
      '        cache_expiration: 0',
      '        addition:',
      '            chunk_size: 10',
      '',
    ].join('\n');
    const { loaded } = await loadFiles({ 'config.yaml': config, 'ali_share.yaml': 'M:\n    A: https://www.alipan.com/s/X\n', 'onedrive_app.yaml': list });
    const alice = loaded.storages.find((s) => s.driver === 'OnedriveAPP');
    expect(alice?.addition).toMatchObject({ email: 'alice@contoso.onmicrosoft.com', root_folder_path: '/Docs', chunk_size: 10, client_secret: 'cs-1-secret' });
    expect(alice?.fields.cache_expiration).toBe(0);
    expect(loaded.secrets).toContain('cs-1-secret');
  });

  it('every problem at its line: no link, the wrong value key, a key the link sets, a bad setting', async () => {
    const list = [
      'Movies:',
      '    A: {order: 1}',
      '    B: {account: "1:a@b.cd"}',
      `    C: {link: "${LINK}", addition: {share_id: x}}`,
      `    D: {link: "${LINK}4", webdav: use_proxy_url}`,
      `    E: {link: 5}`,
      '',
    ].join('\n');
    expect(await problems({ 'config.yaml': `${BASE_CONFIG}\n`, 'ali_share.yaml': list })).toEqual([
      'ali_share.yaml:2:5: "A" is a mapping without link: (give it link: <an Aliyun share link>, and its settings beside it)',
      'ali_share.yaml:3:9: "B": an entry of a share list gives its value as link: (an Aliyun share link), not account:',
      `ali_share.yaml:4:${colOf(list, 4, 'x}')}: addition.share_id of "C" comes from its link: change the link instead`,
      `ali_share.yaml:5:${colOf(list, 5, 'webdav')}: unknown setting "webdav" in "D"; did you mean "webdav_policy"?`,
      `ali_share.yaml:6:${colOf(list, 6, '5')}: "5" is not a link or reference for link of "E"; expected an Aliyun share link`,
    ]);
  });

  it('${NAME} in list values and settings; an unset one is an error naming it, a secret from the environment is registered', async () => {
    const list = [
      'Movies:',
      '    A: https://www.aliyundrive.com/s/${SHARE}',
      '    B:',
      '        link: ${NOPE}',
      '        remark: ${REMARK}',
      '        addition:',
      '            refresh_token: ${RT}',
      '',
    ].join('\n');
    const files = { 'config.yaml': `${BASE_CONFIG}\n`, 'ali_share.yaml': list };
    expect(await problems(files, { SHARE: 'Zz9' })).toEqual([
      'ali_share.yaml:4:15: environment variable NOPE is not set (used in "B")',
      'ali_share.yaml:5:17: environment variable REMARK is not set (used in Movies.B.remark)',
      'ali_share.yaml:7:28: environment variable RT is not set (used in Movies.B.addition.refresh_token)',
    ]);
    const { loaded } = await loadFiles({ ...files }, { SHARE: 'Zz9', NOPE: `${LINK}7`, REMARK: 'from env', RT: 'rt-from-env-777' });
    expect(loaded.storages.map((s) => [s.addition.share_id, s.fields.remark, s.addition.refresh_token])).toEqual([
      ['Zz9', '', 'rt-secret-0123456789'],
      ['AbCdEf1237', 'from env', 'rt-from-env-777'],
    ]);
    expect(loaded.secrets).toContain('rt-from-env-777');
  });
});

describe('${NAME} in a plain list file (the fast line reader)', () => {
  it('is expanded, and an unset one is reported at the value', async () => {
    const list = ['Movies:', '    A: ${LINK_A}', '    B: https://www.alipan.com/s/${ID_B}?pwd=${PWD_B}', ''].join('\n');
    const files = { 'config.yaml': `${BASE_CONFIG}\n`, 'ali_share.yaml': list };
    const { loaded } = await loadFiles(files, { LINK_A: LINK, ID_B: 'Bb1', PWD_B: 'p1' });
    expect(loaded.storages.map((s) => [s.addition.share_id, s.addition.share_pwd])).toEqual([
      ['AbCdEf123', ''],
      ['Bb1', 'p1'],
    ]);
    expect(await problems(files, { LINK_A: LINK, PWD_B: '' })).toEqual([
      'ali_share.yaml:3:8: environment variable ID_B is not set (used in "B")',
      'ali_share.yaml:3:8: environment variable PWD_B is empty (used in "B")',
    ]);
  });
});

describe('defaults:', () => {
  it('precedence: the entry, then defaults.<driver>, then defaults.all, then built-in; the section over the driver defaults', async () => {
    const config = configPlus([
      'defaults:',
      '    all:',
      '        order: 1',
      '        cache_expiration: 60',
      '        webdav_policy: use_proxy_url',
      '    AliyundriveShare:',
      '        order: 2',
      '        addition:',
      '            order_by: name',
      '            refresh_token: rt-from-defaults',
    ]);
    const list = ['Movies:', `    A: ${LINK}`, `    B: {link: "${LINK}2", order: 3}`, ''].join('\n');
    const { loaded } = await loadFiles({ 'config.yaml': config, 'ali_share.yaml': list });
    const [a, b] = loaded.storages;
    expect(a?.fields).toMatchObject({ order: 2, cache_expiration: 60, webdav_policy: 'use_proxy_url', web_proxy: false });
    expect(b?.fields.order).toBe(3);
    expect(a?.addition).toMatchObject({ order_by: 'name', refresh_token: 'rt-secret-0123456789' });
    expect(a?.managed.fields.sort()).toEqual(['cache_expiration', 'order', 'webdav_policy']);
    expect(a?.at.fields.order).toMatchObject({ line: 18, col: 16 });
    expect(b?.at.fields.cache_expiration).toMatchObject({ line: 15, col: 27 });
  });

  it('defaults.AliyundriveShare.addition.refresh_token stands in for aliyun.refresh_token', async () => {
    const config = configWith({ 7: ['defaults:', '    AliyundriveShare:', '        addition:', '            refresh_token: rt-defaults-1'] }).replace(
      'aliyun:\n    enable: true\ndefaults:',
      'aliyun:\n    enable: true\ndefaults:',
    );
    const { loaded } = await loadFiles({ 'config.yaml': config, 'ali_share.yaml': `Movies:\n    A: ${LINK}\n` });
    expect(loaded.storages[0]?.addition.refresh_token).toBe('rt-defaults-1');
    expect(loaded.secrets).toContain('rt-defaults-1');
  });

  it('offline problems: addition under all, a misspelt driver name, a key of another driver, a bad value; unknown drivers pass', async () => {
    const config = configPlus([
      'defaults:',
      '    all:',
      '        addition:',
      '            x: 1',
      '    aliyundriveshare:',
      '        order: 1',
      '    PikPakShar:',
      '        order: 1',
      '    OnedriveAPP:',
      '        addition:',
      '            share_id: x',
      '    "115 Share":',
      '        addition:',
      '            cookie: c',
      '        cache_expiration: 30m',
      '    All: {}',
      '    Alll: {}',
    ]);
    const error = await rejection({ 'config.yaml': config, 'ali_share.yaml': `Movies:\n    A: ${LINK}\n` });
    expect(error.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`)).toEqual([
      '14:9: defaults.all cannot have addition: (each driver has its own keys); put them under defaults.<driver name>.addition',
      '16:5: unknown driver name "aliyundriveshare" in defaults; did you mean "AliyundriveShare"? (written as the server spells it)',
      '18:5: unknown driver name "PikPakShar" in defaults; did you mean "PikPakShare"? (written as the server spells it)',
      '22:13: "share_id" is not a key of OnedriveAPP (it is AliyundriveShare\'s, PikPakShare\'s); its keys: root_folder_path, region, client_id, client_secret, tenant_id, email, chunk_size, custom_host',
      '26:27: cache_expiration must be a whole number ≥ 0 (got "30m") in defaults."115 Share"',
      '27:5: unknown driver name "All" in defaults; did you mean "all"? (written as the server spells it)',
    ]);
  });

  it('defaults: must be a mapping', async () => {
    expect(await problems({ 'config.yaml': configPlus(['defaults: 5']), 'ali_share.yaml': `Movies:\n    A: ${LINK}\n` })).toEqual([
      'config.yaml:12:11: defaults must be a mapping of keys (got 5)',
    ]);
  });
});
