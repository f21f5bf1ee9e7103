// Hostile files: whatever config.yaml or a list file turns out to be (an alias bomb, a directory, a
// FIFO, a device, a symbolic link loop, a huge or non-UTF-8 file), the CLI answers in bounded time
// and memory with a plain message naming the file, exits 1, and sends nothing to the server.
import { execFileSync, spawn } from 'node:child_process';
import { chmod, readFile, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN, configYaml, workspaces } from './e2e-support.js';
import { emulatorLifecycle } from './emulator-support.js';
import { BUILT_CLI, childEnv, runBuiltCli, runInProcess, type CliResult } from './helpers/cli.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

/** The password config.yaml names (else validate reports it missing), for runs outside `ws.run`. */
const FILES_ENV = { E2E_ADMIN_PASSWORD: 'pw-123456' };
/** A child's heap capped well below what an expanded bomb takes (1.6 GB): it would die instead of passing slowly. */
const HEAP_CAP = '--max-old-space-size=96';
/**
 * The bound on the CPU time a hostile file may cost (an unbounded expansion takes minutes). CPU
 * time, not wall time: a loaded CI machine (three test files at once) stretches the latter.
 */
const CPU_BOUND_MS = 5_000;
/** Loaded into the child: writes its CPU time (ms) to $CPU_TIME_FILE when it exits. */
const CPU_REPORTER = `import{writeFileSync}from'node:fs';process.on('exit',()=>{const u=process.cpuUsage();writeFileSync(process.env.CPU_TIME_FILE,String((u.user+u.system)/1000))})`;

/** The built CLI with its heap capped, and the CPU time it used. */
async function boundedRun(run: (env: NodeJS.ProcessEnv) => Promise<CliResult>, dir: string): Promise<{ result: CliResult; cpuMs: number }> {
  const file = join(dir, '.cpu-time');
  const nodeOptions = `${HEAP_CAP} --import=data:text/javascript,${encodeURIComponent(CPU_REPORTER)}`;
  const result = await run({ ...FILES_ENV, NODE_OPTIONS: nodeOptions, CPU_TIME_FILE: file });
  return { result, cpuMs: Number(await readFile(file, 'utf8')) };
}

const problemsLine = (n: number): string => `error: ${n} problem${n === 1 ? '' : 's'} found in the configuration; nothing was sent to the server.`;

describe('YAML aliases', () => {
  it('a billion-laughs config.yaml is refused at the alias in well under the time bound, in a small heap', async () => {
    const ws = await workspace();
    // Nine levels of nine: 387 million copies of "lol" from under 400 bytes.
    const levels = ['    - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [prev, name] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi'].map((p) => [...p]))
      levels.push(`    - &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    await ws.write({ 'config.yaml': `${configYaml()}token:\n${levels.join('\n')}\n` });
    const { result, cpuMs } = await boundedRun((env) => runBuiltCli(['validate'], { cwd: ws.dir, env }), ws.dir);
    expect(result).toMatchObject({ code: 1, signal: null, stdout: '' });
    expect(cpuMs).toBeLessThan(CPU_BOUND_MS);
    // Level e (9^5 = 59,049 copies) is where the 10,000 are spent: at its first alias.
    expect(result.stderr).toBe(
      ['config.yaml:28:11: aliases here copy more than 10,000 values (aliases of aliases multiply): write the values out', problemsLine(1), ''].join('\n'),
    );
  });

  it('an alias inside the value it names is refused, not followed for ever', async () => {
    const ws = await workspace();
    await ws.write({ 'config.yaml': `${configYaml()}token: &t [x, *t]\n` });
    const run = await runInProcess(['validate', '-c', ws.config], { env: FILES_ENV });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`${ws.config}:23:15: alias *t is inside the value it names (&t): it would never end\n${problemsLine(1)}\n`);
  });

  it('a list file of aliases naming a million mounts is refused line by line, fast, and nothing is sent (built CLI)', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const anchored = Array.from({ length: 1000 }, (_, i) => `    Film ${i}: https://www.aliyundrive.com/s/Share${i}`);
    const aliases = Array.from({ length: 1000 }, (_, i) => `Copy ${i}: *all`);
    await ws.write({ 'ali_share.yaml': ['Movies: &all', ...anchored, ...aliases, ''].join('\n') });
    const { result, cpuMs } = await boundedRun((env) => ws.runBuilt(emu, ['apply'], { env }), ws.dir);
    expect(result).toMatchObject({ code: 1, signal: null, stdout: '' });
    expect(cpuMs).toBeLessThan(CPU_BOUND_MS);
    const lines = result.stderr.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'ali_share.yaml:1:9: anchors (&name) are not allowed in list files: delete it (put a value that starts with & in quotes)',
      'ali_share.yaml:1002:9: aliases (*name) are not allowed in list files: write the value out',
      'ali_share.yaml:1003:9: aliases (*name) are not allowed in list files: write the value out',
    ]);
    expect(lines.slice(-3)).toEqual(['ali_share.yaml:2001:11: aliases (*name) are not allowed in list files: write the value out', problemsLine(1001), '']);
    expect(emu.log).toEqual([]);
  });

  it('one alias in a list file is refused too; an anchor alone is reported and the rest still checked', async () => {
    const ws = await workspace();
    await ws.write({ 'pik_share.yaml': 'Music/Live:\n    Rooftop: &r https://mypikpak.com/s/VNRoof01\n    Winter: *r\n' });
    const alias = await runInProcess(['validate', '-c', ws.config], { env: FILES_ENV });
    expect(alias.code).toBe(1);
    expect(alias.stderr).toBe(
      [
        `${ws.dir}/pik_share.yaml:2:14: anchors (&name) are not allowed in list files: delete it (put a value that starts with & in quotes)`,
        `${ws.dir}/pik_share.yaml:3:13: aliases (*name) are not allowed in list files: write the value out`,
        problemsLine(2),
        '',
      ].join('\n'),
    );
    await ws.write({ 'pik_share.yaml': 'Music/Live:\n    Rooftop: &r https://mypikpak.com/s/VNRoof01\n    Winter: https://www.alipan.com/s/X1\n' });
    const anchor = await runInProcess(['validate', '-c', ws.config], { env: FILES_ENV });
    expect(anchor.stderr.split('\n').slice(0, 2)).toEqual([
      `${ws.dir}/pik_share.yaml:2:14: anchors (&name) are not allowed in list files: delete it (put a value that starts with & in quotes)`,
      `${ws.dir}/pik_share.yaml:3:13: not a PikPak share link: "https://www.alipan.com/s/X1" (this is an Aliyun share link; it belongs in another list file)`,
    ]);
  });
});

