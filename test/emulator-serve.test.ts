// The emulator's command line (part of `npm run demo` and the benchmarks): --help says what it takes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';

const SERVE = join(REPO_ROOT, 'dist-test', 'emulator', 'serve.js');

describe('emulator command line', () => {
  it('answers --help with its options and exits 0 without serving', () => {
    const result = spawnSync(process.execPath, [SERVE, '--help'], { encoding: 'utf8', timeout: 10_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: node dist-test/emulator/serve.js [options]');
    for (const option of ['--port <n>', '--latency <ms>', '--seed <n>', '--flavor <name>', '--version <v>', '--base-path <p>', '-h, --help']) {
      expect(result.stdout).toContain(option);
    }
  });

  it('refuses an unknown option and points at --help', () => {
    const result = spawnSync(process.execPath, [SERVE, '--bogus'], { encoding: 'utf8', timeout: 10_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stderr).toContain('(run with --help for usage)');
  });
});
