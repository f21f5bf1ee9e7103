import { afterAll, describe, expect, it } from 'vitest';
import { compareMountPaths } from '../../src/model/mount-path.js';
import { BASE_ALI, cleanUpTemps, configWith, loadFiles, problems } from './fixture.js';

afterAll(cleanUpTemps);

const SPECIAL = 'the value starts with a YAML special character (! & * | > % @ `): put it in quotes';

/** The problems of the base files with config.yaml's line 4 (`    password: ...`) replaced. */
async function passwordProblems(line: string): Promise<string[]> {
  return problems({ 'config.yaml': configWith({ 4: line }), 'ali_share.yaml': BASE_ALI });
}

describe('config.yaml values YAML reads as something else are reported once, never quoted', () => {
  it.each([
    ['!Secr3tPass', 15],
    ['|Secr3tPass', 16],
    ['>Secr3tPass', 16],
    ['*Secr3tPass', 15],
    ['&Secr3tPass', 15],
    ['%Secr3tPass', 15],
    ['@Secr3tPass', 15],
    ['`Secr3tPass', 15],
  ])('password: %s', async (value, col) => {
    expect(await passwordProblems(`    password: ${value}`)).toEqual([`config.yaml:4:${col}: ${SPECIAL}`]);
  });

  it('does not quote a value in any other YAML syntax message either', async () => {
    expect(await passwordProblems('    password: "Secr3t\\qPass"')).toEqual([
      'config.yaml:4:22: a backslash in a "double-quoted" value starts an escape YAML does not know: use \'single quotes\' instead',
    ]);
    expect(await passwordProblems('    password: Secr3t: Pass')).toEqual([
      'config.yaml:4:15: "key: value" inside a value: put the value in quotes if it contains ": ", or fix the indentation',
    ]);
  });

  it('still reads a tag YAML knows (!!str) and an alias to an anchor', async () => {
    const config = configWith({ 3: '    username: &who admin-user', 4: '    password: !!str 0123', 7: '    refresh_token: *who' });
    const { loaded } = await loadFiles({ 'config.yaml': config, 'ali_share.yaml': BASE_ALI });
    expect(loaded.server).toMatchObject({ username: 'admin-user', password: '0123' });
    expect(loaded.storages[0]?.addition.refresh_token).toBe('admin-user');
  });

  it('in a list file too: an alias to nothing is one problem, and the other entries are still checked', async () => {
    const list = 'Movies:\n    A: *Secr3tLink\n    B: https://mypikpak.com/s/VN1\n';
    expect(await problems({ 'config.yaml': configWith({}), 'ali_share.yaml': list })).toEqual([
      `ali_share.yaml:2:8: ${SPECIAL}`,
      'ali_share.yaml:3:8: not an Aliyun share link: "https://mypikpak.com/s/VN1" (this is a PikPak share link; it belongs in another list file)',
    ]);
  });
});

describe('messages never echo secrets', () => {
  it('a URL with user:password shows neither', async () => {
    expect(await problems({ 'config.yaml': configWith({ 1: 'url: ftp://admin:SuperSecretPw9@alist.test' }), 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:1:6: url is not an http:// or https:// URL: "ftp://***@alist.test"',
    ]);
  });

  it('auth: given a value instead of username and password', async () => {
    expect(await problems({ 'config.yaml': configWith({ 2: 'auth: SuperSecretPw9', 3: [], 4: [] }), 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:2:7: auth must be a mapping of keys',
    ]);
    expect(await passwordProblems('    password: {a: Secr3tPass}')).toEqual(['config.yaml:4:15: auth.password must be a string']);
  });
});

describe('the environment', () => {
  it('an unset ${NAME} in url is one problem', async () => {
    expect(await problems({ 'config.yaml': configWith({ 1: 'url: ${MYURL}' }), 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:1:6: environment variable MYURL is not set (used in url)',
    ]);
  });

  it('an invalid ALIST_URL says it comes from the environment, without its user-info', async () => {
    expect(await problems({ 'config.yaml': configWith({}), 'ali_share.yaml': BASE_ALI }, { ALIST_URL: 'ftp://admin:SuperSecretPw9@alist.test' })).toEqual([
      'config.yaml:1:1: ALIST_URL (environment): not an http:// or https:// URL: "ftp://***@alist.test"',
    ]);
  });
});

describe('bool settings', () => {
  it('accept yes/no/on/off in any case, as go-yaml did', async () => {
    const config = configWith({ 6: '    enable: Yes', 9: ['    enable: ON', '    use_transcoding_address: no'], 11: '    enable: OFF' });
    const { loaded } = await loadFiles({ 'config.yaml': config, 'ali_share.yaml': BASE_ALI, 'pik_share.yaml': 'Shows:\n    S: https://mypikpak.com/s/VN1\n' });
    expect(loaded.storages.map((s) => [s.mount_path, s.driver, s.addition.use_transcoding_address])).toEqual([
      ['/Movies/Film A', 'AliyundriveShare', undefined],
      ['/Shows/S', 'PikPakShare', false],
    ]);
  });

  it('reject other strings, saying what is accepted', async () => {
    expect(await problems({ 'config.yaml': configWith({ 6: '    enable: maybe' }), 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:6:13: aliyun.enable must be true or false (or yes/no, on/off) (got "maybe")',
    ]);
  });
});

describe('list files', () => {
  it('a tab is reported and the rest of the file is still checked', async () => {
    const list = 'Movies:\n\tA: https://www.aliyundrive.com/s/AbC1\n    B: 42\n    C: https://mypikpak.com/s/VN1\n';
    expect(await problems({ 'config.yaml': configWith({}), 'ali_share.yaml': list })).toEqual([
      'ali_share.yaml:2:1: tab character in indentation (indent with spaces)',
      'ali_share.yaml:3:8: "42" is not a link or reference for "B"; expected an Aliyun share link',
      'ali_share.yaml:4:8: not an Aliyun share link: "https://mypikpak.com/s/VN1" (this is a PikPak share link; it belongs in another list file)',
    ]);
  });
});

describe('warnings', () => {
  it('read the same after problems as alone: file:line:col: warning: ...', async () => {
    const config = configWith({
      6: '    enable: false',
      11: [
        '    enable: true',
        '    region: global',
        '    tenants:',
        '        - id: 2',
        '          client_id: 00000000-0000-4000-8000-0000000000c1',
        '          client_secret: cs-123456',
        '          tenant_id: t.onmicrosoft.com',
      ],
    });
    const list = 'Team:\n    A: 2:a@contoso.onmicrosoft.com\n    B: 3:b@contoso.onmicrosoft.com\n';
    expect(await problems({ 'config.yaml': config, 'onedrive_app.yaml': list })).toEqual([
      'onedrive_app.yaml:3:8: unknown tenant id 3: onedrive_app.tenants in config.yaml has ids 2',
      'onedrive_app.yaml:2:5: warning: mount "/Team/A" uses the tenant with id 2; alist_batch/openlist_batch read "2:" as the 2nd tenant in the list, which is no tenant at all',
    ]);
  });
});

describe('compareMountPaths', () => {
  it('orders by code point, not locale', () => {
    expect(['/b', '/B', '/a', '/É', '/Z'].sort(compareMountPaths)).toEqual(['/B', '/Z', '/a', '/b', '/É']);
  });
});
