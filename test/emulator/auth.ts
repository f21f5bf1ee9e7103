// Users, login (static hash, 2FA, per-IP lockout), issued JWTs and the auth middleware (alist-api.md §2).
import { createHash, createHmac } from 'node:crypto';
import { type Envelope, failure, success } from './envelope.js';
import { type GoField, decodeInto, parseJsonDocument } from './gojson.js';
import type { RandomSource } from './random.js';
import type { EmulatorUser } from './types.js';
import type { ServerFeatures } from './version.js';

const STATIC_HASH_SALT = 'https://github.com/alist-org/alist';
const MAX_FAILURES = 5;
const TOKEN_LIFETIME_S = 48 * 3600;
const ADMIN_ROLE = 2;

export const MESSAGES = {
  tooMany: 'Too many unsuccessful sign-in attempts have been made using an incorrect username or password, Try again later.',
  userNotFound: 'failed find user: record not found',
  wrongPassword: 'password is incorrect',
  emptyPassword: 'password is empty',
  invalidCredentials: 'Invalid username or password',
  invalid2fa: 'Invalid 2FA code',
  guestDisabled: 'Guest user is disabled, login please',
  notAdmin: 'You are not an admin',
  invalidated: 'token is invalidated',
  expired: 'token is expired',
  userDisabled: 'Current user is disabled, replace please',
  usernameRequired: "Key: 'LoginReq.Username' Error:Field validation for 'Username' failed on the 'required' tag",
} as const;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
export const staticHash = (password: string): string => sha256(`${password}-${STATIC_HASH_SALT}`);

export interface AuthUser {
  id: number;
  username: string;
  role: 0 | 1 | 2;
  disabled: boolean;
  otpCode: string | undefined;
  salt: string;
  pwdHash: string;
  pwdTs: number;
}

interface IssuedToken {
  username: string;
  pwdTs: number;
  expiresAt: number;
}

interface Lockout {
  count: number;
  /** Only set once an attempt was blocked; until then the counter has no TTL. */
  expiresAt?: number;
}

const LOGIN_FIELDS: GoField[] = [
  { key: 'username', kind: 'string' },
  { key: 'password', kind: 'string' },
  { key: 'otp_code', kind: 'string' },
];

export interface AuthOptions {
  users: EmulatorUser[];
  adminToken: string;
  features: ServerFeatures;
  now: () => number;
  lockoutMs: number;
  random: RandomSource;
}

export type AuthResult = { user: AuthUser } | { reply: Envelope };

const base64url = (s: string): string => Buffer.from(s).toString('base64url');

export class AuthState {
  readonly adminToken: string;
  private readonly users: AuthUser[];
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly lockouts = new Map<string, Lockout>();
  private readonly jwtSecret: string;

  constructor(private readonly opts: AuthOptions) {
    this.adminToken = opts.adminToken;
    this.jwtSecret = opts.random.chars(16);
    const pwdTs = Math.floor(opts.now() / 1000);
    this.users = opts.users.map((u, i) => {
      const salt = opts.random.chars(16);
      return {
        id: i + 1,
        username: u.username,
        role: u.role ?? ADMIN_ROLE,
        disabled: u.disabled ?? false,
        otpCode: u.otpCode,
        salt,
        pwdHash: sha256(`${staticHash(u.password)}-${salt}`),
        pwdTs,
      };
    });
  }

  /** POST /api/auth/login (plain) and /api/auth/login/hash. */
  login(bodyText: string, clientIp: string, passwordIsHashed: boolean): Envelope {
    let doc: unknown;
    try {
      doc = parseJsonDocument(bodyText);
    } catch (e) {
      return failure(400, (e as Error).message);
    }
    const decoded = decodeInto('LoginReq', LOGIN_FIELDS, doc, { username: '', password: '', otp_code: '' });
    if (decoded.error) return failure(400, decoded.error);
    const username = String(decoded.values.username);
    if (username === '') return failure(400, MESSAGES.usernameRequired);
    const password = passwordIsHashed ? String(decoded.values.password) : staticHash(String(decoded.values.password));
    return this.loginHash(username, password, String(decoded.values.otp_code), clientIp);
  }

