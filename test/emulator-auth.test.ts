import { describe, expect, it } from 'vitest';
import { type Emulator, staticHash } from './emulator/index.js';
import { api, emulatorLifecycle, manualClock } from './emulator-support.js';

const TOO_MANY = 'Too many unsuccessful sign-in attempts have been made using an incorrect username or password, Try again later.';

const start = emulatorLifecycle();
const login = (e: Emulator, body: unknown, ip = '10.0.0.1') => api(e, 'POST', '/api/auth/login', { body, headers: { 'X-Forwarded-For': ip } });
const loginHash = (e: Emulator, body: unknown) => api(e, 'POST', '/api/auth/login/hash', { body });
const tokenOf = (env: { data: unknown }): string => (env.data as { token: string }).token;

describe('emulator login', () => {
  it('hashes with the static salt (contract test vectors)', () => {
    expect(staticHash('admin')).toBe('6fcb57cd10b2c11d765dcf16148d99130afd895082af83725ee8bb181b1d2b0f');
    expect(staticHash('')).toBe('263d6a3a1bc3780769ef456641d81a41ea52b66dd25fe02b5959967fd852127d');
  });

  it('accepts the plain password on /login and the static hash on /login/hash', async () => {
    const e = await start();
    const plain = await login(e, { username: 'admin', password: 'admin-pass' });
    expect(plain.code).toBe(200);
    expect(plain.message).toBe('success');
    expect(tokenOf(plain)).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    const hashed = await loginHash(e, { username: 'admin', password: staticHash('admin-pass') });
    expect(hashed.code).toBe(200);
    // The plain password sent to /login/hash is not its hash.
    expect(await loginHash(e, { username: 'admin', password: 'admin-pass' })).toEqual({ code: 400, message: 'password is incorrect', data: null });
  });

  it('answers AList login errors with code 400 and the raw error text', async () => {
    const e = await start();
    expect(await login(e, { username: 'nobody', password: 'x' })).toEqual({ code: 400, message: 'failed find user: record not found', data: null });
    expect(await login(e, { username: 'admin', password: 'wrong' })).toEqual({ code: 400, message: 'password is incorrect', data: null });
    expect(await loginHash(e, { username: 'admin', password: '' })).toEqual({ code: 400, message: 'password is empty', data: null });
    expect((await login(e, { password: 'x' })).message).toBe("Key: 'LoginReq.Username' Error:Field validation for 'Username' failed on the 'required' tag");
    expect((await api(e, 'POST', '/api/auth/login', { body: '{"username":' })).code).toBe(400);
  });

  it('requires the 2FA code when the user has one (402 "Invalid 2FA code")', async () => {
    const e = await start({ users: [{ username: 'admin', password: 'pw', otpCode: '123456' }] });
    expect(await login(e, { username: 'admin', password: 'pw' })).toEqual({ code: 402, message: 'Invalid 2FA code', data: null });
    expect(await login(e, { username: 'admin', password: 'pw', otp_code: '000000' })).toMatchObject({ code: 402 });
    expect(await login(e, { username: 'admin', password: 'pw', otp_code: '123456' })).toMatchObject({ code: 200 });
  });

  it('locks an IP out after 5 failures, even for the right password, until 5 minutes after the last blocked try', async () => {
    const clock = manualClock();
    const e = await start({ now: clock.now });
    for (let i = 0; i < 5; i++) expect((await login(e, { username: 'admin', password: 'bad' })).code).toBe(400);
    expect(await login(e, { username: 'admin', password: 'admin-pass' })).toEqual({ code: 429, message: TOO_MANY, data: null });
    // Another client IP is not affected.
    expect((await login(e, { username: 'admin', password: 'admin-pass' }, '10.0.0.2')).code).toBe(200);
    clock.advance(4 * 60_000);
    // This blocked attempt pushes the expiry back to a full 5 minutes from now.
    expect((await login(e, { username: 'admin', password: 'admin-pass' })).code).toBe(429);
    clock.advance(4 * 60_000);
    expect((await login(e, { username: 'admin', password: 'admin-pass' })).code).toBe(429);
    clock.advance(5 * 60_000);
    expect((await login(e, { username: 'admin', password: 'admin-pass' })).code).toBe(200);
  });

  it('counts 2FA failures towards the lockout and resets the counter on success', async () => {
    const e = await start({ users: [{ username: 'admin', password: 'pw', otpCode: '1' }] });
    for (let i = 0; i < 4; i++) await login(e, { username: 'admin', password: 'pw' });
    expect((await login(e, { username: 'admin', password: 'pw', otp_code: '1' })).code).toBe(200);
    for (let i = 0; i < 4; i++) await login(e, { username: 'admin', password: 'pw' });
    expect((await login(e, { username: 'admin', password: 'pw', otp_code: '1' })).code).toBe(200);
  });

  it('OpenList >= v4.2.0 answers both unknown user and wrong password with 401 "Invalid username or password"', async () => {
    const e = await start({ flavor: 'openlist' });
    const expected = { code: 401, message: 'Invalid username or password', data: null };
    expect(await login(e, { username: 'nobody', password: 'x' })).toEqual(expected);
    expect(await login(e, { username: 'admin', password: 'x' })).toEqual(expected);
    const emu = await start({ flavor: 'openlist', version: 'v4.1.10' });
    expect(await login(emu, { username: 'admin', password: 'x' })).toEqual({ code: 400, message: 'password is incorrect', data: null });
  });
});

