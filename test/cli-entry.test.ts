// The two ways the tests run the CLI: the published entry point as a child process, and runCli
// inside the test process. The second must behave like the first and leave the process as it was.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BUILT_CLI, REPO_ROOT, childEnv, runBuiltCli, runInProcess } from './helpers/cli.js';

const packageVersion = async (): Promise<string> => (JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('the published entry point (built CLI)', () => {
  it('--version prints the package version and nothing else', async () => {
    const run = await runBuiltCli(['--version']);
    expect(run).toEqual({ code: 0, signal: null, stdout: `${await packageVersion()}\n`, stderr: '' });
  });

  // The entry point ends the process itself once runCli returns (bin/alist-batch.js says why):
  // whatever is still on its way to a reader that is slow must arrive whole first.
  it('delivers all of a large output to a slow reader before it exits, with the exit code', async () => {
    const dir = await bigOutputWorkspace();
    try {
      const child = spawn(process.execPath, [BUILT_CLI, 'validate', '--json', '-c', join(dir, 'config.yaml')], { env: childEnv() });
      child.stdout.pause();
      child.stderr.pause();
      // Both pipes fill up (the document and the diagnostics are several times a pipe's buffer) while nobody reads.
      await sleep(300);
      const [stdout, stderr, code] = await Promise.all([readAll(child.stdout), readAll(child.stderr), new Promise((resolve) => child.on('close', resolve))]);
      expect(code).toBe(1);
      const document = JSON.parse(stdout) as { error: { diagnostics: unknown[] } };
      expect(document.error.diagnostics).toHaveLength(3000);
      const lines = stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(3001);
      expect(lines.at(-2)).toBe(`${join(dir, 'onedrive_app.yaml')}:3001:16: unknown tenant id 9: onedrive_app.tenants in config.yaml has ids 1, 2`);
      expect(lines.at(-1)).toBe(LAST_LINE);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a reader that goes away early (| head) makes no crash: the run finishes with its own exit code', async () => {
    const dir = await bigOutputWorkspace();
    try {
      const child = spawn(process.execPath, [BUILT_CLI, 'validate', '--json', '-c', join(dir, 'config.yaml')], { env: childEnv() });
      // Read the first chunk of the document, then close the pipe, as `head -1` does.
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      child.stdout.destroy();
      const [stderr, code] = await Promise.all([readAll(child.stderr), new Promise((resolve) => child.on('close', resolve))]);
      expect(code).toBe(1);
      expect(stderr).not.toContain('EPIPE');
      expect(stderr.trimEnd().split('\n').at(-1)).toBe(LAST_LINE);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const LAST_LINE = 'error: 3000 problems found in the configuration; nothing was sent to the server.';

/** config.yaml with two tenants and a list file of 3,000 entries naming a third: 3,000 diagnostics, a ~600 KB --json document. */
async function bigOutputWorkspace(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'alist-batch-big-output-'));
  const tenants = [1, 2].flatMap((id) => [
    `    - id: ${id}`,
    `      client_id: 00000000-0000-4000-8000-00000000000${id}`,
    `      client_secret: s${id}`,
    `      tenant_id: t${id}.onmicrosoft.com`,
  ]);
  await writeFile(
    join(dir, 'config.yaml'),
    ['url: http://127.0.0.1:9', 'token: t', 'onedrive_app:', '  enable: true', '  region: global', '  tenants:', ...tenants, ''].join('\n'),
  );
  const entries = Array.from({ length: 3000 }, (_, i) => `    user ${i}: 9:user${i}@contoso.org`);
  await writeFile(join(dir, 'onedrive_app.yaml'), ['Team:', ...entries, ''].join('\n'));
  return dir;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream) text += String(chunk);
  return text;
}

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
