// The two ways the tests run the CLI: the published entry point as a child process, and runCli
// inside the test process. The second must behave like the first and leave the process as it was.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runBuiltCli, runInProcess } from './helpers/cli.js';

const packageVersion = async (): Promise<string> => (JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('the published entry point (built CLI)', () => {
  it('--version prints the package version and nothing else', async () => {
    const run = await runBuiltCli(['--version']);
    expect(run).toEqual({ code: 0, signal: null, stdout: `${await packageVersion()}\n`, stderr: '' });
  });
});

describe('runInProcess', () => {
  it('gives what the built CLI gives: the same exit code, stdout and stderr', async () => {
    const args = ['validate', '--json', '-c', join(REPO_ROOT, 'examples')];
    const [inProcess, built] = await Promise.all([runInProcess(args), runBuiltCli(args)]);
    expect(inProcess).toEqual(built);
    expect(inProcess.code).toBe(0);
  });

  it('leaves the test process as it found it: environment, signal handlers, exit code', async () => {
    const env = { ...process.env };
    const sigintListeners = process.listenerCount('SIGINT');
    const run = await runInProcess(['plan', '-c', join(REPO_ROOT, 'examples')], { env: { ALIST_URL: 'http://127.0.0.1:9', ALIST_OTP: '123456' } });
    expect(run.code).toBe(1);
    expect(process.env).toEqual(env);
    expect(process.listenerCount('SIGINT')).toBe(sigintListeners);
    expect(process.exitCode).toBeUndefined();
  });

  it('gives standard input to --password-stdin, and an empty one when there is no input', async () => {
    const config = join(REPO_ROOT, 'examples', 'config.yaml');
    expect((await runInProcess(['validate', '--password-stdin', '-c', config], { input: 'pw-from-stdin\n' })).code).toBe(0);
    const empty = await runInProcess(['plan', '--password-stdin', '-c', config]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('--password-stdin: standard input was empty');
  });
});