describe('emulator auth middleware', () => {
  it('refuses a missing header, "Bearer …", unknown, logged-out and pre-restart tokens', async () => {
    const e = await start();
    expect(await api(e, 'GET', '/api/me')).toEqual({ code: 401, message: 'Guest user is disabled, login please', data: null });
    const token = tokenOf(await login(e, { username: 'admin', password: 'admin-pass' }));
    expect((await api(e, 'GET', '/api/me', { token })).code).toBe(200);
    const invalidated = { code: 401, message: 'token is invalidated', data: null };
    expect(await api(e, 'GET', '/api/me', { token: `Bearer ${token}` })).toEqual(invalidated);
    expect(await api(e, 'GET', '/api/admin/storage/list', { token: 'garbage' })).toEqual(invalidated);
    expect((await api(e, 'GET', '/api/auth/logout', { token })).code).toBe(200);
    expect(await api(e, 'GET', '/api/me', { token })).toEqual(invalidated);

    const second = tokenOf(await login(e, { username: 'admin', password: 'admin-pass' }));
    e.invalidateTokens();
    expect(await api(e, 'GET', '/api/me', { token: second })).toEqual(invalidated);
    expect((await api(e, 'GET', '/api/admin/storage/list', { token: e.adminToken })).code).toBe(200);
  });

  it('expires tokens after 48 hours', async () => {
    const clock = manualClock();
    const e = await start({ now: clock.now });
    const token = tokenOf(await login(e, { username: 'admin', password: 'admin-pass' }));
    clock.advance(48 * 3600_000);
    expect(await api(e, 'GET', '/api/me', { token })).toEqual({ code: 401, message: 'token is expired', data: null });
  });

  it('serves /api/me in the AList and OpenList shapes', async () => {
    const e = await start();
    expect(await api(e, 'GET', '/api/me', { token: e.adminToken })).toEqual({
      code: 200,
      message: 'success',
      data: { id: 1, username: 'admin', password: '', base_path: '/', role: 2, disabled: false, permission: 12543, sso_id: '', otp: false },
    });
    const emu = await start({ flavor: 'openlist' });
    const me = await api(emu, 'GET', '/api/me', { token: emu.adminToken });
    expect(Object.keys(me.data as object)).toEqual([
      'id',
      'username',
      'password',
      'base_path',
      'role',
      'disabled',
      'permission',
      'sso_id',
      'allow_ldap',
      'otp',
    ]);
    expect(me.data).toMatchObject({ permission: 0x71ff });
  });

  it('keeps non-admin users out of /api/admin and disabled users out of everything', async () => {
    const e = await start({
      users: [
        { username: 'admin', password: 'a' },
        { username: 'viewer', password: 'v', role: 0 },
        { username: 'gone', password: 'g', disabled: true },
      ],
    });
    const viewer = tokenOf(await login(e, { username: 'viewer', password: 'v' }));
    expect((await api(e, 'GET', '/api/me', { token: viewer })).data).toMatchObject({ username: 'viewer', role: 0 });
    expect(await api(e, 'GET', '/api/admin/storage/list', { token: viewer })).toEqual({ code: 403, message: 'You are not an admin', data: null });
    // A disabled user still gets a token; the middleware refuses it.
    const gone = tokenOf(await login(e, { username: 'gone', password: 'g' }));
    expect(await api(e, 'GET', '/api/me', { token: gone })).toEqual({ code: 401, message: 'Current user is disabled, replace please', data: null });
  });
});
