// `init` in a folder that holds surprises: every target is checked before anything is written, a
// symbolic link is never followed, and a refusal leaves the folder exactly as it was.
import { execFile, execFileSync } from 'node:child_process';
import { lstat, mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_CLI, childEnv, runBuiltCli, runInProcess, tempDirs } from './helpers/cli.js';

const tempDir = tempDirs();

const NAMES = ['config.yaml', 'ali_share.yaml', 'pik_share.yaml', 'onedrive_app.yaml', 'shares.yaml', 'storages.yaml'];
const KEEP = 'Mine:\n    Kept: https://mypikpak.com/s/VNmine\n';

describe('alist-batch init with links and odd files among its targets', () => {
  it('a dangling symbolic link among the targets: refused before anything is written (built CLI)', async () => {
    const dir = await tempDir();
    await symlink(join(dir, 'nowhere.yaml'), join(dir, 'pik_share.yaml'));
    const run = await runBuiltCli(['init', '.'], { cwd: dir });
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toBe(
      [
        'error: not overwriting existing pik_share.yaml (a symbolic link); nothing was written',
        'hint: use --force to overwrite them (a symbolic link is replaced by a new file; the file it points to is left as it is), or name another folder',
        '',
      ].join('\n'),
    );
    // Nothing new: no config.yaml, no temporary file, and the link (still dangling) as it was.
    expect(await readdir(dir)).toEqual(['pik_share.yaml']);
    expect(await readlink(join(dir, 'pik_share.yaml'))).toBe(join(dir, 'nowhere.yaml'));
  });

  it('--force replaces a link with a file and never writes through it: the file it points to is unchanged', async () => {
    const dir = await tempDir();
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(elsewhere);
    await writeFile(join(elsewhere, 'precious.yaml'), KEEP);
    await symlink(join(elsewhere, 'precious.yaml'), join(dir, 'ali_share.yaml'));
    await symlink(join(elsewhere, 'missing.yaml'), join(dir, 'config.yaml'));
    const run = await runInProcess(['init', '--force', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        `wrote ${join(dir, 'config.yaml')} (replacing a symbolic link; the file it pointed to is unchanged)`,
        `wrote ${join(dir, 'ali_share.yaml')} (replacing a symbolic link; the file it pointed to is unchanged)`,
        `wrote ${join(dir, 'pik_share.yaml')}`,
        `wrote ${join(dir, 'onedrive_app.yaml')}`,
        `wrote ${join(dir, 'shares.yaml')}`,
        `wrote ${join(dir, 'storages.yaml')}`,
        '',
      ].join('\n'),
    );
    expect(await readFile(join(elsewhere, 'precious.yaml'), 'utf8')).toBe(KEEP);
    expect(await readdir(elsewhere)).toEqual(['precious.yaml']);
    for (const name of NAMES) expect((await lstat(join(dir, name))).isFile()).toBe(true);
    expect((await stat(join(dir, 'config.yaml'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'ali_share.yaml'), 'utf8')).toMatch(/^#/);
    expect((await readdir(dir)).sort()).toEqual([...NAMES, 'elsewhere'].sort());
  });

  it('a directory or a FIFO where a file goes is refused even with --force, and nothing is written or overwritten', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'onedrive_app.yaml'));
    execFileSync('mkfifo', [join(dir, 'ali_share.yaml')]);
    await writeFile(join(dir, 'config.yaml'), 'url: https://mine.test\n');
    for (const args of [
      ['init', dir],
      ['init', '--force', dir],
    ]) {
      const run = await runInProcess(args);
      expect(run).toMatchObject({ code: 1, stdout: '' });
      expect(run.stderr).toBe(
        `error: not replacing ${join(dir, 'ali_share.yaml')} (a FIFO), ${join(dir, 'onedrive_app.yaml')} (a directory) with a file, not even with --force; nothing was written\nhint: move it away, or name another folder\n`,
      );
      expect((await readdir(dir)).sort()).toEqual(['ali_share.yaml', 'config.yaml', 'onedrive_app.yaml']);
      expect(await readFile(join(dir, 'config.yaml'), 'utf8')).toBe('url: https://mine.test\n');
    }
  });

  it('a write that fails part-way leaves nothing new behind; with --force the old files stay as they were (built CLI)', async () => {
    // A file-size limit (ulimit -f 2: 1 or 2 KB, by the shell) makes config.yaml's write (over 2 KB) fail part-way: EFBIG.
    const dir = await tempDir();
    const fresh = await initUnderSizeLimit(dir, ['init', 'new/deeper']);
    expect(fresh).toMatchObject({ code: 1, stdout: '', stderr: 'error: cannot write new/deeper/config.yaml (EFBIG); nothing was written\n' });
    // Not even the folders it created.
    expect(await readdir(dir)).toEqual([]);

    await writeFile(join(dir, 'config.yaml'), 'url: https://mine.test\n');
    await writeFile(join(dir, 'pik_share.yaml'), KEEP);
    const forced = await initUnderSizeLimit(dir, ['init', '--force', '.']);
    expect(forced).toMatchObject({ code: 1, stdout: '', stderr: 'error: cannot write config.yaml (EFBIG); nothing was written\n' });
    expect((await readdir(dir)).sort()).toEqual(['config.yaml', 'pik_share.yaml']);
    expect(await readFile(join(dir, 'config.yaml'), 'utf8')).toBe('url: https://mine.test\n');
    expect(await readFile(join(dir, 'pik_share.yaml'), 'utf8')).toBe(KEEP);
  });
});

/** The built CLI under `ulimit -f 2` (Node ignores SIGXFSZ, so a write past the limit fails with EFBIG). */
function initUnderSizeLimit(cwd: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const command = `ulimit -f 2 && exec "$0" "$@"`;
    execFile('/bin/sh', ['-c', command, process.execPath, BUILT_CLI, ...args], { cwd, env: childEnv() }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}
