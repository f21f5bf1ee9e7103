import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, childEnv } from './helpers/cli.js';

// The README's first command is `npm ci && npm run demo`: the script behind it must keep working.
// (npm test builds dist/ and dist-test/ before the tests run, as `npm run demo` does.)
describe('npm run demo', () => {
  it('applies examples/ to the emulator, then plans nothing to change', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'demo.mjs')], { cwd: REPO_ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(out).toContain('a stand-in for a real server');
    expect(out).toContain('Apply complete: 11 created, 0 updated, 0 deleted, 0 unchanged, 0 failed.');
    expect(out).toContain('No changes: the server matches the files.');
    expect(out).toContain('The emulator now holds 11 storages');
    expect(code).toBe(0);
  });
});
