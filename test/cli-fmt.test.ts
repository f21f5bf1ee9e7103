// `alist-batch fmt`: the old tools' files made to pass the strict line rules, nothing else changed.
import { chmod, readFile, readdir, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT, runInProcess, writeFiles } from './helpers/cli.js';

const removals: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(removals.splice(0).map((r) => r()));
});

const TEMPLATES = join(REPO_ROOT, 'test', 'fixtures', 'upstream-templates', 'openlist_batch-v0.21');
const NAMES = ['config.yaml', 'aliyun_share.yaml', 'pikpak_share.yaml', 'onedrive_app.yaml'];

/** What a user of openlist_batch has: its templates, filled in, blank lines and all. */
async function filledTemplates(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of NAMES) files[name] = await readFile(join(TEMPLATES, name), 'utf8');
  let n = 0;
  files['config.yaml'] = (files['config.yaml'] ?? '')
    .replace(': OPENLIST_URL', ': https://openlist.test/sub')
    .replace(': USERNAME', ': admin')
    .replace(': PASSWORD', ': admin-pass-123')
    .replace(': OPENLIST_TOKEN', ': ""')
    .replace(': ALI_YUNPAN_REFRESH_TOKEN', ': ali-refresh-token-abc')
    .replace(/client_id: CLIENT_ID/g, () => `client_id: 00000000-0000-4000-8000-00000000000${++n}`)
    .replace(/client_secret: CLIENT_SECRET/g, () => `client_secret: secret-of-tenant-${n}`)
    .replace(/tenant_id: TENANT_ID/g, () => `tenant_id: tenant${n}.onmicrosoft.com`)
    .replace(/enable: false/g, 'enable: true');
  files['aliyun_share.yaml'] = (files['aliyun_share.yaml'] ?? '')
    .replaceAll('/s/xxx/folder/xxx', '/s/ShareReal1/folder/F1')
    .replaceAll('/s/xxx', '/s/ShareReal2');
  // The example mounts of two templates share their paths: a user keeps one set, or moves one.
  files['pikpak_share.yaml'] = (files['pikpak_share.yaml'] ?? '')
    .replace(/^([^\s#][^:#]*):$/gm, 'PikPak/$1:')
    .replaceAll(/\/s\/xxx(\/xxx)?/g, (_m, folder: string | undefined) => `/s/VNReal${folder ? '/VNFolder' : ''}`);
  files['onedrive_app.yaml'] = (files['onedrive_app.yaml'] ?? '').replaceAll(/@(xxx\.onmicrosoft|example)\.com/g, '@contoso.onmicrosoft.com');
  return files;
}

async function folderWith(files: Record<string, string>): Promise<string> {
  const { dir, remove } = await makeTempDir('alist-batch-fmt-');
  removals.push(remove);
  await writeFiles(dir, files);
  return dir;
}

describe('alist-batch fmt', () => {
  it('makes the filled-in openlist_batch templates pass validate, keeping every comment and line in order', async () => {
    const original = await filledTemplates();
    const dir = await folderWith(original);
    const before = await runInProcess(['validate', '-c', dir]);
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('blank line');

    const fmt = await runInProcess(['fmt', '-c', dir]);
    expect(fmt.code).toBe(0);
    expect(fmt.stdout).toContain(`formatted ${join(dir, 'config.yaml')}: `);
    expect(fmt.stdout).toContain('4 files of 4 formatted.');

    const after = await runInProcess(['validate', '-c', dir]);
    expect(after.stderr).toBe('');
    expect(after.code).toBe(0);
    for (const name of NAMES) {
      const kept = (original[name] ?? '').split('\n').filter((line) => line.trim() !== '');
      expect(await readFile(join(dir, name), 'utf8')).toBe(kept.map((line) => line.replace(/[ \t]+$/, '')).join('\n') + '\n');
    }
    const again = await runInProcess(['fmt', '-c', dir]);
    expect(again.stdout).toBe('4 files checked: nothing to change.\n');
  });

  it('--check changes nothing, names each line that would change, and exits 1 (0 once formatted)', async () => {
    const dir = await folderWith({
      'config.yaml': 'url: https://alist.test  \n\nauth:\n    username: admin\n    password: pw-12345\n',
      'ali_share.yaml': 'Movies:\n   \n    Film: https://www.aliyundrive.com/s/Abc\n',
    });
    const check = await runInProcess(['fmt', '--check', '-c', join(dir, 'config.yaml')]);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe('');
    expect(check.stderr).toBe(
      [
        `${join(dir, 'config.yaml')}:1:1: trailing whitespace (fmt removes it)`,
        `${join(dir, 'config.yaml')}:2:1: blank line (fmt removes it)`,
        `${join(dir, 'ali_share.yaml')}:2:1: blank line (fmt removes it)`,
        'error: 2 files would be changed; run `alist-batch fmt` (without --check) to fix them.',
        '',
      ].join('\n'),
    );
    expect(await readFile(join(dir, 'config.yaml'), 'utf8')).toBe('url: https://alist.test  \n\nauth:\n    username: admin\n    password: pw-12345\n');
    expect((await runInProcess(['fmt', '-c', dir])).code).toBe(0);
    const clean = await runInProcess(['fmt', '--check', '-c', dir]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('2 files checked: nothing to change.\n');
  });

  it('keeps CRLF line endings, the file mode, and writes through a symbolic link to its target', async () => {
    const dir = await folderWith({ 'real-config.yaml': 'url: https://alist.test\r\n\r\ntoken: abcd-efgh\r\n' });
    await chmod(join(dir, 'real-config.yaml'), 0o600);
    await symlink(join(dir, 'real-config.yaml'), join(dir, 'config.yaml'));
    expect((await runInProcess(['fmt', '-c', dir])).code).toBe(0);
    expect(await readFile(join(dir, 'real-config.yaml'), 'utf8')).toBe('url: https://alist.test\r\ntoken: abcd-efgh\r\n');
    expect((await stat(join(dir, 'real-config.yaml'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'config.yaml'))).isFile()).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['config.yaml', 'real-config.yaml']);
  });

  it('says where it looked when there is no config.yaml', async () => {
    const dir = await folderWith({ 'notes.txt': 'x\n' });
    const result = await runInProcess(['fmt', '-c', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: ${join(dir, 'config.yaml')}: no such file`);
  });
});
