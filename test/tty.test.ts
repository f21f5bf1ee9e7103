// What a person sees at a terminal: the spinner, colours and the --prune confirmation exist only when
// stderr/stdin are a TTY, which the pipe-based tests cannot give. Here the built CLI runs under a
// pseudo-terminal made by util-linux script(1) (Debian's essential bsdutils, so CI has it).
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_PASSWORD, ALI_SHARE, MOUNT_PATHS, additionOf, configYaml, workspaces, type Workspace } from './e2e-support.js';
import type { Emulator } from './emulator/index.js';
import { emulatorLifecycle } from './emulator-support.js';
import { BUILT_CLI, childEnv } from './helpers/cli.js';

const CONFIRM_PROMPT = "Only 'yes' is accepted:";
/** Any SGR sequence (colour, bold, dim). */
const SGR = /\x1b\[[0-9;]*m/;
/** A foreground colour (the plan's + ~ -, error:, the spinner frame). */
const FOREGROUND_COLOR = /\x1b\[3[0-7]m/;

const scriptMissing = utilLinuxScriptMissing();

interface TerminalRun {
  code: number | null;
  /** stdout and stderr as the terminal received them, control codes and \r\n included. */
  screen: string;
  /** The same without colour and style codes, for reading the words. */
  text: string;
}

interface TerminalOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Typed at the keyboard once `after` has appeared on the screen. */
  type?: { after: string; text: string };
  timeoutMs?: number;
  /** The terminal's width (default 200). */
  columns?: number;
}

/** Why the TTY tests cannot run here, or undefined when util-linux script(1) is available. */
function utilLinuxScriptMissing(): string | undefined {
  const probe = spawnSync('script', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0 || !probe.stdout.includes('util-linux')) {
    return 'util-linux script(1) is not installed: these tests need it to give the CLI a pseudo-terminal';
  }
  return undefined;
}

/** The text without colour and style codes (the other control codes stay). */
function withoutStyles(screen: string): string {
  return screen.replace(new RegExp(SGR.source, 'g'), '');
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Runs `node bin/alist-batch.js ...args` with stdin, stdout and stderr on a pseudo-terminal.
 * The terminal gets a size first: with script's default of 0 columns the spinner cannot draw.
 */
function runInTerminal(args: readonly string[], options: TerminalOptions): Promise<TerminalRun> {
  const cli = [process.execPath, BUILT_CLI, ...args].map(shellQuote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', `stty cols ${options.columns ?? 200} rows 50 && exec ${cli}`, '/dev/null'], {
      cwd: options.cwd,
      // A terminal that can show colour; no CI (it turns the spinner off), no NO_COLOR (childEnv sets it).
      env: childEnv({ TERM: 'xterm-256color', NO_COLOR: undefined, CI: undefined, ...options.env }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    let typed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      screen += chunk;
      if (options.type && !typed && screen.includes(options.type.after)) {
        typed = true;
        child.stdin.write(options.type.text);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 45_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen, text: withoutStyles(screen) });
    });
    // stdin stays open until the CLI exits: script(1) would pass an early end of input on as EOF.
  });
}

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

function runCliInTerminal(ws: Workspace, emu: Emulator, args: readonly string[], options: Omit<TerminalOptions, 'cwd'> = {}): Promise<TerminalRun> {
  return runInTerminal(args, { ...options, cwd: ws.dir, env: { ALIST_URL: emu.url, E2E_ADMIN_PASSWORD: ADMIN_PASSWORD, ...options.env } });
}

/** A server that already has the eight standard storages; the workspace then drops Deep Ocean. */
async function serverWithOneOrphan(): Promise<{ emu: Emulator; ws: Workspace }> {
  const emu = await startEmulator({ users: [ADMIN] });
  const ws = await workspace();
  expect((await ws.run(emu, ['apply'])).code).toBe(0);
  await ws.write({ 'ali_share.yaml': ALI_SHARE.replace(/^TV\/Documentaries:\n.*\n/m, '') });
  return { emu, ws };
}