describe('files that are not regular files', () => {
  /** Each case makes `name` in the workspace into something else; the message that follows "error: <name> ". */
  const cases: [string, (path: string) => Promise<void>, string][] = [
    ['a directory', (p) => mkdirAt(p), 'is a directory, not a file'],
    ['a symbolic link loop', (p) => symlinkLoop(p), 'is a symbolic link loop (or a chain of too many links); it leads to no file'],
    ['a link to /dev/zero', (p) => replaceWithLink('/dev/zero', p), 'is not a regular file (a device); alist-batch reads only regular files'],
    ['a link to /dev/urandom', (p) => replaceWithLink('/dev/urandom', p), 'is not a regular file (a device); alist-batch reads only regular files'],
    ['a FIFO (a plain open would wait for a writer for ever)', (p) => mkfifo(p), 'is not a regular file (a FIFO); alist-batch reads only regular files'],
    ['a dangling symbolic link', (p) => replaceWithLink(`${p}.gone`, p), 'is a symbolic link to a file that does not exist'],
  ];

  for (const name of ['config.yaml', 'ali_share.yaml']) {
    it(`${name}: one plain line per kind, exit 1, no stack trace, no hang (built CLI)`, async () => {
      // A directory named config.yaml is where `validate` looks for one: its own test below.
      const runs = cases
        .filter(([kind]) => name !== 'config.yaml' || kind !== 'a directory')
        .map(async ([kind, make, message]) => {
          const ws = await workspace();
          await make(join(ws.dir, name));
          // A hang (the FIFO) is killed at 40 s: signal SIGKILL, and the test fails.
          const result = await runBuiltCli(['validate'], { cwd: ws.dir, timeoutMs: 40_000, env: { NODE_OPTIONS: HEAP_CAP } });
          return { kind, result, expected: { code: 1, signal: null, stdout: '', stderr: `error: ${name} ${message}\n` } };
        });
      for (const { kind, result, expected } of await Promise.all(runs)) expect({ kind, ...result }).toEqual({ kind, ...expected });
    }, 60_000);
  }

  it('plan and apply stop there too: a FIFO list file sends nothing to the server (built CLI)', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await mkfifo(join(ws.dir, 'onedrive_app.yaml'));
    const run = await ws.runBuilt(emu, ['apply', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      format_version: 1,
      command: 'apply',
      error: { message: 'onedrive_app.yaml is not a regular file (a FIFO); alist-batch reads only regular files' },
    });
    expect(emu.log).toEqual([]);
  });

  it('a directory named config.yaml: says so, whether it is named or looked in (built CLI)', async () => {
    const ws = await workspace();
    await mkdirAt(join(ws.dir, 'config.yaml'));
    const hint = 'hint: create one with `alist-batch init`, or name another with -c <path>\n';
    const [byDefault, named] = await Promise.all([runBuiltCli(['validate'], { cwd: ws.dir }), runBuiltCli(['validate', '-c', ws.dir], { cwd: ws.dir })]);
    expect(byDefault).toMatchObject({ code: 1, stdout: '', stderr: `error: config.yaml is a directory, not a file, and holds no config.yaml\n${hint}` });
    expect(named).toMatchObject({ code: 1, stdout: '', stderr: `error: ${ws.dir}/config.yaml is a directory, not a file\n` });
  });

  it('a file it may not read: permission denied, with the path', async (ctx) => {
    const ws = await workspace();
    await chmod(join(ws.dir, 'pik_share.yaml'), 0o000);
    // root reads anything: the CLI then runs as nobody, which needs the workspace and the CLI readable.
    const asNobody = process.getuid?.() === 0;
    if (asNobody) {
      await chmod(ws.dir, 0o755);
      await chmod(ws.config, 0o644);
      if (!nobodyCanRunCli()) ctx.skip();
    }
    const run = await runAs(asNobody ? 65534 : undefined, ['validate', '-c', ws.config]);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toBe(`error: ${ws.dir}/pik_share.yaml: permission denied (alist-batch cannot read it; check its permissions)\n`);
  });
});

