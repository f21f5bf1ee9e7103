// The code cache of the published entry point (src/boot.ts): filled by a command's first run, used
// by the next, and never trusted or written where it could be someone else's; whatever happens to
// it, the CLI's output is the same. The built CLI, each test with a cache folder of its own.
import { chmod, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeCacheDir } from '../src/boot.js';
import { REPO_ROOT, runBuiltCli, tempDirs, type CliResult } from './helpers/cli.js';

const tempDir = tempDirs('alist-batch-code-cache-');
const EXAMPLES = join(REPO_ROOT, 'examples');
const posixOnly = process.platform === 'win32' ? it.skip : it;

async function buildId(): Promise<string> {
  return (await readFile(join(REPO_ROOT, 'dist', 'build-id'), 'utf8')).trim();
}

async function cacheFileName(command: string, generation = 1): Promise<string> {
  return `${await buildId()}-${process.version}-${process.arch}-${command}.${generation}.bin`;
}

function validate(cacheDir: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runBuiltCli(['validate', '-c', EXAMPLES], { env: { ALIST_BATCH_CACHE_DIR: cacheDir, ...env } });
}

describe('the code cache (built CLI)', () => {
  it("is saved by a command's first three runs, private to the user, then only read: the same output every time", async () => {
    const dir = join(await tempDir(), 'cache');
    const first = await validate(dir);
    expect(first.code).toBe(0);
    const written = await stat(join(dir, await cacheFileName('validate', 1)));
    expect(written.size).toBeGreaterThan(10_000);
    if (process.platform !== 'win32') {
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
      expect(written.mode & 0o777).toBe(0o600);
    }
    // Each of the next two runs reads the newest and saves the next generation in its place.
    for (const generation of [2, 3]) {
      expect(await validate(dir)).toEqual(first);
      expect(await readdir(dir)).toEqual([await cacheFileName('validate', generation)]);
    }
    const last = await stat(join(dir, await cacheFileName('validate', 3)));
    expect(await validate(dir)).toEqual(first);
    expect((await stat(join(dir, await cacheFileName('validate', 3)))).mtimeMs).toBe(last.mtimeMs);
    expect(await readdir(dir)).toEqual([await cacheFileName('validate', 3)]);
  });

  it('a damaged cache changes nothing in the output, and is replaced', async () => {
    const dir = join(await tempDir(), 'cache');
    const expected = await validate('off');
    await mkdir(dir, { mode: 0o700 });
    await writeFile(join(dir, await cacheFileName('validate', 3)), Buffer.alloc(4096, 0x5a), { mode: 0o600 });
    expect(await validate(dir)).toEqual(expected);
    // Refused by V8, so this run saved a first generation in its place.
    expect(await readdir(dir)).toEqual([await cacheFileName('validate', 1)]);
    expect((await stat(join(dir, await cacheFileName('validate', 1)))).size).toBeGreaterThan(10_000);
  });

  posixOnly('a cache in a folder others may write to is neither read nor written', async () => {
    const dir = join(await tempDir(), 'cache');
    await mkdir(dir);
    await chmod(dir, 0o777);
    const file = join(dir, await cacheFileName('validate'));
    await writeFile(file, 'not code', { mode: 0o600 });
    const run = await validate(dir);
    expect(run).toEqual(await validate('off'));
    expect(await readFile(file, 'utf8')).toBe('not code');
    expect(await readdir(dir)).toEqual([await cacheFileName('validate')]);
  });

  it("a new cache removes the caches of other builds, and nothing that is not the cache's", async () => {
    const dir = join(await tempDir(), 'cache');
    await mkdir(dir, { mode: 0o700 });
    const stale = ['0123456789abcdef-v20.0.0-x64-plan.1.bin', `0123456789abcdef-${process.version}-${process.arch}-validate.3.bin`];
    // This build's cache of another command stays.
    const kept = [await cacheFileName('plan', 2), 'notes.txt'];
    for (const name of [...stale, ...kept]) await writeFile(join(dir, name), 'old', { mode: 0o600 });
    expect((await validate(dir)).code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual([await cacheFileName('validate'), ...kept].sort());
  });

  it('ALIST_BATCH_CACHE_DIR=off keeps none; without it, the cache is in the user cache folder', async () => {
    const home = await tempDir();
    const env = { HOME: home, USERPROFILE: home, XDG_CACHE_HOME: undefined, LOCALAPPDATA: undefined };
    expect((await runBuiltCli(['validate', '-c', EXAMPLES], { env: { ...env, ALIST_BATCH_CACHE_DIR: 'off' } })).code).toBe(0);
    expect(await readdir(home)).toEqual([]);
    expect((await runBuiltCli(['validate', '-c', EXAMPLES], { env: { ...env, ALIST_BATCH_CACHE_DIR: undefined } })).code).toBe(0);
    expect(await readdir(codeCacheDir({ ...env, ALIST_BATCH_CACHE_DIR: undefined }) ?? '')).toEqual([await cacheFileName('validate')]);
  });
});

describe('codeCacheDir', () => {
  it('is ALIST_BATCH_CACHE_DIR when given, none for "off", else the platform cache folder', () => {
    expect(codeCacheDir({ ALIST_BATCH_CACHE_DIR: '/somewhere/cache' })).toBe('/somewhere/cache');
    expect(codeCacheDir({ ALIST_BATCH_CACHE_DIR: 'off' })).toBeUndefined();
    if (process.platform === 'linux') {
      expect(codeCacheDir({ XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/alist-batch');
      expect(codeCacheDir({ HOME: '/home/ops' })).toMatch(/\/\.cache\/alist-batch$/);
    }
  });
});