describe.skipIf(scriptMissing !== undefined)(`on a terminal${scriptMissing ? ` (skipped: ${scriptMissing})` : ''}`, { timeout: 60_000 }, () => {
  describe('apply progress', () => {
    it('prints plain progress lines, no spinner, with --json even on a terminal', async () => {
      const emu = await startEmulator({ users: [ADMIN] });
      const ws = await workspace();
      const run = await runCliInTerminal(ws, emu, ['apply', '--json', '--yes']);
      expect(run.code).toBe(0);
      expect(run.text).toMatch(/\[8\/8\] created \//);
      expect(run.text).not.toContain('applied');
      expect(run.screen).not.toContain('\x1b[?25l'); // the spinner hides the cursor
    });

    it('shows "N/M applied" on a spinner instead of one line per storage, and clears it before the summary', async () => {
      const emu = await startEmulator({ users: [ADMIN], latencyMs: 20 });
      const ws = await workspace();

      const run = await runCliInTerminal(ws, emu, ['apply', '--concurrency', '2', '--yes']);

      expect(run.code).toBe(0);
      expect(
        emu
          .rows()
          .map((r) => r.mount_path)
          .sort(),
      ).toEqual(MOUNT_PATHS);
      expect(run.text).toContain('8/8 applied');
      // Without a terminal each success is a line "[3/8] created /..."; on one, only the counter moves.
      expect(run.text).not.toMatch(/\[\d+\/8\] created/);
      const afterLastFrame = run.text.slice(run.text.lastIndexOf('8/8 applied'));
      const summaryAt = afterLastFrame.indexOf('Apply complete: 8 created, 0 updated, 0 deleted, 0 unchanged, 0 failed.');
      expect(summaryAt).toBeGreaterThan(0);
      // The spinner line is erased (EL: ESC [ K / 0K / 2K) before the summary is printed.
      expect(afterLastFrame.slice(0, summaryAt)).toMatch(/\x1b\[[02]?K/);
    });

    it('prints a failure as a line of its own above the spinner, and never erases it', async () => {
      const emu = await startEmulator({
        users: [ADMIN],
        latencyMs: 20,
        initFailures: [{ mountPath: '/Teams/Contoso/Alice', message: 'invalid client secret' }],
      });
      const ws = await workspace();

      const run = await runCliInTerminal(ws, emu, ['apply', '--concurrency', '2', '--yes']);

      expect(run.code).toBe(1);
      const failure = /\[\d\/8\] FAILED create \/Teams\/Contoso\/Alice: [^\r\n]*invalid client secret\r\n/.exec(run.text);
      expect(failure).not.toBeNull();
      const afterFailure = run.text.slice((failure?.index ?? 0) + (failure?.[0].length ?? 0));
      // The spinner redraws only its own line: nothing moves the cursor up over the failure.
      expect(afterFailure).not.toMatch(/\x1b\[\d*A/);
      expect(afterFailure).toContain('Apply incomplete: 7 created');
    });
  });

  describe('connect spinner', () => {
    it('says what it waits for while connecting, logging in and reading storages, and clears it before the plan', async () => {
      const emu = await startEmulator({ users: [ADMIN], latencyMs: 300 });
      const ws = await workspace();
      const run = await runCliInTerminal(ws, emu, ['plan']);
      expect(run.code).toBe(0);
      expect(run.text).toContain(`connecting to ${emu.url}…`);
      expect(run.text).toContain('logging in as "admin"…');
      expect(run.text).toContain('reading storages…');
      const afterLastFrame = run.text.slice(run.text.lastIndexOf('reading storages…'));
      const planAt = afterLastFrame.indexOf('alist-batch will perform the following actions:');
      expect(planAt).toBeGreaterThan(0);
      expect(afterLastFrame.slice(0, planAt)).toMatch(/\x1b\[[02]?K/);
    });
  });

  describe('colour', () => {
    it('colours the plan on a terminal', async () => {
      const emu = await startEmulator({ users: [ADMIN] });
      const ws = await workspace();
      const run = await runCliInTerminal(ws, emu, ['plan']);
      expect(run.code).toBe(0);
      expect(run.text).toContain('Plan: 8 to create');
      expect(run.screen).toMatch(FOREGROUND_COLOR);
    });

    it.each([
      { how: 'NO_COLOR=1', args: [] as string[], env: { NO_COLOR: '1' } },
      { how: '--no-color', args: ['--no-color'], env: {} },
      { how: 'TERM=dumb', args: [], env: { TERM: 'dumb' } },
    ])('prints no colour or style codes in the plan with $how', async ({ args, env }) => {
      const emu = await startEmulator({ users: [ADMIN] });
      const ws = await workspace();
      const run = await runCliInTerminal(ws, emu, ['plan', ...args], { env });
      expect(run.code).toBe(0);
      expect(run.text).toContain('Plan: 8 to create');
      expect(run.text).toContain('  + /Movies/Harbour Lights');
      expect(run.screen).not.toMatch(SGR);
    });

    it('keeps the whole apply, spinner included, free of colour with --no-color', async () => {
      const emu = await startEmulator({ users: [ADMIN] });
      const ws = await workspace();
      const run = await runCliInTerminal(ws, emu, ['apply', '--no-color', '--yes']);
      expect(run.code).toBe(0);
      expect(run.text).toContain('8/8 applied');
      expect(run.screen).not.toMatch(SGR);
    });

    it('colours error: on a terminal, and not with NO_COLOR=1', async () => {
      const emu = await startEmulator({ users: [ADMIN] });
      const ws = await workspace();
      await ws.write({ 'pik_share.yaml': 'Music/Live:\n    Rooftop: https://example.com/not-a-share\n' });
      const coloured = await runCliInTerminal(ws, emu, ['validate']);
      const plain = await runCliInTerminal(ws, emu, ['validate'], { env: { NO_COLOR: '1' } });
      expect(coloured.code).toBe(1);
      expect(plain.code).toBe(1);
      expect(coloured.screen).toMatch(/\x1b\[31merror:/);
      expect(plain.text).toContain('error: 1 problem found in the configuration; nothing was sent to the server.');
      expect(plain.screen).not.toMatch(SGR);
    });
  });

  describe('apply --prune confirmation', () => {
    it('asks on the terminal, and "yes" deletes the storage alist-batch created and nothing else', async () => {
      const { emu, ws } = await serverWithOneOrphan();
      emu.insertRow({ mount_path: '/Hand/Made', driver: 'PikPakShare', remark: 'made in the web UI', addition: '{"share_id":"VNhand"}' });

      const run = await runCliInTerminal(ws, emu, ['apply', '--prune'], { type: { after: CONFIRM_PROMPT, text: 'yes\r' } });

      expect(run.text).toContain('--prune deletes 1 storage:');
      expect(run.text).toMatch(/ {2}- \/TV\/Documentaries\/Deep Ocean \(AliyundriveShare, id \d+\)/);
      expect(run.text).toContain(`Apply this change, deleting 1 storage? (yes/no) ${CONFIRM_PROMPT}`);
      expect(run.code).toBe(0);
      expect(run.text).toContain('Apply complete: 0 created, 0 updated, 1 deleted, 7 unchanged, 0 failed.');
      expect(emu.row('/TV/Documentaries/Deep Ocean')).toBeUndefined();
      expect(emu.row('/Hand/Made')).toBeDefined();
      expect(emu.rows()).toHaveLength(8);
    });

    it.each([
      { answer: 'no', text: 'no\r' },
      { answer: 'an empty line', text: '\r' },
    ])('changes nothing and exits 1 when the answer is $answer', async ({ text }) => {
      const { emu, ws } = await serverWithOneOrphan();
      // A pending update too: cancelling must hold back every change, not only the deletion.
      await ws.write({
        'ali_share.yaml':
          'Movies:\n    Harbour Lights: https://www.alipan.com/s/ShareHarbour2?pwd=new1\n    Night Train: https://www.aliyundrive.com/s/ShareNight1/folder/64a0000000000001\n',
      });
      emu.resetStats();

      const run = await runCliInTerminal(ws, emu, ['apply', '--prune'], { type: { after: CONFIRM_PROMPT, text } });

      expect(run.text).toContain('Plan: 0 to create, 1 to update, 1 to delete, 6 unchanged.');
      expect(run.code).toBe(1);
      expect(run.text).toContain('Apply cancelled; nothing was changed.');
      expect(emu.writeCount()).toBe(0);
      expect(emu.row('/TV/Documentaries/Deep Ocean')).toBeDefined();
      expect(additionOf(emu, '/Movies/Harbour Lights')).toMatchObject({ share_pwd: 'k3y9' });
    });

    it('names server-made storages escaped in the question, so a name cannot hide or fake a line of it', async () => {
      const { emu, ws } = await serverWithOneOrphan();
      const hostile = ['/Hostile/cr\rhidden', '/Hostile/esc\u001b[2Kgone', '/Hostile/nl\n  - /Fake/line (PikPakShare, id 99)', '/Hostile/bidi\u202etxt.exe'];
      for (const path of hostile) emu.insertRow({ mount_path: path, driver: 'PikPakShare', remark: 'managed-by: alist-batch', addition: '{"share_id":"VNx"}' });

      // --json: the plan is not on the screen, only the question's own list.
      const run = await runCliInTerminal(ws, emu, ['apply', '--prune', '--json'], { type: { after: CONFIRM_PROMPT, text: 'no\r' } });

      expect(run.text).toContain('--prune deletes 5 storages:');
      for (const shown of [
        '/Hostile/cr\\rhidden',
        '/Hostile/esc\\u001b[2Kgone',
        '/Hostile/nl\\n  - /Fake/line (PikPakShare, id 99)',
        '/Hostile/bidi\\u202etxt.exe',
      ]) {
        expect(run.text).toContain(`  - ${shown} (PikPakShare, id `);
      }
      for (const raw of ['cr\rhidden', 'esc\u001b[2K', 'nl\n', 'nl\r\n', '\u202e']) expect(run.screen).not.toContain(raw);
      expect(run.code).toBe(1);
      for (const path of hostile) expect(emu.row(path)).toBeDefined();
    });

    it('does not ask with --yes', async () => {
      const { emu, ws } = await serverWithOneOrphan();
      const run = await runCliInTerminal(ws, emu, ['apply', '--prune', '--yes']);
      expect(run.code).toBe(0);
      expect(run.text).not.toContain(CONFIRM_PROMPT);
      expect(emu.row('/TV/Documentaries/Deep Ocean')).toBeUndefined();
    });
  });
});

describe.skipIf(scriptMissing !== undefined)('interrupting, confirming and odd terminals', { timeout: 60_000 }, () => {
  it('Ctrl-C during the spinner stops the apply: message, exit 130, and a rerun converges', async () => {
    const emu = await startEmulator({ users: [ADMIN], latencyMs: 300 });
    const ws = await workspace();
    const run = await runCliInTerminal(ws, emu, ['apply', '--concurrency', '1', '--yes'], { type: { after: '1/8 applied', text: '\x03' } });
    expect(run.text).toContain('Interrupted: finishing the requests in flight, starting no new ones');
    expect(run.code).toBe(130);
    // The storages not attempted are listed once, in the summary, not each as a line of progress.
    expect(run.text).not.toMatch(/\] skipped \//);
    expect(run.text.match(/Skipped \(\d+\):/g)).toHaveLength(1);
    expect(emu.rows().length).toBeLessThan(8);
    emu.setLatency(0);
    const rerun = await ws.run(emu, ['apply']);
    expect(rerun.code).toBe(0);
    expect(
      emu
        .rows()
        .map((r) => r.mount_path)
        .sort(),
    ).toEqual(MOUNT_PATHS);
  });

  it('NO_COLOR=1 keeps the spinner frame free of colour too', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const run = await runCliInTerminal(ws, emu, ['apply', '--yes'], { env: { NO_COLOR: '1' } });
    expect(run.code).toBe(0);
    expect(run.text).toContain('8/8 applied');
    expect(run.screen).not.toMatch(SGR);
  });

  it('"y" does not confirm: the prompt says only \'yes\' is accepted', async () => {
    const { emu, ws } = await serverWithOneOrphan();
    const run = await runCliInTerminal(ws, emu, ['apply', '--prune'], { type: { after: CONFIRM_PROMPT, text: 'y\r' } });
    expect(run.code).toBe(1);
    expect(emu.row('/TV/Documentaries/Deep Ocean')).toBeDefined();
  });

  it('Ctrl-C at the confirmation exits 130 on a fresh line', async () => {
    const { emu, ws } = await serverWithOneOrphan();
    const run = await runCliInTerminal(ws, emu, ['apply', '--prune'], { type: { after: CONFIRM_PROMPT, text: '\x03' } });
    expect(run.code).toBe(130);
    expect(run.text).not.toMatch(/accepted: [^\r\n]*error:/);
    expect(emu.row('/TV/Documentaries/Deep Ocean')).toBeDefined();
  });

  it('does not hang on a terminal that reports 0 columns (script(1) without a size, docker run -t before a resize)', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const run = await runCliInTerminal(ws, emu, ['apply', '--yes'], { columns: 0, timeoutMs: 20_000 });
    expect(run.code).toBe(0);
    expect(emu.rows()).toHaveLength(8);
  });
});

describe.skipIf(scriptMissing !== undefined)('apply asks before changing, as Terraform does', { timeout: 60_000 }, () => {
  it('shows the plan, asks "Apply these 8 changes?", and "yes" creates them', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const run = await runCliInTerminal(ws, emu, ['apply'], { type: { after: CONFIRM_PROMPT, text: 'yes\r' } });
    expect(run.text).toContain(`Apply these 8 changes? (yes/no) ${CONFIRM_PROMPT}`);
    expect(run.text.indexOf('Plan: 8 to create')).toBeLessThan(run.text.indexOf('Apply these 8 changes?'));
    expect(run.code).toBe(0);
    expect(emu.rows()).toHaveLength(8);
  });

  it.each(['no\r', 'y\r', '\r'])('changes nothing and exits 1 when the answer is %j', async (text) => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const run = await runCliInTerminal(ws, emu, ['apply'], { type: { after: CONFIRM_PROMPT, text } });
    expect(run.code).toBe(1);
    expect(run.text).toContain('Apply cancelled; nothing was changed.');
    expect(emu.rows()).toHaveLength(0);
  });

  it('does not ask with --yes, nor when there is nothing to change', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const first = await runCliInTerminal(ws, emu, ['apply', '--yes']);
    expect(first.code).toBe(0);
    expect(first.text).not.toContain(CONFIRM_PROMPT);
    expect(emu.rows()).toHaveLength(8);
    const again = await runCliInTerminal(ws, emu, ['apply']);
    expect(again.code).toBe(0);
    expect(again.text).toContain('No changes');
    expect(again.text).not.toContain(CONFIRM_PROMPT);
  });

  it('asks one question when an update and a deletion are both pending', async () => {
    const { emu, ws } = await serverWithOneOrphan();
    await ws.write({
      'ali_share.yaml':
        'Movies:\n    Harbour Lights: https://www.alipan.com/s/ShareHarbour2?pwd=new1\n    Night Train: https://www.aliyundrive.com/s/ShareNight1/folder/64a0000000000001\n',
    });
    const run = await runCliInTerminal(ws, emu, ['apply', '--prune'], { type: { after: CONFIRM_PROMPT, text: 'yes\r' } });
    expect(run.code).toBe(0);
    expect(run.text.split(CONFIRM_PROMPT)).toHaveLength(2);
    expect(run.text).toContain(`Apply these 2 changes, deleting 1 storage? (yes/no) ${CONFIRM_PROMPT}`);
    expect(emu.row('/TV/Documentaries/Deep Ocean')).toBeUndefined();
    expect(additionOf(emu, '/Movies/Harbour Lights')).toMatchObject({ share_pwd: 'new1' });
  });
});

