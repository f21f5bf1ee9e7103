// Shared by the end-to-end tests of plan and apply: a small, complete set of files, and a way to
// run the CLI (in this process, or the built one) against an emulator with the credentials in the environment.
import { afterEach } from 'vitest';
import type { Emulator } from './emulator/index.js';
import { makeTempDir, runBuiltCli, runInProcess, writeFiles, type CliResult } from './helpers/cli.js';

export const ADMIN_PASSWORD = 'e2e-admin-password-7f3a';
export const REFRESH_TOKEN = 'aliyun-refresh-token-e2e-4c21d9';
export const CLIENT_SECRET_1 = 'contoso-client-secret-e2e-91ab';
export const CLIENT_SECRET_2 = 'fabrikam-client-secret-e2e-55cd';
export const SECRETS = [ADMIN_PASSWORD, REFRESH_TOKEN, CLIENT_SECRET_1, CLIENT_SECRET_2];

export const ADMIN = { username: 'admin', password: ADMIN_PASSWORD };

export function configYaml(refreshToken = REFRESH_TOKEN): string {
  return `url: http://127.0.0.1:9
auth:
    username: admin
    password: \${E2E_ADMIN_PASSWORD}
aliyun:
    enable: true
    refresh_token: ${refreshToken}
pikpak:
    enable: true
    use_transcoding_address: false
onedrive_app:
    enable: true
    region: global
    tenants:
        - id: 1
          client_id: 3f2a9c1e-0000-4000-8000-00000000c0c0
          client_secret: ${CLIENT_SECRET_1}
          tenant_id: contoso.onmicrosoft.com
        - id: 2
          client_id: 3f2a9c1e-0000-4000-8000-00000000fab0
          client_secret: ${CLIENT_SECRET_2}
          tenant_id: fabrikam.onmicrosoft.com
`;
}

export const ALI_SHARE = `Movies:
    Night Train: https://www.aliyundrive.com/s/ShareNight1/folder/64a0000000000001
    Harbour Lights: https://www.alipan.com/s/ShareHarbour2?pwd=k3y9
TV/Documentaries:
    Deep Ocean: https://www.aliyundrive.com/s/ShareOcean3
`;
export const PIK_SHARE = `Music/Live:
    Rooftop: https://mypikpak.com/s/VNRoof01/VNFolder01
    Winter: https://mypikpak.com/s/VNWinter02?pwd=ab12
`;
export const ONEDRIVE = `Teams/Contoso:
    Alice: 1:alice@contoso.onmicrosoft.com
    Bob: 1:bob@contoso.onmicrosoft.com:/Projects
Teams/Fabrikam:
    Carol: 2:carol@fabrikam.onmicrosoft.com
`;

export const MOUNT_PATHS = [
  '/Movies/Harbour Lights',
  '/Movies/Night Train',
  '/Music/Live/Rooftop',
  '/Music/Live/Winter',
  '/TV/Documentaries/Deep Ocean',
  '/Teams/Contoso/Alice',
  '/Teams/Contoso/Bob',
  '/Teams/Fabrikam/Carol',
];

export interface WorkspaceRunOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
}

export interface Workspace {
  dir: string;
  /** The absolute path of the workspace's config.yaml; `run` passes it as `-c`, so messages show it. */
  config: string;
  write(files: Record<string, string>): Promise<void>;
  /**
   * Runs the CLI in this process with ALIST_URL pointing at the emulator and the password in the
   * environment; `-c <config>` is added after the command unless the arguments name -c themselves.
   */
  run(emulator: Emulator, args: readonly string[], options?: WorkspaceRunOptions): Promise<CliResult>;
  /** The same through the built CLI, as a child process in the workspace (config.yaml found by default). */
  runBuilt(emulator: Emulator, args: readonly string[], options?: WorkspaceRunOptions): Promise<CliResult>;
}

/** A temp folder with the standard files, removed after each test. */
export function workspaces(): () => Promise<Workspace> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((c) => c()));
  });
  return async () => {
    const { dir, remove } = await makeTempDir('alist-batch-e2e-');
    cleanups.push(remove);
    const write = (files: Record<string, string>) => writeFiles(dir, files);
    await write({ 'config.yaml': configYaml(), 'ali_share.yaml': ALI_SHARE, 'pik_share.yaml': PIK_SHARE, 'onedrive_app.yaml': ONEDRIVE });
    const config = `${dir}/config.yaml`;
    return {
      dir,
      config,
      write,
      run: (emulator, args, options = {}) => runInProcess(withConfig(args, config), { input: options.input, env: emulatorEnv(emulator, options.env) }),
      runBuilt: (emulator, args, options = {}) =>
        runBuiltCli(args, { cwd: dir, input: options.input, timeoutMs: 60_000, env: emulatorEnv(emulator, options.env) }),
    };
  };
}

/** ALIST_URL at the emulator and the password config.yaml names, then the test's own variables. */
function emulatorEnv(emulator: Emulator, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ALIST_URL: emulator.url, E2E_ADMIN_PASSWORD: ADMIN_PASSWORD, ...extra };
}

/** `command -c <config> ...rest`, unless the arguments already say -c (or test its missing value). */
function withConfig(args: readonly string[], config: string): string[] {
  const [command, ...rest] = args;
  if (command === undefined || args.includes('-c') || args.includes('--config')) return [...args];
  return [command, '-c', config, ...rest];
}

/** The decoded addition of a row on the emulator. */
export function additionOf(emulator: Emulator, mountPath: string): Record<string, unknown> {
  const row = emulator.row(mountPath);
  if (!row) throw new Error(`no storage at ${mountPath}`);
  return JSON.parse(row.addition) as Record<string, unknown>;
}

export function writesTo(emulator: Emulator, endpoint: 'create' | 'update' | 'delete'): string[] {
  return emulator.log.filter((e) => e.path === `/api/admin/storage/${endpoint}`).map((e) => e.query);
}
