// The published package (what `npm pack` puts in the tarball) runs on its own: the bin loads the
// bundle in dist/, the bundle and its start-up code are packed, and it needs no node_modules at all
// (its dependencies are inside it). Run against the build `npm test` makes first.
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, childEnv, tempDirs } from './helpers/cli.js';

const run = promisify(execFile);
const tempDir = tempDirs('alist-batch-pack-');

async function packedFiles(): Promise<string[]> {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT });
  const [pack] = JSON.parse(stdout) as { files: { path: string }[] }[];
  return (pack?.files ?? []).map((f) => f.path).sort();
}

describe('the published package', () => {
  it('packs the bin, the start-up code and the bundle, no sources; the bundle needs only Node built-ins', async () => {
    const files = await packedFiles();
    expect(files).toEqual(
      expect.arrayContaining(['README.md', 'package.json', 'bin/alist-batch.js', 'dist/boot.js', 'dist/alist-batch.cjs', 'dist/build-id', 'dist/LICENSES.txt']),
    );
    expect(files.filter((f) => f.startsWith('src/') || f.endsWith('.ts'))).toEqual([]);
    for (const file of files.filter((f) => /^(dist|bin)\/.*\.c?js$/.test(f))) {
      const text = await readFile(join(REPO_ROOT, file), 'utf8');
      const loaded = [...text.matchAll(/(?:from|import\(|require\()\s*["']([\w./:@-]+)["']/g)].map((m) => m[1] ?? '');
      // Node's own modules, and files that are packed too: nothing from node_modules.
      for (const specifier of loaded) {
        if (specifier.startsWith('node:') || ['buffer', 'process'].includes(specifier)) continue;
        expect([file, specifier.startsWith('.') && files.includes(join(dirname(file), specifier))]).toEqual([file, true]);
      }
    }
  });

  it('runs from the unpacked files alone, without node_modules: --version, validate', async () => {
    const dir = await tempDir();
    for (const file of await packedFiles()) {
      await mkdir(join(dir, dirname(file)), { recursive: true });
      await cp(join(REPO_ROOT, file), join(dir, file));
    }
    const env = childEnv();
    const version = await run(process.execPath, [join(dir, 'bin', 'alist-batch.js'), '--version'], { cwd: dir, env });
    const { version: expected } = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout).toBe(`${expected}\n`);
    const validate = await run(process.execPath, [join(dir, 'bin', 'alist-batch.js'), 'validate', '-c', join(REPO_ROOT, 'examples')], { cwd: dir, env });
    expect(validate.stdout).toMatch(/config\.yaml: valid, 11 mounts/);
  });
});