describe.skipIf(scriptMissing !== undefined)('the password is asked for on a terminal', { timeout: 60_000 }, () => {
  /** config.yaml of the standard files without auth.password (and no ALIST_PASSWORD). */
  const withoutPassword = (yaml: string): string => yaml.replace(/^ {4}password: .*\n/m, '');

  it('asks without echo when no password is configured, and signs in with what was typed', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'config.yaml': withoutPassword(configYaml()) });
    const validated = await runCliInTerminal(ws, emu, ['validate']);
    expect(validated.code).toBe(0);

    const run = await runCliInTerminal(ws, emu, ['apply', '--yes'], { type: { after: 'Password for "admin" at', text: `${ADMIN_PASSWORD}\r` } });

    expect(run.text).toContain(`Password for "admin" at ${emu.url}: `);
    expect(run.code).toBe(0);
    expect(emu.rows()).toHaveLength(8);
    expect(run.screen).not.toContain(ADMIN_PASSWORD);
  });

  it('a wrong password typed is refused by the server, and still not shown', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'config.yaml': withoutPassword(configYaml()) });
    const run = await runCliInTerminal(ws, emu, ['plan'], { type: { after: 'Password for', text: 'not-the-password-91\r' } });
    expect(run.code).toBe(1);
    expect(run.screen).not.toContain('not-the-password-91');
    // The refusal says where the password came from: typed, not a stale file or variable.
    expect(run.screen).toContain('password from the prompt).');
    expect(emu.rows()).toHaveLength(0);
  });

  it('Ctrl-C at the password prompt exits 130 and sends nothing', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'config.yaml': withoutPassword(configYaml()) });
    const run = await runCliInTerminal(ws, emu, ['apply', '--yes'], { type: { after: 'Password for', text: '\x03' } });
    expect(run.code).toBe(130);
    expect(emu.rows()).toHaveLength(0);
  });
});

describe.skipIf(scriptMissing !== undefined)('a replacement is confirmed like a deletion', { timeout: 60_000 }, () => {
  it('names it above the question; "no" leaves the old storage', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    await ws.write({
      'pik_share.yaml': 'Music/Live:\n    Rooftop: https://mypikpak.com/s/VNRoof01/VNFolder01\n',
      'ali_share.yaml': `${ALI_SHARE}Music/Live:\n    Winter: https://www.aliyundrive.com/s/ShareWinter9\n`,
    });
    const id = emu.row('/Music/Live/Winter')?.id;
    const run = await runCliInTerminal(ws, emu, ['apply', '--json'], { type: { after: CONFIRM_PROMPT, text: 'no\r' } });
    expect(run.text).toContain('apply replaces 1 storage (deleted, then created with another driver):');
    expect(run.text).toContain(`  -/+ /Music/Live/Winter (PikPakShare → AliyundriveShare, id ${id})`);
    expect(run.text).toContain(`Apply this change, replacing 1 storage? (yes/no) ${CONFIRM_PROMPT}`);
    expect(run.code).toBe(1);
    expect(emu.row('/Music/Live/Winter')?.driver).toBe('PikPakShare');
  });
});
