import { afterAll, describe, expect, it } from 'vitest';
import { BASE_ALI, BASE_CONFIG, cleanUpTemps, configWith, loadFiles, problems } from './fixture.js';

afterAll(cleanUpTemps);

const BLANK_LINE = 'blank line (blank lines are not allowed; delete it, or start it with # to keep it as a comment)';

/** config.yaml with the OneDrive section enabled and the given tenants block. */
function onedriveConfig(tenantLines: string[]): string {
  return configWith({ 6: '    enable: false', 11: ['    enable: true', '    region: global', '    tenants:', ...tenantLines] });
}
const tenant = (id: number | undefined, n: number): string[] => [
  id === undefined ? `        - client_id: 00000000-0000-4000-8000-00000000000${n}` : `        - id: ${id}`,
  ...(id === undefined ? [] : [`          client_id: 00000000-0000-4000-8000-00000000000${n}`]),
  `          client_secret: csecret-${n}-abcdef`,
  `          tenant_id: tenant${n}.onmicrosoft.com`,
];

describe('the base fixture', () => {
  it('is valid', async () => {
    const { loaded } = await loadFiles({ 'config.yaml': `${BASE_CONFIG}\n`, 'ali_share.yaml': BASE_ALI });
    expect(loaded.storages.map((s) => s.mount_path)).toEqual(['/Movies/Film A']);
  });
});