describe('size and encoding', () => {
  it('a file over 64 MB is refused before it is read (built CLI)', async () => {
    const ws = await workspace();
    // Sparse: 65 MB that take no disk space.
    await truncate(join(ws.dir, 'ali_share.yaml'), 65 * 1024 * 1024);
    const { result, cpuMs } = await boundedRun((env) => runBuiltCli(['validate'], { cwd: ws.dir, env }), ws.dir);
    expect(result).toMatchObject({ code: 1, signal: null, stdout: '' });
    expect(cpuMs).toBeLessThan(CPU_BOUND_MS);
    expect(result.stderr).toBe('error: ali_share.yaml: larger than 64 MB; alist-batch reads config and list files up to 64 MB\n');
  });

  it('invalid UTF-8 is a problem at its line and column, never a silent U+FFFD', async () => {
    const ws = await workspace();
    // A Latin-1 "é" (0xE9) after "Café" in a name, on line 3; the column counts characters ("Ünï" are one each).
    await writeFile(
      join(ws.dir, 'ali_share.yaml'),
      Buffer.concat([
        Buffer.from('Movies:\n    Night Train: https://www.aliyundrive.com/s/S1\n    Ünï Caf'),
        Buffer.from([0xe9]),
        Buffer.from(': https://www.aliyundrive.com/s/S2\n'),
      ]),
    );
    const run = await runInProcess(['validate', '-c', ws.config], { env: FILES_ENV });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`${ws.dir}/ali_share.yaml:3:12: invalid UTF-8 (byte 0xE9; the file must be UTF-8 text: save it as UTF-8)\n${problemsLine(1)}\n`);

    // config.yaml too; a byte-order mark is not counted, and a truncated sequence at the very end is found.
    await writeFile(ws.config, Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(configYaml()), Buffer.from('token: x'), Buffer.from([0xe2, 0x82])]));
    const config = await runInProcess(['validate', '--json', '-c', ws.config], { env: FILES_ENV });
    expect(config.code).toBe(1);
    expect(JSON.parse(config.stdout)).toMatchObject({
      error: { diagnostics: [{ file: ws.config, line: 23, col: 9, message: 'invalid UTF-8 (byte 0xE2; the file must be UTF-8 text: save it as UTF-8)' }] },
    });
  });

  it('valid UTF-8 with a byte-order mark still reads', async () => {
    const ws = await workspace();
    await writeFile(ws.config, `\uFEFF${configYaml()}`);
    const run = await runInProcess(['validate', '-c', ws.config], { env: FILES_ENV });
    expect(run).toMatchObject({ code: 0, stderr: '' });
  });
});

async function mkdirAt(path: string): Promise<void> {
  const { mkdir, rm } = await import('node:fs/promises');
  await rm(path, { force: true });
  await mkdir(path);
}

async function replaceWithLink(target: string, path: string): Promise<void> {
  const { rm } = await import('node:fs/promises');
  await rm(path, { force: true });
  await symlink(target, path);
}

async function symlinkLoop(path: string): Promise<void> {
  await replaceWithLink(`${path}.loop`, path);
  await symlink(path, `${path}.loop`);
}

async function mkfifo(path: string): Promise<void> {
  const { rm } = await import('node:fs/promises');
  await rm(path, { force: true });
  execFileSync('mkfifo', [path]);
}

function nobodyCanRunCli(): boolean {
  try {
    execFileSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(BUILT_CLI)}, require('fs').constants.R_OK)`], { uid: 65534, gid: 65534 });
    return true;
  } catch {
    return false;
  }
}

/** The built CLI as another user (root only), or as this one. */
function runAs(uid: number | undefined, args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const ids = uid === undefined ? {} : { uid, gid: uid };
    const child = spawn(process.execPath, [BUILT_CLI, ...args], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], ...ids });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
