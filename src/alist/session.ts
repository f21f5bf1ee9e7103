/**
 * The session with the server: who it is (settings → version), the token (checked with /api/me, or
 * obtained by a login), the admin check, and one re-login when the token goes stale mid-run. A
 * re-login the server refused is remembered: every later 401 fails with it at once.
 */
import { ApiError, UsageError } from '../errors.js';
import { assertAdmin, fetchMe, login, normaliseToken, staticHash, type Credentials } from './auth.js';
import { plainHttpWarning, type BaseUrl } from './base-url.js';
import { createApiCall, type ApiCall, type Authority, type RetryPolicy } from './call.js';
import { withHint } from './errors.js';
import type { HttpTransport } from './http.js';
import { publicSettingsSchema } from './schemas.js';
import { acceptSettings } from './wire-check.js';
import { parseServerInfo, type ServerInfo } from './server-info.js';
import { quote } from '../model/display.js';

export interface SessionOptions {
  username?: string;
  password?: string;
  /** Session JWT or the server's admin token: used as is, checked with GET /api/me. */
  token?: string;
  /** 2FA code (the CLI takes it from --otp or ALIST_OTP). */
  otp?: string;
  /** More values to scrub from server messages (secrets the caller knows of). */
  secrets?: readonly string[];
  onWarning?: (message: string) => void;
  /** What the client is waiting for now, for a spinner: connecting, logging in, reading storages; 'idle' when done. */
  onPhase?: (phase: ClientPhase) => void;
}

export type ClientPhase = { kind: 'connecting' } | { kind: 'logging-in'; username: string } | { kind: 'listing' } | { kind: 'idle' };

export class Session implements Authority {
  readonly call: ApiCall;
  private readonly credentials: Credentials | undefined;
  /** The token given, without a "Bearer " prefix; undefined when none (or an empty one) was given. */
  private readonly givenToken: string | undefined;
  private serverInfo: ServerInfo = parseServerInfo('');
  private token: string | undefined;
  private loginInFlight: Promise<void> | undefined;
  /**
   * The admin check of a login's token (GET /api/me). It is not awaited by `open`: the first reads
   * (the list, driver/info) go out with it, which saves one round trip (~20 ms at 20 ms latency);
   * the client answers no read and sends no write before it passed (client.ts).
   */
  private adminCheck: Promise<void> = Promise.resolve();
  /**
   * The first re-login the server refused (wrong password, 2FA, lockout). Every later 401 fails
   * with it at once: the server locks the IP out after 5 failed sign-ins, and a big apply meets
   * many 401s once the token is gone.
   */
  private refusedRelogin: ApiError | undefined;

  constructor(
    http: HttpTransport,
    policy: RetryPolicy,
    private readonly options: SessionOptions,
  ) {
    this.credentials =
      options.username !== undefined && options.username !== '' && options.password !== undefined
        ? { username: options.username, password: options.password, ...(options.otp ? { otp: options.otp } : {}) }
        : undefined;
    this.givenToken = (options.token ? normaliseToken(options.token) : undefined) || undefined;
    this.call = createApiCall(http, policy, this);
  }

  get server(): ServerInfo {
    return this.serverInfo;
  }

  /** Checked before anything is sent: without a token or credentials nothing can work. */
  requireSomeCredential(): void {
    if (this.givenToken || this.credentials) return;
    throw new UsageError('No credentials: give a token, or a user name and a password.', {
      hint: 'Set `token:` in config.yaml (or ALIST_TOKEN), or auth.username and auth.password (or ALIST_USERNAME and ALIST_PASSWORD; the password may also come from --password-stdin).',
    });
  }

  /** Resolves once the user is known to be an admin; rejects with why not (or why /api/me failed). */
  get verified(): Promise<void> {
    return this.adminCheck;
  }

  /**
   * Settings → version; token check or login. A given token's check is the admin check too; after a
   * login the admin check is sent and left in flight (`verified`). Settings and login stay in turn:
   * the password hash goes only to a URL that answered as AList.
   */
  async open(base: BaseUrl): Promise<void> {
    this.options.onPhase?.({ kind: 'connecting' });
    const settings = await this.call({
      operation: 'read',
      method: 'GET',
      endpoint: '/api/public/settings',
      authenticated: false,
      schema: publicSettingsSchema,
      accept: acceptSettings,
    });
    this.serverInfo = parseServerInfo(settings.version ?? '');
    const token = this.givenToken;
    if (token) {
      this.warn(plainHttpWarning(base, 'token'));
      const me = await this.checkToken(token);
      if (me) {
        assertAdmin(me);
        this.token = token;
        return;
      }
    }
    this.warn(plainHttpWarning(base, 'password'));
    const credentials = this.requireCredentials();
    this.options.onPhase?.({ kind: 'logging-in', username: credentials.username });
    this.token = await login(this.call, credentials);
    this.adminCheck = fetchMe(this.call, this.token).then(assertAdmin);
    // Whoever reads first meets its failure; until then it must not count as unhandled.
    this.adminCheck.catch(() => undefined);
  }

  currentToken(): string | undefined {
    return this.token;
  }

  /**
   * One login for every request that met the same stale token (they may run concurrently); once the
   * server has refused it, no other login is tried.
   */
  async renew(staleToken: string | undefined, rejection: ApiError): Promise<void> {
    if (!this.credentials) throw tokenRejected(rejection);
    if (this.refusedRelogin) throw this.refusedRelogin;
    if (this.token !== staleToken) return;
    if (!this.loginInFlight) this.warn(`The server rejected the session token (${rejection.serverMessage}); logging in again.`);
    this.loginInFlight ??= login(this.call, this.credentials)
      .then((token) => {
        this.token = token;
      })
      .catch((error: unknown) => {
        // A transport failure may pass; the server's refusal of these credentials will not.
        if (error instanceof ApiError) this.refusedRelogin = error;
        throw error;
      })
      .finally(() => {
        this.loginInFlight = undefined;
      });
    await this.loginInFlight;
  }

  knownSecrets(): readonly string[] {
    const { token, password, otp, secrets = [] } = this.options;
    const known = [this.token, token, password, otp, ...secrets];
    if (password) known.push(staticHash(password));
    return known.filter((s): s is string => typeof s === 'string');
  }

  /** The user behind the token, or undefined when the server rejects it and a login can replace it. */
  private async checkToken(token: string): Promise<Awaited<ReturnType<typeof fetchMe>> | undefined> {
    try {
      return await fetchMe(this.call, token);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 401) throw error;
      if (!this.credentials) throw tokenRejected(error);
      // A token left in config.yaml by the old tools is rejected on every run: say how to silence it.
      this.warn(
        `The server rejected the token (${error.serverMessage}); logging in as ${quote(this.credentials.username)} instead. ` +
          'Set token: "" in config.yaml (or unset ALIST_TOKEN) to stop this warning.',
      );
      return undefined;
    }
  }

  private requireCredentials(): Credentials {
    if (!this.credentials) throw new UsageError('A login is needed but no user name and password were given.');
    return this.credentials;
  }

  private warn(message: string | undefined): void {
    if (message) this.options.onWarning?.(message);
  }
}

function tokenRejected(error: ApiError): ApiError {
  return withHint(
    error,
    'Tokens are invalidated when the server restarts or after token_expires_in hours. Set a fresh token or the admin token (`alist admin token`) as `token:` in config.yaml or ALIST_TOKEN, or give a user name (auth.username or ALIST_USERNAME) and a password (auth.password, ALIST_PASSWORD or --password-stdin) so alist-batch can log in.',
  );
}
