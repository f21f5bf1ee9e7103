import { realpathSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/errors.js';
import { documentSchema } from '../src/ui/json-document.js';
import { ADMIN, ADMIN_PASSWORD, MOUNT_PATHS, configYaml, workspaces } from './e2e-support.js';
import { emulatorLifecycle } from './emulator-support.js';
import { REPO_ROOT, runBuiltCli, runInProcess, tempDirs, writeFiles } from './helpers/cli.js';

const tempDir = tempDirs();

/** Every secret in examples/config.yaml: none may ever be printed. */
const EXAMPLE_SECRETS = [
  'example-admin-password',
  'example-aliyun-refresh-token-0123456789',
  'example-contoso-client-secret',
  'example-fabrikam-client-secret',
];

// Most tests run the CLI in this process, with absolute paths (so messages show them); those about
// the current folder and relative paths, and the published entry point, run the built CLI.
describe('alist-batch validate', () => {
  it('passes on examples/ with a summary on stdout and nothing on stderr (built CLI)', async () => {
    const result = await runBuiltCli(['validate', '-c', 'examples/config.yaml']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(
      [
        'examples/config.yaml: valid, 11 mounts',
        'by driver:',
        '      4  AliyundriveShare',
        '      3  PikPakShare',
        '      4  OnedriveAPP',
        'by category:',
        '      3  Movies',
        '      2  TV/Documentaries',
        '      2  Music/Live',
        '      2  Teams/Contoso',
        '      2  Teams/Fabrikam',
        '',
      ].join('\n'),
    );
  });

  it('--json prints every storage with secrets masked, and no secret anywhere', async () => {
    const result = await runInProcess(['validate', '--json', '-c', join(REPO_ROOT, 'examples', 'config.yaml')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const doc = documentSchema.parse(JSON.parse(result.stdout));
    expect(doc).toMatchObject({ format_version: 1, command: 'validate', warnings: [] });
    const storages = doc.storages ?? [];
    expect(storages.map((s) => s.mount_path)).toEqual([...storages.map((s) => s.mount_path)].sort());
    expect(storages).toHaveLength(11);
    const carol = storages.find((s) => s.mount_path === '/Teams/Fabrikam/Carol');
    expect(carol?.addition).toEqual({
      root_folder_path: '/',
      region: 'global',
      client_id: '3f2a9c1e-0000-4000-8000-000000000002',
      client_secret: '********',
      tenant_id: '7b1d2e3f-0000-4000-8000-00000000fab1',
      email: 'carol@fabrikam.onmicrosoft.com',
      chunk_size: 5,
      custom_host: '',
    });
    expect(storages.find((s) => s.driver === 'AliyundriveShare')?.addition.refresh_token).toBe('********');
    for (const secret of EXAMPLE_SECRETS) expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it('defaults to ./config.yaml and shows list files as the config directory joined with their name (built CLI)', async () => {
    const dir = await tempDir();
    await cp(join(REPO_ROOT, 'examples'), join(dir, 'conf'), { recursive: true });
    await writeFiles(dir, { 'conf/pik_share.yaml': 'Movies:\n    Bad: https://www.aliyundrive.com/s/AbC\n' });
    const inConf = await runBuiltCli(['validate'], { cwd: join(dir, 'conf') });
    expect(inConf.code).toBe(1);
    expect(inConf.stdout).toBe('');
    expect(inConf.stderr).toBe(
      'pik_share.yaml:2:10: not a PikPak share link: "https://www.aliyundrive.com/s/AbC" (this is an Aliyun share link; it belongs in another list file)\n' +
        'error: 1 problem found in the configuration; nothing was sent to the server.\n',
    );
    const fromParent = await runBuiltCli(['validate', '-c', 'conf/config.yaml'], { cwd: dir });
    expect(fromParent.code).toBe(1);
    expect(fromParent.stderr.split('\n')[0]).toBe(
      'conf/pik_share.yaml:2:10: not a PikPak share link: "https://www.aliyundrive.com/s/AbC" (this is an Aliyun share link; it belongs in another list file)',
    );
  });

  it('-c <folder> (with or without a trailing /) reads the config.yaml in it', async () => {
    const dir = await tempDir();
    await cp(join(REPO_ROOT, 'examples'), join(dir, 'conf'), { recursive: true });
    for (const folder of [`${dir}/conf`, `${dir}/conf/`]) {
      const result = await runInProcess(['validate', '-c', folder]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout.split('\n')[0]).toBe(`${dir}/conf/config.yaml: valid, 11 mounts`);
    }
    await writeFiles(dir, { 'conf/ali_share.yaml': 'Movies:\n    Bad: https://mypikpak.com/s/VN1\n' });
    const invalid = await runInProcess(['validate', '-c', `${dir}/conf/`]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr.split('\n')[0]).toBe(
      `${dir}/conf/ali_share.yaml:2:10: not an Aliyun share link: "https://mypikpak.com/s/VN1" (this is a PikPak share link; it belongs in another list file)`,
    );
    await writeFiles(dir, { 'empty/.keep': '' });
    const missing = await runInProcess(['validate', '-c', `${dir}/empty`]);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe(`error: ${dir}/empty/config.yaml: no such file\nhint: create one with \`alist-batch init\`, or name another with -c <path>\n`);
  });

  it('exits 1 with a hint when config.yaml does not exist (built CLI)', async () => {
    const dir = await tempDir();
    const result = await runBuiltCli(['validate'], { cwd: dir });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    // The folder searched is named: "config.yaml" alone does not say where the command looked.
    expect(result.stderr).toBe(
      `error: config.yaml: no such file (looked in ${realpathSync(dir)})\nhint: create one with \`alist-batch init\`, or name another with -c <path>\n`,
    );
  });

  it('reads secrets from ${NAME} and ALIST_* and never prints them, also not in errors', async () => {
    const dir = await tempDir();
    await cp(join(REPO_ROOT, 'examples'), dir, { recursive: true });
    const config = `url: \${SERVER}\nauth:\n    username: admin\n    password: \${ADMIN_PW}\naliyun:\n    enable: true\n    refresh_token: \${RT}\n`;
    await writeFiles(dir, { 'config.yaml': config });
    const env = {
      SERVER: 'http://127.0.0.1:5244',
      ADMIN_PW: 'pw-from-environment',
      RT: 'refresh-token-from-environment',
      ALIST_TOKEN: 'token-from-environment',
    };
    const ok = await runInProcess(['validate', '--json', '-c', dir], { env });
    expect(ok.code).toBe(0);
    for (const secret of Object.values(env).slice(1)) expect(ok.stdout + ok.stderr).not.toContain(secret);
    const missing = await runInProcess(['validate', '-c', dir], { env: { ...env, RT: undefined } });
    expect(missing.code).toBe(1);
    expect(missing.stderr.split('\n')[0]).toBe(`${dir}/config.yaml:7:20: environment variable RT is not set (used in aliyun.refresh_token)`);
    expect(missing.stdout + missing.stderr).not.toContain('pw-from-environment');
  });

  it('prints the tenant-position warning on stderr and still exits 0', async () => {
    const dir = await tempDir();
    await cp(join(REPO_ROOT, 'examples'), dir, { recursive: true });
    const { readFile, writeFile } = await import('node:fs/promises');
    const config = (await readFile(join(dir, 'config.yaml'), 'utf8')).replace('- id: 1', '- id: 9');
    await writeFile(join(dir, 'config.yaml'), config);
    await writeFiles(dir, { 'onedrive_app.yaml': 'Team:\n    Carol: 2:carol@fabrikam.onmicrosoft.com\n    Dave: 9:dave@contoso.onmicrosoft.com\n' });
    const result = await runInProcess(['validate', '-c', dir]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `${dir}/onedrive_app.yaml:3:5: warning: mount "/Team/Dave" uses the tenant with id 9; alist_batch/openlist_batch read "9:" as the 9th tenant in the list, which is no tenant at all\n`,
    );
    expect(result.stdout.startsWith(`${dir}/config.yaml: valid, 9 mounts\n`)).toBe(true);
  });

  it('counts warnings apart from problems; in --json they are diagnostics with severity "warning"', async () => {
    const dir = await tempDir();
    await cp(join(REPO_ROOT, 'examples'), dir, { recursive: true });
    const { readFile, writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'config.yaml'), (await readFile(join(dir, 'config.yaml'), 'utf8')).replace('- id: 1', '- id: 9'));
    await writeFiles(dir, { 'onedrive_app.yaml': 'Team:\n    Dave: 9:dave@contoso.onmicrosoft.com\n    Erin: 5:erin@contoso.onmicrosoft.com\n' });
    const result = await runInProcess(['validate', '-c', dir]);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(
      `${dir}/onedrive_app.yaml:3:11: unknown tenant id 5: onedrive_app.tenants in config.yaml has ids 2, 9\n` +
        `${dir}/onedrive_app.yaml:2:5: warning: mount "/Team/Dave" uses the tenant with id 9; alist_batch/openlist_batch read "9:" as the 9th tenant in the list, which is no tenant at all\n` +
        'error: 1 problem (and 1 warning) found in the configuration; nothing was sent to the server.\n',
    );
    const json = await runInProcess(['validate', '--json', '-c', dir]);
    const doc = JSON.parse(json.stdout) as { error: { message: string; diagnostics: { line: number; message: string; severity?: string }[] } };
    expect(doc.error.message).toBe('1 problem (and 1 warning) found in the configuration; nothing was sent to the server.');
    expect(doc.error.diagnostics.map((d) => [d.line, d.severity, d.message.split(';')[0]])).toEqual([
      [3, undefined, 'unknown tenant id 5: onedrive_app.tenants in config.yaml has ids 2, 9'],
      [2, 'warning', 'mount "/Team/Dave" uses the tenant with id 9'],
    ]);
  });

  describe('never prints a secret from invalid files, in validate or validate --json', () => {
    const base = (edits: Record<string, string>): string => {
      const lines = ['url: https://alist.test', 'auth:', '    username: admin', '    password: s3cret-admin-pass', 'pikpak:', '    enable: false'];
      return `${lines.map((line) => edits[line.split(':')[0]?.trim() ?? ''] ?? line).join('\n')}\n`;
    };
    const cases: { name: string; config: string; env?: NodeJS.ProcessEnv; secret: string; first: string }[] = [
      {
        name: 'an unknown tag',
        config: base({ password: '    password: !Secr3tPass' }),
        secret: 'Secr3tPass',
        first: 'config.yaml:4:15: the value starts with a YAML special character (! & * | > % @ `): put it in quotes',
      },
      {
        name: 'a block scalar header',
        config: base({ password: '    password: |Secr3tPass' }),
        secret: 'Secr3tPass',
        first: 'config.yaml:4:16: the value starts with a YAML special character (! & * | > % @ `): put it in quotes',
      },
      {
        name: 'an alias',
        config: base({ password: '    password: *Secr3tPass' }),
        secret: 'Secr3tPass',
        first: 'config.yaml:4:15: the value starts with a YAML special character (! & * | > % @ `): put it in quotes',
      },
      {
        name: 'a URL with user-info',
        config: base({ url: 'url: ftp://admin:SuperSecretPw9@host' }),
        secret: 'SuperSecretPw9',
        first: 'config.yaml:1:6: url is not an http:// or https:// URL: "ftp://***@host"',
      },
      {
        name: 'auth given a value',
        config: 'url: https://alist.test\nauth: SuperSecretPw9\n',
        secret: 'SuperSecretPw9',
        first: 'config.yaml:2:7: auth must be a mapping of keys',
      },
      {
        name: 'ALIST_URL with user-info',
        config: base({}),
        env: { ALIST_URL: 'ftp://admin:SuperSecretPw9@host' },
        secret: 'SuperSecretPw9',
        first: 'config.yaml:1:1: ALIST_URL (environment): not an http:// or https:// URL: "ftp://***@host"',
      },
      // The client would refuse these later: validate says so already.
      {
        name: 'an http URL with user-info',
        config: base({ url: 'url: http://bob:SuperSecretPw9@host' }),
        secret: 'SuperSecretPw9',
        first:
          'config.yaml:1:6: url must not contain a user name or password: "http://***@host" (put them in auth.username and auth.password, or ALIST_USERNAME and ALIST_PASSWORD)',
      },
      {
        name: 'an http ALIST_URL with user-info',
        config: base({}),
        env: { ALIST_URL: 'http://bob:SuperSecretPw9@host' },
        secret: 'SuperSecretPw9',
        first:
          'config.yaml:1:1: ALIST_URL (environment): must not contain a user name or password: "http://***@host" (put them in auth.username and auth.password, or ALIST_USERNAME and ALIST_PASSWORD)',
      },
      // The safety net: a message that quotes a value (pasted on the wrong line) still hides the password.
      {
        name: 'the password pasted as another value',
        config: base({ password: '    password: SuperSecretPw9', enable: '    enable: false\n    platform: SuperSecretPw9' }),
        secret: 'SuperSecretPw9',
        first: 'config.yaml:7:15: pikpak.platform must be one of android, web, pc (got "********")',
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const dir = await tempDir();
        await writeFiles(dir, { 'config.yaml': c.config });
        const first = `${dir}/${c.first}`;
        for (const args of [['validate'], ['validate', '--json']]) {
          const result = await runInProcess([...args, '-c', dir], { env: c.env });
          expect(result.code).toBe(1);
          expect(result.stderr.split('\n')[0]).toBe(first);
          expect(result.stdout + result.stderr).not.toContain(c.secret);
          if (args.includes('--json')) {
            // One document on stdout, with the same diagnostics.
            const doc = documentSchema.parse(JSON.parse(result.stdout));
            expect(formatDiagnostic(doc.error?.diagnostics?.[0] ?? { file: '', line: 0, col: 0, message: '' })).toBe(first);
          } else {
            expect(result.stdout).toBe('');
          }
        }
      });
    }
  });
});

describe('plan --password-stdin (emulated server)', () => {
  const startEmulator = emulatorLifecycle();
  const workspace = workspaces();
  const withPassword = (line: string): string => configYaml().replace('    password: ${E2E_ADMIN_PASSWORD}\n', line);

  for (const [name, line] of [
    ['an unset ${NAME}', '    password: ${UNSET_ADMIN_PASSWORD}\n'],
    ['the template placeholder', '    password: PASSWORD\n'],
    ['no password key', ''],
  ]) {
    it(`counts as auth.password, like ALIST_PASSWORD: ${name} in the file is no problem`, async () => {
      const emu = await startEmulator({ users: [ADMIN] });
      const ws = await workspace();
      await ws.write({ 'config.yaml': withPassword(line ?? '') });
      const run = await ws.run(emu, ['plan', '--password-stdin'], { input: `${ADMIN_PASSWORD}\n`, env: { E2E_ADMIN_PASSWORD: undefined } });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      for (const path of MOUNT_PATHS) expect(run.stdout).toContain(path);
      expect(run.stdout).not.toContain(ADMIN_PASSWORD);
      expect(emu.log.some((e) => e.path.startsWith('/api/auth/login'))).toBe(true);
    });
  }

  it('without it, a missing password says how to give one', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'config.yaml': withPassword('') });
    const run = await ws.run(emu, ['plan']);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toBe(
      `${ws.config}:2:1: missing required key "password" in auth (or set ALIST_PASSWORD, or pipe it to plan/apply --password-stdin)`,
    );
    expect(emu.log).toEqual([]);
  });

  it('validate takes the same option, so a CI job checks the files it will apply', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'config.yaml': withPassword('') });
    expect((await ws.run(emu, ['validate'])).code).toBe(1);
    const run = await ws.run(emu, ['validate', '--password-stdin']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});
