import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, runBuiltCli, runInProcess } from './helpers/cli.js';

const removals: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(removals.splice(0).map((r) => r()));
});

const NAMES = ['config.yaml', 'ali_share.yaml', 'pik_share.yaml', 'onedrive_app.yaml', 'shares.yaml', 'storages.yaml'];

describe('alist-batch init', () => {
  it('writes the six files (no blank lines, commented), refuses to overwrite, then --force overwrites', async () => {
    const { dir, remove } = await makeTempDir();
    removals.push(remove);
    const target = join(dir, 'new', 'conf');
    const first = await runInProcess(['init', target]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(NAMES.map((n) => `wrote ${join(target, n)}\n`).join(''));
    for (const name of NAMES) {
      const text = await readFile(join(target, name), 'utf8');
      expect(
        text
          .split('\n')
          .slice(0, -1)
          .filter((l) => l.trim() === ''),
      ).toEqual([]);
      expect(text.startsWith('#')).toBe(true);
    }
    expect((await stat(join(target, 'config.yaml'))).mode & 0o777).toBe(0o600);

    await writeFile(join(target, 'pik_share.yaml'), 'Mine:\n    Kept: https://mypikpak.com/s/VNmine\n');
    const again = await runInProcess(['init', target]);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain(`error: not overwriting existing ${NAMES.map((n) => join(target, n)).join(', ')}; nothing was written\n`);
    expect(await readFile(join(target, 'pik_share.yaml'), 'utf8')).toBe('Mine:\n    Kept: https://mypikpak.com/s/VNmine\n');

    // An existing config.yaml readable by others is made owner-only when overwritten (it holds the password).
    await chmod(join(target, 'config.yaml'), 0o644);
    const forced = await runInProcess(['init', '--force', target]);
    expect(forced.code).toBe(0);
    expect(await readFile(join(target, 'pik_share.yaml'), 'utf8')).not.toContain('VNmine');
    expect((await stat(join(target, 'config.yaml'))).mode & 0o777).toBe(0o600);
  });

  it('writes files that validate reads and rejects only for their unfilled placeholders', async () => {
    const { dir, remove } = await makeTempDir();
    removals.push(remove);
    // `init` with no folder writes into the current one: that needs a process of its own.
    expect((await runBuiltCli(['init'], { cwd: dir })).code).toBe(0);
    const config = join(dir, 'config.yaml');
    const result = await runInProcess(['validate', '-c', config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        `${config}:8:6: url is still the template placeholder "ALIST_URL": fill it in (or set ALIST_URL)`,
        `${config}:11:15: auth.username is still the template placeholder "USERNAME": fill it in (or set ALIST_USERNAME)`,
        `${config}:12:15: auth.password is still the template placeholder "PASSWORD": fill it in (or set ALIST_PASSWORD)`,
        'error: 3 problems found in the configuration; nothing was sent to the server.',
        '',
      ].join('\n'),
    );
    // With the server settings from the environment and every section enabled, only the examples are left to fill in.
    await writeFile(config, (await readFile(config, 'utf8')).replaceAll('enable: false', 'enable: true'));
    const enabled = await runInProcess(['validate', '-c', config], {
      env: { ALIST_URL: 'http://127.0.0.1:1', ALIST_USERNAME: 'admin', ALIST_PASSWORD: 'pw-123456' },
    });
    expect(
      enabled.stderr
        .split('\n')
        .filter((l) => !l.includes('still has the template'))
        .slice(0, -2),
    ).toEqual([
      `${config}:20:20: aliyun.refresh_token is still the template placeholder "ALI_YUNPAN_REFRESH_TOKEN": fill it in`,
      `${config}:40:22: onedrive_app.tenants[1].client_id is still the template placeholder "CLIENT_ID": fill it in`,
      `${config}:42:26: onedrive_app.tenants[1].client_secret is still the template placeholder "CLIENT_SECRET": fill it in`,
      `${config}:44:22: onedrive_app.tenants[1].tenant_id is still the template placeholder "TENANT_ID": fill it in`,
      `${join(dir, 'shares.yaml')}:20:5: "Example Library" is a 115 share link, which opens shares with your own account: add defaults."115 Share".addition.cookie (or defaults."115 Share".addition.qrcode_token) to config.yaml`,
      `${join(dir, 'storages.yaml')}:16:24: environment variable ALIYUN_OPEN_REFRESH_TOKEN is not set (used in /Cloud/Aliyun Open.addition.refresh_token)`,
      `${join(dir, 'storages.yaml')}:21:19: environment variable PIKPAK_USERNAME is not set (used in /Cloud/PikPak.addition.username)`,
      `${join(dir, 'storages.yaml')}:22:19: environment variable PIKPAK_PASSWORD is not set (used in /Cloud/PikPak.addition.password)`,
    ]);
    // The list files' six examples, and shares.yaml's PikPak and 123 ones (Aliyun's waits for its refresh token, 115's for its account).
    expect(enabled.stderr.split('\n').filter((l) => l.includes('still has the template'))).toHaveLength(8);
  });
});

describe('alist-batch init: what a user does next', () => {
  it('refuses a path that is a file, without a stack trace', async () => {
    const { dir, remove } = await makeTempDir();
    removals.push(remove);
    await writeFile(join(dir, 'i2'), '');
    const run = await runInProcess(['init', join(dir, 'i2')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: ${join(dir, 'i2')} is a file, not a folder; nothing was written\nhint: name a folder (it is created if missing)\n`);
  });

  it('gives examples that validate once filled in: no two files claim the same mount path', async () => {
    const { dir, remove } = await makeTempDir();
    removals.push(remove);
    expect((await runInProcess(['init', dir])).code).toBe(0);
    let n = 0;
    const fill = async (name: string, edit: (text: string) => string) => writeFile(join(dir, name), edit(await readFile(join(dir, name), 'utf8')));
    await fill('config.yaml', (t) =>
      t
        .replace('url: ALIST_URL', 'url: https://alist.contoso.test')
        .replace('username: USERNAME', 'username: admin')
        .replace('password: PASSWORD', 'password: s3cret-admin-pw')
        .replace('refresh_token: ALI_YUNPAN_REFRESH_TOKEN', 'refresh_token: rt-0123456789')
        .replace('client_id: CLIENT_ID', 'client_id: 00000000-0000-4000-8000-0000000000a1')
        .replace('client_secret: CLIENT_SECRET', 'client_secret: cs-0123456789')
        .replace('tenant_id: TENANT_ID', 'tenant_id: tenant1.onmicrosoft.com')
        .replaceAll('enable: false', 'enable: true'),
    );
    // 115 shares open with an account of their own, given once for the driver.
    const account115 = '    "115 Share":\n        addition:\n            cookie: ${COOKIE_115}\n';
    await fill('config.yaml', (t) => `${t}defaults:\n${account115}`);
    const realIds = (t: string) => t.replace(/xxx/g, () => `Id${++n}x`);
    await fill('ali_share.yaml', realIds);
    await fill('pik_share.yaml', realIds);
    await fill('shares.yaml', realIds);
    await fill('onedrive_app.yaml', (t) => t.replaceAll('@xxx.onmicrosoft.com', '@contoso.onmicrosoft.com'));
    const env = { COOKIE_115: 'cookie-115', ALIYUN_OPEN_REFRESH_TOKEN: 'open-rt', PIKPAK_USERNAME: 'me@pikpak.test', PIKPAK_PASSWORD: 'pikpak-pw' };
    const run = await runInProcess(['validate', '-c', dir], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    // The commented examples of the mapping form and of defaults: validate uncommented.
    const mapped = (t: string) => t.replace(/^ {4}# ([^:]+: \{)/gm, '    $1');
    for (const name of ['ali_share.yaml', 'pik_share.yaml', 'onedrive_app.yaml']) await fill(name, mapped);
    await fill('config.yaml', (t) =>
      t
        .replace(`defaults:\n${account115}`, '')
        .replace(/^# (defaults:\n(?:# .*\n)*)/m, (block) => block.replace(/^# /gm, ''))
        .replace('\ndefaults:\n', `\ndefaults:\n${account115}`),
    );
    const uncommented = await runInProcess(['validate', '-c', dir], { env });
    expect(await readFile(join(dir, 'config.yaml'), 'utf8')).toContain('\n    all:\n');
    expect(await readFile(join(dir, 'onedrive_app.yaml'), 'utf8')).toContain('\n    Alice Docs: {account: ');
    expect(uncommented.stderr).toBe('');
    // The list files' 9, shares.yaml's 4 and storages.yaml's 2.
    expect(uncommented.stdout).toMatch(/\b15 mounts\b/);
    expect(uncommented.code).toBe(0);
  });
});