describe('file-level rules', () => {
  it('rejects an empty and a whitespace-only line in config.yaml', async () => {
    const config = configWith({ 2: ['', 'auth:'], 5: ['   ', 'aliyun:'] });
    expect(await problems({ 'config.yaml': config, 'ali_share.yaml': BASE_ALI })).toEqual([`config.yaml:2:1: ${BLANK_LINE}`, `config.yaml:6:1: ${BLANK_LINE}`]);
  });

  it('rejects a blank line in a list file, and a trailing one', async () => {
    const list = 'Movies:\n    A: https://www.aliyundrive.com/s/AbC1\n\nTV:\n    B: https://www.aliyundrive.com/s/AbC2\n\n';
    expect(await problems({ 'config.yaml': configWith({}), 'ali_share.yaml': list })).toEqual([
      `ali_share.yaml:3:1: ${BLANK_LINE}`,
      `ali_share.yaml:6:1: ${BLANK_LINE}`,
    ]);
  });

  it('accepts CRLF line ends and comment lines', async () => {
    const { loaded } = await loadFiles({
      'config.yaml': configWith({ 1: ['# the server', 'url: https://alist.test'] }).replaceAll('\n', '\r\n'),
      'ali_share.yaml': `#\n${BASE_ALI}`,
    });
    expect(loaded.storages).toHaveLength(1);
  });

  it('reports a YAML syntax error at its position', async () => {
    expect(await problems({ 'config.yaml': configWith({ 3: '    username: [admin' }), 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:4:5: wrong indentation, or a [ or { that is not closed: indent like the lines around it, and put a value that starts with [ or { in quotes',
    ]);
  });

  it('rejects tab indentation', async () => {
    expect(await problems({ 'config.yaml': configWith({ 3: '\tusername: admin' }), 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:3:1: tab character in indentation (indent with spaces)',
    ]);
  });

  it('rejects duplicate keys in config.yaml and in list files', async () => {
    const config = configWith({ 1: ['url: https://alist.test', 'url: https://other.test'] });
    const list = `${BASE_ALI}Movies:\n    Film B: https://www.aliyundrive.com/s/AbC2\n`;
    expect(await problems({ 'config.yaml': config, 'ali_share.yaml': BASE_ALI })).toEqual(['config.yaml:2:1: duplicate key "url" (first at line 1)']);
    expect(await problems({ 'config.yaml': configWith({}), 'ali_share.yaml': list })).toEqual(['ali_share.yaml:3:1: duplicate key "Movies" (first at line 1)']);
  });

  it('reports an enabled section whose list file is missing', async () => {
    expect(await problems({ 'config.yaml': configWith({}) })).toEqual([
      'config.yaml:5:1: aliyun.enable is true but its list file ali_share.yaml does not exist (create it next to config.yaml — `alist-batch init <new folder>` writes an example — or set enable: false)',
    ]);
  });

  it('reports every problem at once, config first, then each list file in line order', async () => {
    const config = configWith({ 1: 'url: ftp://alist.test', 3: '    username:' });
    const list = 'Movies:\n    A: https://www.aliyundrive.com/s/AbC1\n\n    B: 42\n';
    expect(await problems({ 'config.yaml': config, 'ali_share.yaml': list })).toEqual([
      'config.yaml:1:6: url is not an http:// or https:// URL: "ftp://alist.test"',
      'config.yaml:3:5: empty value for auth.username',
      `ali_share.yaml:3:1: ${BLANK_LINE}`,
      'ali_share.yaml:4:8: "42" is not a link or reference for "B"; expected an Aliyun share link',
    ]);
  });
});

describe('config.yaml keys', () => {
  it('rejects an unknown top-level key with a suggestion', async () => {
    expect(await problems({ 'config.yaml': configWith({ 1: ['url: https://alist.test', 'tokn: abc'] }), 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:2:1: unknown top-level key "tokn"; did you mean "token"?',
    ]);
  });

  it('rejects an unknown key inside a section with a suggestion', async () => {
    expect(await problems({ 'config.yaml': configWith({ 7: '    refresh_tokn: x' }), 'ali_share.yaml': BASE_ALI })).toEqual(
      [
        // One misspelt key, one report: the missing refresh_token it stands for is not reported again.
        'config.yaml:7:5: unknown key in aliyun: "refresh_tokn"; did you mean "refresh_token"?',
      ].sort(byLine),
    );
  });

  it("accepts the old templates' pikpak username/password leftovers", async () => {
    const config = configWith({ 9: ['    enable: false', '    username: PIKPAK_EMAIL', '    password: PIKPAK_PASSWORD'] });
    const { loaded } = await loadFiles({ 'config.yaml': config, 'ali_share.yaml': BASE_ALI });
    expect(loaded.storages).toHaveLength(1);
  });

  it('reports a missing required key at its parent section, a missing top-level key at line 1', async () => {
    const config = configWith({ 1: '# no url', 7: '    # no refresh token' });
    expect(await problems({ 'config.yaml': config, 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:1:1: missing required key "url" (the server\'s address; or set ALIST_URL)',
      'config.yaml:5:1: missing required key "refresh_token" in aliyun',
    ]);
    expect(await problems({ 'config.yaml': configWith({ 6: '    # enable: true' }), 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:5:1: missing required key "enable" in aliyun',
    ]);
  });

  it('rejects empty values; token "" means no token, an empty token: is an error', async () => {
    expect(await problems({ 'config.yaml': configWith({ 3: '    username:', 4: '    password: ""' }), 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:3:5: empty value for auth.username',
      'config.yaml:4:5: empty value for auth.password',
    ]);
    expect(await problems({ 'config.yaml': configWith({ 1: ['url: https://alist.test', 'token:'] }), 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:2:1: empty value for token (write token: "" or remove the line when no token is used)',
    ]);
    const { loaded } = await loadFiles({ 'config.yaml': configWith({ 1: ['url: https://alist.test', 'token: ""'] }), 'ali_share.yaml': BASE_ALI });
    expect(loaded.server.token).toBeUndefined();
  });

  it('rejects wrong types without echoing secret values', async () => {
    expect(await problems({ 'config.yaml': configWith({ 6: '    enable: 1', 7: '    refresh_token: [a, b]' }), 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:6:13: aliyun.enable must be true or false (or yes/no, on/off) (got 1)',
      'config.yaml:7:20: aliyun.refresh_token must be a string',
    ]);
  });

  it('reads a numeric password as written, like the old tool', async () => {
    const { loaded } = await loadFiles({ 'config.yaml': configWith({ 4: '    password: 0123' }), 'ali_share.yaml': BASE_ALI });
    expect(loaded.server.password).toBe('0123');
  });

  it('rejects a URL that is not http(s)', async () => {
    expect(await problems({ 'config.yaml': configWith({ 1: 'url: alist.test:5244' }), 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:1:6: url is not an http:// or https:// URL: "alist.test:5244" (did you mean "http://alist.test:5244", or https:// if the server has TLS?)',
    ]);
  });

  it('rejects both naming schemes of one section at once', async () => {
    const config = configWith({ 8: ['aliyun_share:', '    enable: false', 'pikpak:'] });
    expect(await problems({ 'config.yaml': config, 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:8:1: both "aliyun" (alist_batch naming) and "aliyun_share" (openlist_batch naming) are given; keep one',
    ]);
  });

  it('rejects a pikpak platform the driver does not know; for ios, says where that came from', async () => {
    const withPlatform = (platform: string): string => configWith({ 9: ['    enable: false', `    platform: ${platform}`] });
    expect(await problems({ 'config.yaml': withPlatform('iphone'), 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:10:15: pikpak.platform must be one of android, web, pc (got "iphone")',
    ]);
    expect(await problems({ 'config.yaml': withPlatform('ios'), 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:10:15: pikpak.platform must be one of android, web, pc (got "ios") (the openlist_batch template lists ios, but AList\'s PikPakShare driver has no such platform)',
    ]);
  });
});

describe('OneDrive tenants and references', () => {
  const list = (...refs: string[]): string => `Team:\n${refs.map((r, i) => `    m${i + 1}: ${r}`).join('\n')}\n`;

  it('rejects a region outside global/cn/us/de', async () => {
    const config = onedriveConfig(tenant(1, 1)).replace('region: global', 'region: eu');
    expect(await problems({ 'config.yaml': config, 'onedrive_app.yaml': list('1:a@contoso.onmicrosoft.com') })).toEqual([
      'config.yaml:12:13: onedrive_app.region must be one of global, cn, us, de (got "eu")',
    ]);
  });

  it('rejects an unknown and a duplicate tenant id', async () => {
    const config = onedriveConfig([...tenant(1, 1), ...tenant(1, 2)]);
    expect(await problems({ 'config.yaml': config, 'onedrive_app.yaml': list('1:a@contoso.onmicrosoft.com', '3:b@contoso.onmicrosoft.com') })).toEqual([
      'config.yaml:18:15: duplicate tenant id 1 (first at line 14)',
      'onedrive_app.yaml:3:9: unknown tenant id 3: onedrive_app.tenants in config.yaml has ids 1',
    ]);
  });

  it('rejects malformed references', async () => {
    const refs = list('a@contoso.onmicrosoft.com', 'x:a@contoso.onmicrosoft.com', '1:not-an-email', '1:a@contoso.onmicrosoft.com:Docs');
    expect(await problems({ 'config.yaml': onedriveConfig(tenant(1, 1)), 'onedrive_app.yaml': refs })).toEqual([
      'onedrive_app.yaml:2:9: malformed OneDrive reference "a@contoso.onmicrosoft.com" (expected <tenant>:<email>[:<root path>], e.g. 1:user@contoso.onmicrosoft.com:/Documents)',
      'onedrive_app.yaml:3:9: malformed OneDrive reference "x:a@contoso.onmicrosoft.com": the tenant "x" is not a tenant id (1, 2, ...) (expected <tenant>:<email>[:<root path>], e.g. 1:user@contoso.onmicrosoft.com:/Documents)',
      'onedrive_app.yaml:4:9: malformed OneDrive reference "1:not-an-email": "not-an-email" is not an email address (expected <tenant>:<email>[:<root path>], e.g. 1:user@contoso.onmicrosoft.com:/Documents)',
      'onedrive_app.yaml:5:9: malformed OneDrive reference "1:a@contoso.onmicrosoft.com:Docs": the root path must start with "/" (expected <tenant>:<email>[:<root path>], e.g. 1:user@contoso.onmicrosoft.com:/Documents)',
    ]);
  });

  it('resolves by id:, not position; a tenant without id: takes its position; warns where the old tools differed', async () => {
    // Position 1 has id 2, position 2 has no id (so id 2 too? no: it takes its position, 2) -> use 3 for clarity.
    const config = onedriveConfig([...tenant(2, 1), ...tenant(1, 2), ...tenant(undefined, 3)]);
    const { loaded } = await loadFiles({
      'config.yaml': config,
      'onedrive_app.yaml': list('1:a@contoso.onmicrosoft.com', '2:b@contoso.onmicrosoft.com', '3:c@contoso.onmicrosoft.com:/x:y'),
    });
    expect(loaded.storages.map((s) => [s.mount_path, s.addition.client_id, s.addition.root_folder_path])).toEqual([
      ['/Team/m1', '00000000-0000-4000-8000-000000000002', '/'],
      ['/Team/m2', '00000000-0000-4000-8000-000000000001', '/'],
      ['/Team/m3', '00000000-0000-4000-8000-000000000003', '/x:y'],
    ]);
    expect(loaded.warnings.map((w) => `${w.line}:${w.col}: ${w.message}`)).toEqual([
      '2:5: mount "/Team/m1" uses the tenant with id 1; alist_batch/openlist_batch read "1:" as the 1st tenant in the list, which is the tenant with id 2 (14:15 in config.yaml)',
      '3:5: mount "/Team/m2" uses the tenant with id 2; alist_batch/openlist_batch read "2:" as the 2nd tenant in the list, which is the tenant with id 1 (18:15 in config.yaml)',
    ]);
  });
});

describe('list files', () => {
  it('rejects values that are not strings, and empty values', async () => {
    const list = 'Movies:\n    A: 123\n    B:\n    C: true\n    D: null\n';
    expect(await problems({ 'config.yaml': configWith({}), 'ali_share.yaml': list })).toEqual([
      'ali_share.yaml:2:8: "123" is not a link or reference for "A"; expected an Aliyun share link',
      'ali_share.yaml:3:5: empty value for "B"; expected an Aliyun share link',
      'ali_share.yaml:4:8: "true" is not a link or reference for "C"; expected an Aliyun share link',
      'ali_share.yaml:5:5: empty value for "D"; expected an Aliyun share link',
    ]);
  });

  it('rejects malformed share links and links of the wrong service', async () => {
    const list = [
      'Movies:',
      '    A: https://mypikpak.com/s/VN1',
      '    B: https://www.aliyundrive.com/x/AbC',
      '    C: https://www.aliyundrive.com/s/AbC/file/123',
      '    D: not a link',
      '',
    ].join('\n');
    expect(await problems({ 'config.yaml': configWith({}), 'ali_share.yaml': list })).toEqual([
      'ali_share.yaml:2:8: not an Aliyun share link: "https://mypikpak.com/s/VN1" (this is a PikPak share link; it belongs in another list file)',
      'ali_share.yaml:3:8: malformed share link (expected www.aliyundrive.com/s/<share id>...): "https://www.aliyundrive.com/x/AbC"',
      'ali_share.yaml:4:8: malformed Aliyun share link (expected /s/<share id>[/folder/<folder id>]): "https://www.aliyundrive.com/s/AbC/file/123"',
      'ali_share.yaml:5:8: not an Aliyun share link: "not a link"',
    ]);
  });

  it('rejects a category that holds no entries', async () => {
    const list = 'Movies:\nTV: https://www.aliyundrive.com/s/AbC\n';
    expect(await problems({ 'config.yaml': configWith({}), 'ali_share.yaml': list })).toEqual([
      'ali_share.yaml:1:1: empty category "Movies" (give it "name: value" entries indented below it)',
      'ali_share.yaml:2:5: category "TV" must hold "name: value" entries, one per line, indented below it',
    ]);
  });

  it('rejects two entries that clean to the same mount path, also across files, at the later one', async () => {
    const config = configWith({ 9: '    enable: true' });
    const ali = 'TV/Drama:\n    Show: https://www.aliyundrive.com/s/AbC1\nTV:\n    Drama/Show: https://www.aliyundrive.com/s/AbC2\n';
    const pik = '"TV//Drama/":\n    ./Show: https://mypikpak.com/s/VN1\n';
    expect(await problems({ 'config.yaml': config, 'ali_share.yaml': ali, 'pik_share.yaml': pik })).toEqual([
      'ali_share.yaml:4:5: mount path "/TV/Drama/Show" is already used by ali_share.yaml:2:5',
      'pik_share.yaml:2:5: mount path "/TV/Drama/Show" is already used by ali_share.yaml:2:5',
    ]);
  });

  it('keeps quoted and numeric category keys and Unicode names as written', async () => {
    const list = '"电影/合集": \n    新海诚&宫崎骏: https://www.alipan.com/s/AbC1\n2024:\n    "0x1F": https://www.aliyundrive.com/s/AbC2\n';
    const { loaded } = await loadFiles({ 'config.yaml': configWith({}), 'ali_share.yaml': list });
    expect(loaded.storages.map((s) => s.mount_path)).toEqual(['/2024/0x1F', '/电影/合集/新海诚&宫崎骏']);
  });
});

describe('environment', () => {
  it('replaces ${NAME} from the environment and reports an unset one', async () => {
    const config = configWith({ 4: '    password: ${ADMIN_PW}', 7: '    refresh_token: ${ALI_RT}' });
    const { loaded } = await loadFiles({ 'config.yaml': config, 'ali_share.yaml': BASE_ALI }, { ADMIN_PW: 'pw-from-env', ALI_RT: 'rt-from-env-123' });
    expect(loaded.server.password).toBe('pw-from-env');
    expect(loaded.storages[0]?.addition.refresh_token).toBe('rt-from-env-123');
    expect(loaded.secrets).toEqual(expect.arrayContaining(['pw-from-env', 'rt-from-env-123']));
    expect(await problems({ 'config.yaml': config, 'ali_share.yaml': BASE_ALI }, { ALI_RT: 'x' })).toEqual([
      'config.yaml:4:15: environment variable ADMIN_PW is not set (used in auth.password)',
    ]);
    expect(await problems({ 'config.yaml': config, 'ali_share.yaml': BASE_ALI }, { ADMIN_PW: '', ALI_RT: 'x' })).toEqual([
      'config.yaml:4:15: environment variable ADMIN_PW is empty (used in auth.password)',
    ]);
  });

  it('lets ALIST_* override the file; an overridden placeholder is then no error', async () => {
    const config = configWith({ 1: 'url: ${NOT_SET}', 4: '    password: PASSWORD' });
    const { loaded } = await loadFiles(
      { 'config.yaml': config, 'ali_share.yaml': BASE_ALI },
      { ALIST_URL: 'http://127.0.0.1:5244/', ALIST_PASSWORD: 'pw-env-override' },
    );
    expect(loaded.server).toEqual({ url: 'http://127.0.0.1:5244', username: 'admin', password: 'pw-env-override', token: undefined });
  });

  it('needs no auth when a token is given, in the file or as ALIST_TOKEN', async () => {
    const noAuth = configWith({ 2: 'token: tok-file-123456', 3: [], 4: [] });
    const { loaded } = await loadFiles({ 'config.yaml': noAuth, 'ali_share.yaml': BASE_ALI });
    expect(loaded.server).toEqual({ url: 'https://alist.test', username: undefined, password: undefined, token: 'tok-file-123456' });
    const neither = configWith({ 2: [], 3: [], 4: [] });
    expect(await problems({ 'config.yaml': neither, 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:1:1: missing required key "auth" (username and password; or a token, or ALIST_USERNAME and ALIST_PASSWORD, or ALIST_TOKEN)',
    ]);
    const viaEnv = await loadFiles({ 'config.yaml': neither, 'ali_share.yaml': BASE_ALI }, { ALIST_TOKEN: 'tok-env-123456' });
    expect(viaEnv.loaded.server.token).toBe('tok-env-123456');
    expect(viaEnv.loaded.secrets).toContain('tok-env-123456');
  });
});

function byLine(a: string, b: string): number {
  const line = (s: string): number => Number(s.split(':')[1]);
  return line(a) - line(b);
}
