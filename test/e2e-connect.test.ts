import { describe, expect, it } from 'vitest';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, ADMIN_PASSWORD, MOUNT_PATHS, configYaml, workspaces } from './e2e-support.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

/** config.yaml with the auth block replaced (or removed). */
function withAuth(auth: string): string {
  return configYaml().replace('auth:\n    username: admin\n    password: ${E2E_ADMIN_PASSWORD}\n', auth);
}

describe('connecting: credentials, 2FA, tokens, server kinds', () => {
  it('reads the password from standard input with --password-stdin', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'config.yaml': withAuth('auth:\n    username: admin\n') });
    const run = await ws.run(emu, ['apply', '--password-stdin'], { input: `${ADMIN_PASSWORD}\n` });
    expect(`${run.stdout}${run.stderr}`).not.toContain(ADMIN_PASSWORD);
    expect(run.code).toBe(0);
    expect(emu.rows()).toHaveLength(MOUNT_PATHS.length);

    const empty = await ws.run(emu, ['plan', '--password-stdin'], { input: '' });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('--password-stdin: standard input was empty');
  });

  it('asks for the 2FA code, and takes it from --otp or ALIST_OTP', async () => {
    const emu = await startEmulator({ users: [{ ...ADMIN, otpCode: '424242' }] });
    const ws = await workspace();
    const without = await ws.run(emu, ['plan']);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('Invalid 2FA code');
    expect(without.stderr).toContain('pass the current code with --otp <code> or the ALIST_OTP environment variable');
    expect((await ws.run(emu, ['plan', '--otp', '424242'])).code).toBe(0);
    expect((await ws.run(emu, ['plan'], { env: { ALIST_OTP: '424242' } })).code).toBe(0);
  });

  it("uses the server's admin token from ALIST_TOKEN without logging in", async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'config.yaml': withAuth('') });
    const run = await ws.run(emu, ['apply'], { env: { ALIST_TOKEN: emu.adminToken, E2E_ADMIN_PASSWORD: undefined } });
    expect(run.code).toBe(0);
    expect(emu.log.some((e) => e.path.startsWith('/api/auth/login'))).toBe(false);
    expect(`${run.stdout}${run.stderr}`).not.toContain(emu.adminToken);
  });

  it('says who signed in and where the credentials came from when the login is refused', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const run = await ws.run(emu, ['plan'], { env: { ALIST_PASSWORD: 'stale-exported-password' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: POST /api/auth/login/hash failed: password is incorrect (code 400)');
    expect(run.stderr).toContain(`hint: Tried to sign in as "admin" (user name from ${ws.config}, password from ALIST_PASSWORD).`);
    expect(run.stderr).not.toContain('stale-exported-password');
  });

  it('asks whether the server is running when nothing answers, naming where the URL came from', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await emu.close();
    const run = await ws.run(emu, ['plan', '--timeout', '2']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`hint: Is the server running and reachable at ${emu.url}? (The URL comes from ALIST_URL.)`);
  });

  it('refuses a user who is not an admin, before changing anything', async () => {
    const emu = await startEmulator({ users: [{ ...ADMIN, role: 0 }] });
    const ws = await workspace();
    const run = await ws.run(emu, ['apply']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The user "admin" is not an admin');
    expect(emu.writeCount()).toBe(0);
  });

  it('says the URL or base path looks wrong when the reply is the web page', async () => {
    const emu = await startEmulator({ users: [ADMIN], basePath: '/alist' });
    const ws = await workspace();
    const wrong = await ws.run(emu, ['plan'], { env: { ALIST_URL: emu.url.replace('/alist', '/other') } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('The server URL or its base path looks wrong');
    expect((await ws.run(emu, ['apply'], { env: { ALIST_URL: `${emu.url}/` } })).code).toBe(0);
    expect(emu.rows()).toHaveLength(MOUNT_PATHS.length);
  });

  it('sends nothing at all when the files are invalid', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'pik_share.yaml': 'Music/Live:\n    Rooftop: https://www.aliyundrive.com/s/NotPikPak\n' });
    const run = await ws.run(emu, ['apply']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/pik_share\.yaml:2:\d+: /);
    expect(emu.log).toEqual([]);
  });

  it('provisions an OpenList v4 server too, with the fields it has', async () => {
    const emu = await startEmulator({ users: [ADMIN], flavor: 'openlist' });
    const ws = await workspace();
    const run = await ws.run(emu, ['apply', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ server: { flavor: 'openlist' } });
    expect(emu.row('/Teams/Contoso/Alice')).toMatchObject({ disable_proxy_sign: false, disable_index: false });
    expect((await ws.run(emu, ['plan', '--detailed-exitcode'])).code).toBe(0);
  });
});