  private loginHash(username: string, hashed: string, otpCode: string, ip: string): Envelope {
    const lockout = this.currentLockout(ip);
    const count = lockout?.count ?? 0;
    if (count >= MAX_FAILURES) {
      // Every blocked attempt pushes the expiry back to the full duration.
      this.lockouts.set(ip, { count, expiresAt: this.opts.now() + this.opts.lockoutMs });
      return failure(429, MESSAGES.tooMany);
    }
    const refuse = (code: number, message: string): Envelope => {
      this.lockouts.set(ip, { count: count + 1 });
      return failure(code, message);
    };
    const uniform = this.opts.features.uniformLoginFailure;
    const user = this.users.find((u) => u.username === username);
    if (!user) return uniform ? refuse(401, MESSAGES.invalidCredentials) : refuse(400, MESSAGES.userNotFound);
    const passwordError = hashed === '' ? MESSAGES.emptyPassword : user.pwdHash !== sha256(`${hashed}-${user.salt}`) ? MESSAGES.wrongPassword : null;
    if (passwordError) return uniform ? refuse(401, MESSAGES.invalidCredentials) : refuse(400, passwordError);
    if (user.otpCode !== undefined && otpCode !== user.otpCode) return refuse(402, MESSAGES.invalid2fa);
    this.lockouts.delete(ip);
    return success({ token: this.issueToken(user) });
  }

  private currentLockout(ip: string): Lockout | undefined {
    const lockout = this.lockouts.get(ip);
    if (lockout?.expiresAt !== undefined && this.opts.now() >= lockout.expiresAt) {
      this.lockouts.delete(ip);
      return undefined;
    }
    return lockout;
  }

  /** A real-looking HS256 JWT; what matters is that only tokens in the issued set are accepted. */
  private issueToken(user: AuthUser): string {
    const iat = Math.floor(this.opts.now() / 1000);
    const claims = { username: user.username, pwd_ts: user.pwdTs, exp: iat + TOKEN_LIFETIME_S, nbf: iat, iat };
    const unsigned = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
    const token = `${unsigned}.${createHmac('sha256', this.jwtSecret).update(unsigned).digest('base64url')}`;
    this.tokens.set(token, { username: user.username, pwdTs: user.pwdTs, expiresAt: claims.exp * 1000 });
    return token;
  }

  /** The Auth (+ AuthAdmin) middleware. */
  authenticate(header: string, requireAdmin: boolean): AuthResult {
    const resolved = this.resolveUser(header);
    if ('reply' in resolved) return resolved;
    if (requireAdmin && resolved.user.role !== ADMIN_ROLE) return { reply: failure(403, MESSAGES.notAdmin) };
    return resolved;
  }

  private resolveUser(header: string): AuthResult {
    if (header !== '' && header === this.adminToken) {
      const admin = this.users.find((u) => u.role === ADMIN_ROLE);
      return admin ? { user: admin } : { reply: failure(401, MESSAGES.userNotFound) };
    }
    // The guest user is disabled by default.
    if (header === '') return { reply: failure(401, MESSAGES.guestDisabled) };
    // The issued set is checked first: unknown, logged-out, "Bearer …", pre-restart → invalidated.
    const issued = this.tokens.get(header);
    if (!issued) return { reply: failure(401, MESSAGES.invalidated) };
    if (this.opts.now() >= issued.expiresAt) return { reply: failure(401, MESSAGES.expired) };
    const user = this.users.find((u) => u.username === issued.username);
    if (!user) return { reply: failure(401, MESSAGES.userNotFound) };
    if (user.pwdTs !== issued.pwdTs) return { reply: failure(401, 'Password has been changed, login please') };
    if (user.disabled) return { reply: failure(401, MESSAGES.userDisabled) };
    return { user };
  }

  /** GET /api/me: the user object with the password blanked, plus `otp`. */
  me(user: AuthUser | null): Envelope {
    if (!user) return failure(401, MESSAGES.guestDisabled);
    const ol = this.opts.features.flavor === 'openlist';
    const permission = user.role === ADMIN_ROLE ? (ol ? 0x71ff : 0x30ff) : 0;
    return success({
      id: user.id,
      username: user.username,
      password: '',
      base_path: '/',
      role: user.role,
      disabled: user.disabled,
      permission,
      sso_id: '',
      ...(ol ? { allow_ldap: true } : {}),
      otp: user.otpCode !== undefined,
    });
  }

  /** GET /api/auth/logout: drops the header's token from the issued set. */
  logout(header: string): Envelope {
    this.tokens.delete(header);
    return success();
  }

  /** As after a server restart: every issued JWT is forgotten (the admin token survives). */
  invalidateAll(): void {
    this.tokens.clear();
  }
}
