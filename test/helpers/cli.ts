import { afterEach } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The repository root (test/helpers/../..). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The published entry point; it runs dist/, so build first (`npm test` does). */
export const BUILT_CLI = join(REPO_ROOT, 'bin', 'alist-batch.js');

export interface CliRunOptions {
  /** Working directory of the child (default: the repository root). */
  cwd?: string;
  /** Added to the child's environment (see `childEnv`); a value of undefined removes a variable. */
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed (default: closed at once, empty). */
  input?: string;
  /** Kill the child after this many ms (default 20 s): a hung CLI fails the test instead of the run. */
  timeoutMs?: number;
}

export interface CliResult {
  /** Exit code; null only if the child was killed by a signal (`signal` says which). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Where the built CLI keeps its code cache during the tests (src/boot.ts): one folder for the whole
 * run, so that the cache is filled and used as in real life, but never the developer's own.
 */
export const TEST_CODE_CACHE_DIR = join(tmpdir(), `alist-batch-test-code-cache-${process.getuid?.() ?? 'user'}`);

/**
 * The child's environment: this process's, without the ALIST_* variables a developer may have set
 * (they would change what the files mean), with NO_COLOR=1 so output is plain, the code cache in
 * TEST_CODE_CACHE_DIR, plus `extra`.
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('ALIST_') && key !== 'FORCE_COLOR') env[key] = value;
  }
  env.NO_COLOR = '1';
  env.ALIST_BATCH_CACHE_DIR = TEST_CODE_CACHE_DIR;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs `node bin/alist-batch.js ...args` as a child process and collects what it printed. */
export function runBuiltCli(args: readonly string[], options: CliRunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: childEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** What the in-process runner takes: no `cwd` (it is the test process's own), so pass absolute paths. */
export type InProcessRunOptions = Omit<CliRunOptions, 'cwd' | 'timeoutMs'>;

/**
 * Runs the CLI's `runCli` inside this process, with in-memory streams that are no terminal, and the
 * environment `runBuiltCli` would give a child. Much faster than a child process; use the built
 * CLI for what is about the process itself (signals, the terminal, the published entry point).
 * Relative paths would resolve against the test process's folder: pass absolute ones.
 */
export async function runInProcess(args: readonly string[], options: InProcessRunOptions = {}): Promise<CliResult> {
  const stdout = collector();
  const stderr = collector();
  const stdin = Readable.from(options.input === undefined || options.input === '' ? [] : [Buffer.from(options.input)]);
  // Imported here, not on top: files that only spawn the built CLI need not load the sources.
  const { runCli } = await import('../../src/main.js');
  const code = await runCli([process.execPath, BUILT_CLI, ...args], { stdout: stdout.stream, stderr: stderr.stream, stdin, env: childEnv(options.env) });
  return { code, signal: null, stdout: stdout.text(), stderr: stderr.text() };
}

/** A Writable that keeps what is written to it, as the text a pipe would carry. */
function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/**
 * For a test file's top level: a function that makes a fresh temporary folder, each removed after
 * the test that made it.
 */
export function tempDirs(prefix?: string): () => Promise<string> {
  const removals: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(removals.splice(0).map((remove) => remove()));
  });
  return async () => {
    const { dir, remove } = await makeTempDir(prefix);
    removals.push(remove);
    return dir;
  };
}

/** A fresh temporary folder, and a way to remove it (call it in afterEach/afterAll). */
export async function makeTempDir(prefix = 'alist-batch-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes files (name -> text) below `dir`, creating folders as needed. */
export async function writeFiles(dir: string, files: Readonly<Record<string, string>>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
}
