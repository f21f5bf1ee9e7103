/**
 * Authentication: the static password hash, login, and the token check through GET /api/me
 * (alist-api.md §2). The requests go through the client's retrying `call`, with the login marked
 * as such so that a refused login is never retried (the server locks an IP out after 5 failures).
 */
import { createHash } from 'node:crypto';
import { AlistBatchError, ApiError } from '../errors.js';
import type { ApiCall } from './call.js';
import { loginDataSchema, meSchema, type Me } from './schemas.js';
import { acceptLogin, acceptMe } from './wire-check.js';
import { withHint } from './errors.js';
import { quote } from '../model/display.js';

/** AList's StaticHashSalt; OpenList kept the same value. */
const STATIC_HASH_SALT = 'https://github.com/alist-org/alist';

/** hex(sha256(password + "-" + salt)): what /api/auth/login/hash expects instead of the password. */
export function staticHash(password: string): string {
  return createHash('sha256').update(`${password}-${STATIC_HASH_SALT}`).digest('hex');
}

const ADMIN_ROLE = 2;

export interface Credentials {
  username: string;
  password: string;
  otp?: string;
}

const LOCKOUT_NOTE = 'the server locks this IP out for 5 minutes after 5 failed sign-ins, so alist-batch never retries a refused login';

/** The hint for a refused login, by the server's code. */
function loginRefusalHint(code: number, otpGiven: boolean): string {
  if (code === 402) {
    return otpGiven
      ? `The 2FA code was refused: pass a fresh one (they change every 30 s) with --otp or ALIST_OTP; ${LOCKOUT_NOTE}.`
      : 'The account has two-factor authentication: pass the current code with --otp <code> or the ALIST_OTP environment variable.';
  }
  if (code === 429) {
    return "Too many failed sign-ins from this IP: the server refuses every login for 5 minutes, and each attempt meanwhile restarts those 5 minutes. Wait 5 minutes without trying, then check the user name and password. The server's admin token (token: in config.yaml, or ALIST_TOKEN) still works meanwhile.";
  }
  return `Check the user name and password; ${LOCKOUT_NOTE}.`;
}

export async function login(call: ApiCall, credentials: Credentials): Promise<string> {
  const body = { username: credentials.username, password: staticHash(credentials.password), otp_code: credentials.otp ?? '' };
  try {
    const data = await call({
      operation: 'login',
      method: 'POST',
      endpoint: '/api/auth/login/hash',
      body,
      authenticated: false,
      schema: loginDataSchema,
      accept: acceptLogin,
    });
    return data.token;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    throw withHint(error, loginRefusalHint(error.code, credentials.otp !== undefined && credentials.otp !== ''));
  }
}

/** Who the token belongs to. Throws ApiError (code 401 when the token is rejected). */
export function fetchMe(call: ApiCall, token: string): Promise<Me> {
  return call({ operation: 'read', method: 'GET', endpoint: '/api/me', token, authenticated: false, schema: meSchema, accept: acceptMe });
}

function isAdmin(me: Me): boolean {
  return Array.isArray(me.role) ? me.role.includes(ADMIN_ROLE) : me.role === ADMIN_ROLE;
}

export function assertAdmin(me: Me): void {
  if (me.disabled) {
    throw new AlistBatchError(`The user ${quote(me.username)} is disabled on the server.`, {
      hint: 'Enable the user in the web UI, or use another admin account.',
    });
  }
  if (!isAdmin(me)) {
    throw new AlistBatchError(`The user ${quote(me.username)} is not an admin (role ${JSON.stringify(me.role)}); managing storages needs an admin account.`, {
      hint: 'Use the admin account (or the admin token shown by `alist admin token`).',
    });
  }
}

/** A token pasted with a "Bearer " prefix would be refused: AList wants the raw token. */
export function normaliseToken(token: string): string {
  return token.trim().replace(/^bearer\s+/i, '');
}
