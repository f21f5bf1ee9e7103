import { afterAll, describe, expect, it } from 'vitest';
import { isWarning } from '../../src/errors.js';
import { BASE_ALI, cleanUpTemps, configWith, loadFiles, problems, rejection } from './fixture.js';

afterAll(cleanUpTemps);

describe('--password-stdin replaces auth.password, as ALIST_PASSWORD does', () => {
  const cases: [string, string | string[]][] = [
    ['an unset ${NAME}', '    password: ${UNSET_ADMIN_PW}'],
    ['the template placeholder', '    password: PASSWORD'],
    ['no password key', []],
    ['an empty value', '    password:'],
  ];
  for (const [name, line] of cases) {
    it(`${name}: no problem with it, and no password from the file`, async () => {
      const { loaded } = await loadFiles({ 'config.yaml': configWith({ 4: line }), 'ali_share.yaml': BASE_ALI }, {}, { passwordFromStdin: true });
      expect(loaded.server).toEqual({ url: 'https://alist.test', username: 'admin', password: undefined, token: undefined });
    });
  }

  it('without it, each is still reported; a missing password names every way to give one', async () => {
    const found = async (line: string | string[]): Promise<string[]> => problems({ 'config.yaml': configWith({ 4: line }), 'ali_share.yaml': BASE_ALI });
    expect(await found('    password: ${UNSET_ADMIN_PW}')).toEqual([
      'config.yaml:4:15: environment variable UNSET_ADMIN_PW is not set (used in auth.password)',
    ]);
    expect(await found('    password: PASSWORD')).toEqual([
      'config.yaml:4:15: auth.password is still the template placeholder "PASSWORD": fill it in (or set ALIST_PASSWORD)',
    ]);
    expect(await found([])).toEqual([
      'config.yaml:2:1: missing required key "password" in auth (or set ALIST_PASSWORD, or pipe it to plan/apply --password-stdin)',
    ]);
  });

  it('still needs the user name', async () => {
    expect(await problems({ 'config.yaml': configWith({ 2: [], 3: [], 4: [] }), 'ali_share.yaml': BASE_ALI }, {}, { passwordFromStdin: true })).toEqual([
      'config.yaml:1:1: missing required key "auth" (username and password; or a token, or ALIST_USERNAME and ALIST_PASSWORD, or ALIST_TOKEN)',
    ]);
    const { loaded } = await loadFiles(
      { 'config.yaml': configWith({ 2: [], 3: [], 4: [] }), 'ali_share.yaml': BASE_ALI },
      { ALIST_USERNAME: 'admin' },
      { passwordFromStdin: true },
    );
    expect(loaded.server.username).toBe('admin');
  });
});

describe('a URL with a user name or password', () => {
  it('is rejected at its position, without the password', async () => {
    const found = await problems({ 'config.yaml': configWith({ 1: 'url: http://bob:SuperSecretPw9@alist.test/sub' }), 'ali_share.yaml': BASE_ALI });
    expect(found).toEqual([
      'config.yaml:1:6: url must not contain a user name or password: "http://***@alist.test/sub" (put them in auth.username and auth.password, or ALIST_USERNAME and ALIST_PASSWORD)',
    ]);
    expect(await problems({ 'config.yaml': configWith({ 1: 'url: https://bob@alist.test' }), 'ali_share.yaml': BASE_ALI })).toEqual([
      'config.yaml:1:6: url must not contain a user name or password: "https://***@alist.test" (put them in auth.username and auth.password, or ALIST_USERNAME and ALIST_PASSWORD)',
    ]);
  });

  it('from ALIST_URL too, saying where it comes from', async () => {
    expect(await problems({ 'config.yaml': configWith({}), 'ali_share.yaml': BASE_ALI }, { ALIST_URL: 'http://bob:SuperSecretPw9@127.0.0.1:5244' })).toEqual([
      'config.yaml:1:1: ALIST_URL (environment): must not contain a user name or password: "http://***@127.0.0.1:5244" (put them in auth.username and auth.password, or ALIST_USERNAME and ALIST_PASSWORD)',
    ]);
  });
});

describe('warnings are not counted as problems', () => {
  it('they carry severity warning, keep their message, and the error counts only the problems', async () => {
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
    const list = 'Team:\n    A: 2:a@contoso.onmicrosoft.com\n    B: 3:b@contoso.onmicrosoft.com\n    C: 2:c@contoso.onmicrosoft.com\n';
    const error = await rejection({ 'config.yaml': config, 'onedrive_app.yaml': list });
    expect(error.message).toBe('1 problem (and 2 warnings) found in the configuration; nothing was sent to the server.');
    expect(error.diagnostics.filter(isWarning).map((d) => [d.line, d.severity, d.message.slice(0, 18)])).toEqual([
      [2, 'warning', 'mount "/Team/A" us'],
      [4, 'warning', 'mount "/Team/C" us'],
    ]);
    expect(error.diagnostics.filter((d) => !isWarning(d)).map((d) => d.severity)).toEqual([undefined]);
  });

  it('a valid load keeps them as warnings', async () => {
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
    const { loaded } = await loadFiles({ 'config.yaml': config, 'onedrive_app.yaml': 'Team:\n    A: 2:a@contoso.onmicrosoft.com\n' });
    expect(loaded.warnings.map((w) => w.severity)).toEqual(['warning']);
    expect(loaded.warnings[0]?.message.startsWith('mount "/Team/A"')).toBe(true);
  });
});
