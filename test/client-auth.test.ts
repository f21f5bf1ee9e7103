// Contract tests of the client's connect/auth paths against the emulator on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { AlistClient } from '../src/alist/client.js';
import { AlistBatchError, ApiError, TransportError, UsageError } from '../src/errors.js';
import {
  ADMIN_PASSWORD,
  ADMIN_TOKEN,
  clientOptions,
  closeEverything,
  connect,
  everyRendering,
  newRecorded,
  rejection,
  requestsTo,
  startTestEmulator,
} from './client-helpers.js';
import type { Emulator } from './emulator/index.js';

const LOGIN = '/api/auth/login/hash';
afterEach(closeEverything);
const start = startTestEmulator;

/** A session token obtained the way a user would (curl), outside the client. */
async function sessionToken(emu: Emulator, username: string, password: string): Promise<string> {
  const { staticHash } = await import('./emulator/index.js');
  const reply = await fetch(`${emu.url}${LOGIN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: staticHash(password) }),
  });
  const body = (await reply.json()) as { data: { token: string } };
  return body.data.token;
}

describe('connect: server identity and login', () => {
  it('logs in with the hashed password, reads the version, checks the admin role; no warning on loopback', async () => {
    const emu = await start();
    const recorded = newRecorded();
    const client = await connect(emu, recorded);
    expect(client.server).toEqual({
      version: 'v3.45.0',
      flavor: 'alist',
      supports: { disable_index: true, disable_proxy_sign: false, custom_cache_policies: false },
    });
    expect(emu.log.map((e) => `${e.method} ${e.path} ${e.envelopeCode}`)).toEqual(['GET /api/public/settings 200', `POST ${LOGIN} 200`, 'GET /api/me 200']);
    expect(client.requestCount).toBe(3);
    expect(recorded.warnings).toEqual([]);
    // The token works on admin routes: it was sent raw (the server refuses "Bearer …").
    expect(await client.listStorages()).toEqual([]);
  });

  it('OpenList: flavor and optional fields from the long version string', async () => {
    const emu = await start({ flavor: 'openlist' });
    const client = await connect(emu);
    expect(client.server.flavor).toBe('openlist');
    expect(client.server.version).toMatch(/^v4\.2\.5 \(Commit: /);
    expect(client.server.supports).toEqual({ disable_index: true, disable_proxy_sign: true, custom_cache_policies: true });
  });

  it('2FA: code 402 without an OTP says to pass --otp or ALIST_OTP; one login request, not retried', async () => {
    const emu = await start({ users: [{ username: 'admin', password: ADMIN_PASSWORD, otpCode: '123456' }] });
    const error = await rejection(connect(emu));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe(402);
    expect(error.message).toBe(`POST ${LOGIN} failed: Invalid 2FA code (code 402)`);
    expect((error as ApiError).hint).toBe(
      'The account has two-factor authentication: pass the current code with --otp <code> or the ALIST_OTP environment variable.',
    );
    expect(requestsTo(emu, LOGIN)).toBe(1);
  });

  it('2FA: a wrong OTP is refused once with a hint; the right one logs in', async () => {
    const emu = await start({ users: [{ username: 'admin', password: ADMIN_PASSWORD, otpCode: '123456' }] });
    const error = await rejection(connect(emu, newRecorded(), { otp: '000000' }));
    expect((error as ApiError).hint).toMatch(/^The 2FA code was refused: pass a fresh one/);
    expect(requestsTo(emu, LOGIN)).toBe(1);
    await connect(emu, newRecorded(), { otp: '123456' });
    expect(requestsTo(emu, LOGIN)).toBe(2);
  });

  it('a wrong password is never retried: exactly one login request', async () => {
    const emu = await start();
    const error = await rejection(connect(emu, newRecorded(), { password: 'wrong-password' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe(`POST ${LOGIN} failed: password is incorrect (code 400)`);
    expect((error as ApiError).hint).toMatch(/^Check the user name and password; the server locks this IP out for 5 minutes after 5 failed sign-ins/);
    expect(requestsTo(emu, LOGIN)).toBe(1);
  });

  it('OpenList ≥ 4.2 answers 401 "Invalid username or password": a refused login, not a token problem', async () => {
    const emu = await start({ flavor: 'openlist' });
    const error = await rejection(connect(emu, newRecorded(), { password: 'wrong-password' }));
    expect(error.message).toBe(`POST ${LOGIN} failed: Invalid username or password (code 401)`);
    expect((error as ApiError).hint).toMatch(/^Check the user name and password/);
    expect(requestsTo(emu, LOGIN)).toBe(1);
  });

  it('lockout after 5 failures: code 429 with the server text and a 5-minute hint, even with the right password', async () => {
    const emu = await start();
    for (let i = 0; i < 5; i += 1) await rejection(connect(emu, newRecorded(), { password: `wrong-${i}` }));
    const error = await rejection(connect(emu));
    expect((error as ApiError).code).toBe(429);
    expect(error.message).toBe(
      `POST ${LOGIN} failed: Too many unsuccessful sign-in attempts have been made using an incorrect username or password, Try again later. (code 429)`,
    );
    expect((error as ApiError).hint).toContain('Wait 5 minutes');
    expect(requestsTo(emu, LOGIN)).toBe(6);
  });

  it('a non-admin user is refused with a clear error', async () => {
    const emu = await start({ users: [{ username: 'guest2', password: 'user-pass', role: 0 }] });
    const error = await rejection(connect(emu, newRecorded(), { username: 'guest2', password: 'user-pass' }));
    expect(error).toBeInstanceOf(AlistBatchError);
    expect(error.message).toBe('The user "guest2" is not an admin (role 0); managing storages needs an admin account.');
  });

  it('open: the first reads go out with the admin check; a non-admin gets the admin error from them, and nothing is written', async () => {
    const emu = await start({ users: [{ username: 'guest2', password: 'user-pass', role: 0 }] });
    const client = await AlistClient.open(clientOptions(emu, newRecorded(), { username: 'guest2', password: 'user-pass' }));
    try {
      const listed = rejection(client.listStorages());
      const info = rejection(client.driverInfo('Local'));
      const deleted = rejection(client.deleteStorage(1));
      for (const error of [await listed, await info, await deleted]) {
        expect(error.message).toBe('The user "guest2" is not an admin (role 0); managing storages needs an admin account.');
      }
      // settings, login, /api/me, the list and driver/info were sent; the delete never was.
      expect(client.requestCount).toBe(5);
      expect(emu.log.filter((e) => e.path.startsWith('/api/admin/storage/delete'))).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('a login in transport trouble or while storages load is retried', async () => {
    const emu = await start();
    emu.addFault({ kind: 'reset', path: LOGIN });
    emu.addFault({ kind: 'loading', path: LOGIN });
    const recorded = newRecorded();
    await connect(emu, recorded);
    expect(requestsTo(emu, LOGIN)).toBe(3);
    expect(recorded.retries.map((r) => r.attempt)).toEqual([2, 3]);
  });

  it('no credentials at all is a usage error before any request', async () => {
    const emu = await start();
    const error = await rejection(connect(emu, newRecorded(), { username: undefined, password: undefined }));
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).hint).toBe(
      'Set `token:` in config.yaml (or ALIST_TOKEN), or auth.username and auth.password (or ALIST_USERNAME and ALIST_PASSWORD; the password may also come from --password-stdin).',
    );
    expect(emu.log).toEqual([]);
  });
});

describe('connect: tokens', () => {
  it('the admin token is used as is and checked with /api/me (no login)', async () => {
    const emu = await start();
    const client = await connect(emu, newRecorded(), { username: undefined, password: undefined, token: ADMIN_TOKEN });
    expect(requestsTo(emu, LOGIN)).toBe(0);
    expect(requestsTo(emu, '/api/me')).toBe(1);
    expect((await client.driverNames()).length).toBeGreaterThan(0);
  });

  it('a token pasted with "Bearer " is sent raw', async () => {
    const emu = await start();
    const client = await connect(emu, newRecorded(), { username: undefined, password: undefined, token: `Bearer ${ADMIN_TOKEN}` });
    expect(await client.listStorages()).toEqual([]);
  });

  it('a session token is checked with /api/me and used', async () => {
    const emu = await start();
    const token = await sessionToken(emu, 'admin', ADMIN_PASSWORD);
    emu.resetStats();
    await connect(emu, newRecorded(), { username: undefined, password: undefined, token });
    expect(emu.log.map((e) => e.path)).toEqual(['/api/public/settings', '/api/me']);
  });

  it('a rejected token with a user name and password: says so, then logs in', async () => {
    const emu = await start();
    const token = await sessionToken(emu, 'admin', ADMIN_PASSWORD);
    emu.invalidateTokens();
    emu.resetStats();
    const recorded = newRecorded();
    await connect(emu, recorded, { token });
    expect(recorded.warnings).toEqual([
      'The server rejected the token (token is invalidated); logging in as "admin" instead. Set token: "" in config.yaml (or unset ALIST_TOKEN) to stop this warning.',
    ]);
    expect(emu.log.map((e) => e.path)).toEqual(['/api/public/settings', '/api/me', LOGIN, '/api/me']);
  });

  it('a rejected token without a password: a clear error', async () => {
    const emu = await start();
    const error = await rejection(connect(emu, newRecorded(), { username: undefined, password: undefined, token: 'not-a-valid-token' }));
    expect(error.message).toBe('GET /api/me failed: token is invalidated (code 401)');
    expect((error as ApiError).hint).toMatch(/^Tokens are invalidated when the server restarts/);
  });

  it('401 mid-run (server restarted): one fresh login, then the request once more', async () => {
    const emu = await start();
    const recorded = newRecorded();
    const client = await connect(emu, recorded);
    emu.invalidateTokens();
    emu.resetStats();
    expect(await client.listStorages()).toEqual([]);
    expect(emu.log.map((e) => `${e.path} ${e.envelopeCode}`)).toEqual(['/api/admin/storage/list 401', `${LOGIN} 200`, '/api/admin/storage/list 200']);
    expect(recorded.warnings).toEqual(['The server rejected the session token (token is invalidated); logging in again.']);
  });

  it('401 mid-run for many requests at once: a single re-login', async () => {
    const emu = await start();
    const recorded = newRecorded();
    const c = await connect(emu, recorded);
    emu.invalidateTokens();
    emu.resetStats();
    await Promise.all(Array.from({ length: 8 }, () => c.listStorages()));
    expect(requestsTo(emu, LOGIN)).toBe(1);
    expect(recorded.warnings).toHaveLength(1);
  });

  it('401 mid-run with only a session token: the error says the token was rejected', async () => {
    const emu = await start();
    const token = await sessionToken(emu, 'admin', ADMIN_PASSWORD);
    const client = await connect(emu, newRecorded(), { username: undefined, password: undefined, token });
    emu.invalidateTokens();
    const error = await rejection(client.listStorages());
    expect(error.message).toBe('GET /api/admin/storage/list failed: token is invalidated (code 401)');
    expect((error as ApiError).hint).toBe(
      'Tokens are invalidated when the server restarts or after token_expires_in hours. Set a fresh token or the admin token (`alist admin token`) as `token:` in config.yaml or ALIST_TOKEN, or give a user name (auth.username or ALIST_USERNAME) and a password (auth.password, ALIST_PASSWORD or --password-stdin) so alist-batch can log in.',
    );
  });

  it('a re-login the server refuses is never tried again: one login request, every later 401 fails with its error', async () => {
    const emu = await start();
    const token = await sessionToken(emu, 'admin', ADMIN_PASSWORD);
    // The password in the files changed since the token was issued: the token works, the password does not.
    const client = await connect(emu, newRecorded(), { token, password: 'changed-password' });
    emu.invalidateTokens();
    emu.resetStats();
    const concurrent = await Promise.all(Array.from({ length: 6 }, () => rejection(client.listStorages())));
    const sequential: Error[] = [];
    for (let i = 0; i < 6; i += 1) sequential.push(await rejection(client.getStorage(1)));
    expect(requestsTo(emu, LOGIN)).toBe(1);
    for (const error of [...concurrent, ...sequential]) {
      expect(error).toBeInstanceOf(ApiError);
      expect(error.message).toBe(`POST ${LOGIN} failed: password is incorrect (code 400)`);
      expect((error as ApiError).hint).toMatch(/^Check the user name and password; the server locks this IP out/);
    }
    // Far from the 5 failures that lock the IP out: the right password still logs in.
    await connect(emu);
  });

  it('a token with a character that cannot go in an HTTP header: a fatal error that does not quote it, nothing retried', async () => {
    const emu = await start();
    const pasted = `${ADMIN_TOKEN}\u2014`;
    const recorded = newRecorded();
    const error = await rejection(connect(emu, recorded, { username: undefined, password: undefined, token: pasted }));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).outcome).toBe('failed');
    expect(error.message).toBe('GET /api/me failed: the token or URL contains characters that cannot be sent in an HTTP header.');
    expect((error as TransportError).hint).toMatch(/^Check the token \(`token:` in config.yaml or ALIST_TOKEN\)/);
    expect(recorded.retries).toEqual([]);
    expect(emu.log.map((e) => e.path)).toEqual(['/api/public/settings']);
    expect(everyRendering(error)).not.toContain(ADMIN_TOKEN);
  });
});

describe('base URL and base path', () => {
  it.each(['', '/'])('works with a sub-path, suffix %j', async (suffix) => {
    const emu = await start({ basePath: '/alist' });
    const client = await connect(emu, newRecorded(), { url: `${emu.url}${suffix}` });
    expect(emu.url.endsWith('/alist')).toBe(true);
    expect(await client.listStorages()).toEqual([]);
  });

  it('a wrong base path (the HTML page) is a clear error, not retried', async () => {
    const emu = await start({ basePath: '/alist' });
    const origin = new URL(emu.url).origin;
    const error = await rejection(connect(emu, newRecorded(), { url: `${origin}/wrong` }));
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toBe(`GET /api/public/settings failed: the reply from ${origin}/wrong/api/public/settings is not JSON (an HTML page?).`);
    expect((error as TransportError).hint).toMatch(/^The server URL or its base path looks wrong/);
    expect(emu.log).toHaveLength(1);
  });

  it('connection refused: retried, then a TransportError that names the address', async () => {
    const emu = await start();
    const url = emu.url;
    await emu.close();
    const recorded = newRecorded();
    const error = await rejection(
      AlistClient.connect({ url, username: 'admin', password: ADMIN_PASSWORD, retries: 2, retryBaseMs: 1, onRetry: (r) => recorded.retries.push(r) }),
    );
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).outcome).toBe('failed');
    expect(error.message).toBe(`GET /api/public/settings failed: connection refused (ECONNREFUSED) at ${new URL(url).origin}, after 3 attempts.`);
    expect(recorded.retries).toHaveLength(2);
  });
});

describe('secrets never appear in errors', () => {
  it('password, its hash, tokens and OTP are absent from every rendering of every error', async () => {
    const { staticHash } = await import('./emulator/index.js');
    const emu = await start({ users: [{ username: 'admin', password: ADMIN_PASSWORD, otpCode: '987654' }] });
    const errors: Error[] = [];
    errors.push(await rejection(connect(emu, newRecorded(), { otp: '111111' })));
    errors.push(await rejection(connect(emu, newRecorded(), { password: 'Wrong-Pass-123', otp: '987654' })));
    errors.push(await rejection(connect(emu, newRecorded(), { username: undefined, password: undefined, token: 'session-token-that-is-secret' })));
    emu.addFault({ kind: 'reset', times: 10 });
    errors.push(await rejection(connect(emu, newRecorded(), { otp: '987654', retries: 1, token: ADMIN_TOKEN })));
    emu.clearFaults();
    const secrets = [
      ADMIN_PASSWORD,
      staticHash(ADMIN_PASSWORD),
      'Wrong-Pass-123',
      staticHash('Wrong-Pass-123'),
      ADMIN_TOKEN,
      'session-token-that-is-secret',
      '987654',
    ];
    for (const error of errors) {
      const text = everyRendering(error);
      for (const secret of secrets) expect(text, `${error.message} leaks ${secret.slice(0, 4)}…`).not.toContain(secret);
    }
  });
});
