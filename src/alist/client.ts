/**
 * AlistClient: the AList/OpenList admin API for storages, as the sync engine uses it
 * (contract: alist-api.md in the shared reference). One undici pool, a token, the server's identity, and a retry loop that
 * follows retry.ts: reads and idempotent writes are retried on network errors, timeouts, HTTP 5xx
 * and "Loading storage"; a create only when it certainly did not happen.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { ApiError, TransportError, UsageError } from '../errors.js';
import { secretAdditionValues } from '../drivers/secrets.js';
import { REDACTED } from '../model/secrets.js';
import type { ServerStorage, StorageCreateInput } from '../model/storage.js';
import { assertAdmin, fetchMe, login, normaliseToken, staticHash, type Credentials } from './auth.js';
import { StorageInitError, withHint } from './errors.js';
import { AttemptFailure, HttpTransport, abortedError, parseBaseUrl, plainHttpWarning, type BaseUrl, type Envelope, type HttpRequest } from './http.js';
import { DEFAULT_BACKOFF, backoffDelay, decideRetry, finalOutcome, mayHaveActed, type BackoffOptions, type OperationKind } from './retry.js';
import {
  createdSchema,
  decodeStorage,
  driverInfoSchema,
  driverNamesSchema,
  publicSettingsSchema,
  storagePageSchema,
  wireStorageSchema,
  type DriverInfo,
  type WireStorage,
} from './schemas.js';
import { parseServerInfo, withSupportedFields, type ServerInfo } from './server-info.js';

export type { ServerInfo } from './server-info.js';
export type { DriverInfo } from './schemas.js';
export { StorageInitError } from './errors.js';

export interface RetryInfo {
  method: string;
  endpoint: string;
  /** The number of the attempt about to be made (2 for the first retry). */
  attempt: number;
  reason: string;
  delayMs: number;
}

export interface ClientOptions {
  /** Base URL, with or without a sub-path and trailing slash. */
  url: string;
  username?: string;
  password?: string;
  /** Session JWT or the server's admin token: used as is, checked with GET /api/me. */
  token?: string;
  /** 2FA code (the CLI takes it from --otp or ALIST_OTP). */
  otp?: string;
  /** Per attempt, from when it is written on a connection (not while queued), default 30 000. */
  timeoutMs?: number;
  /** Extra attempts for a retryable failure, default 4. */
  retries?: number;
  /** First backoff, default 200 (exponential, full jitter, capped at 5 s). */
  retryBaseMs?: number;
  /** undici pool size, default 16. More requests in flight wait for a connection, without timing out meanwhile. */
  connections?: number;
  /** Ctrl-C: no new attempts or backoffs after it fires. */
  signal?: AbortSignal;
  onWarning?: (message: string) => void;
  onRetry?: (info: RetryInfo) => void;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 4;
const DEFAULT_CONNECTIONS = 16;

interface CallSpec<T> {
  operation: OperationKind;
  method: HttpRequest['method'];
  endpoint: string;
  query?: HttpRequest['query'];
  body?: unknown;
  schema: z.ZodType<T>;
  /** Send the session token, and log in again once on code 401 when credentials are known. */
  authenticated: boolean;
  /** A token to send instead (the token check at connect). */
  token?: string;
  /**
   * Whether a refusal means an earlier attempt, whose reply was lost, already did it: e.g. a delete
   * whose retry answers "record not found".
   */
  afterAmbiguous?: (error: ApiError) => boolean;
  /** Values to scrub from server messages (addition values the server might echo). */
  secrets?: readonly string[];
}

export type ApiCall = <T>(spec: CallSpec<T>) => Promise<T>;

/** The data of replies that carry none (update, delete, enable, disable). */
const noDataSchema = z.unknown().transform((): void => undefined);

export class AlistClient {
  private readonly http: HttpTransport;
  private readonly credentials: Credentials | undefined;
  private readonly options: ClientOptions;
  private readonly backoff: BackoffOptions;
  private readonly retries: number;
  private serverInfo: ServerInfo = parseServerInfo('');
  private token: string | undefined;
  private loginInFlight: Promise<void> | undefined;
  /**
   * The first re-login the server refused (wrong password, 2FA, lockout). Every later 401 fails
   * with it at once: the server locks the IP out after 5 failed sign-ins, and a big apply meets
   * many 401s once the token is gone.
   */
  private refusedRelogin: ApiError | undefined;
  private readonly call: ApiCall = (spec) => this.run(spec);

  private constructor(base: BaseUrl, options: ClientOptions) {
    this.options = options;
    this.retries = Math.max(0, options.retries ?? DEFAULT_RETRIES);
    this.backoff = { baseMs: options.retryBaseMs ?? DEFAULT_BACKOFF.baseMs, capMs: DEFAULT_BACKOFF.capMs };
    this.credentials =
      options.username !== undefined && options.username !== '' && options.password !== undefined
        ? { username: options.username, password: options.password, ...(options.otp ? { otp: options.otp } : {}) }
        : undefined;
    const transportOptions = {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      connections: options.connections ?? DEFAULT_CONNECTIONS,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    this.http = new HttpTransport(base, transportOptions);
  }

  /** Settings → version; token check or login; admin check. */
  static async connect(options: ClientOptions): Promise<AlistClient> {
    const base = parseBaseUrl(options.url);
    const token = options.token ? normaliseToken(options.token) : undefined;
    const client = new AlistClient(base, options);
    if (!token && !client.credentials) {
      await client.close();
      throw new UsageError('No credentials: give a token, or a user name and a password.', {
        hint: 'Set `token:` in config.yaml (or ALIST_TOKEN), or auth.username and auth.password (or ALIST_USERNAME and ALIST_PASSWORD; the password may also come from --password-stdin).',
      });
    }
    try {
      client.serverInfo = await client.fetchServerInfo();
      await client.authenticate(base, token);
      return client;
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  get server(): ServerInfo {
    return this.serverInfo;
  }

  /** HTTP requests sent so far (attempts, incl. retries). */
  get requestCount(): number {
    return this.http.requestCount;
  }

  async listStorages(): Promise<ServerStorage[]> {
    // The real server returns every row when per_page is missing: one request. Another server (or
    // a future version) might page: then ask for the following pages of the same size.
    const first = await this.listPage(undefined);
    const byId = new Map<number, WireStorage>();
    for (const row of first.content) byId.set(row.id, row);
    const pageSize = first.content.length;
    if (pageSize > 0) {
      const lastPage = Math.ceil(first.total / pageSize);
      for (let page = 2; page <= lastPage && byId.size < first.total; page += 1) {
        const next = await this.listPage({ page, per_page: pageSize });
        if (next.content.length === 0) break;
        for (const row of next.content) byId.set(row.id, row);
      }
    }
    return [...byId.values()].map(decodeStorage);
  }

  async getStorage(id: number): Promise<ServerStorage> {
    const wire = await this.call({ ...this.admin('GET', '/api/admin/storage/get', 'read'), query: { id }, schema: wireStorageSchema });
    return decodeStorage(wire);
  }

  /**
   * → the new id. StorageInitError when the row was created but its driver failed to start;
   * TransportError{outcome:'unknown'} at once, without a retry, when an attempt may have reached the
   * server (reply lost, HTTP 5xx, timeout): the caller re-reads to find out. A create that certainly
   * did not happen (connection refused, "Loading storage") is retried here.
   */
  async createStorage(input: StorageCreateInput): Promise<number> {
    const { id: _id, status: _status, modified: _modified, ...fields } = input as StorageCreateInput & Partial<Pick<ServerStorage, 'id' | 'status' | 'modified'>>;
    try {
      const created = await this.call({
        ...this.admin('POST', '/api/admin/storage/create', 'create'),
        body: this.encodeStorage(fields),
        schema: createdSchema,
        secrets: secretAdditionValues(input.addition),
      });
      return created.id;
    } catch (error) {
      if (error instanceof ApiError && !(error instanceof StorageInitError)) {
        const created = createdSchema.safeParse(error.data);
        if (created.success) throw new StorageInitError(error, created.data.id);
      }
      throw error;
    }
  }

  /** The full object (as from get/list, changed as needed); a full-row replace on the server. */
  async updateStorage(storage: ServerStorage): Promise<void> {
    await this.call({
      ...this.admin('POST', '/api/admin/storage/update', 'idempotent-write'),
      // The object came from this server: send back every key it has, whatever its version says
      // (the update replaces the whole row, so a key left out would be reset).
      body: this.encodeStorage(storage, 'as-read'),
      schema: noDataSchema,
      secrets: secretAdditionValues(storage.addition),
    });
  }

  async deleteStorage(id: number): Promise<void> {
    await this.storageAction('delete', id, 'failed get storage: record not found');
  }

  async enableStorage(id: number): Promise<void> {
    await this.storageAction('enable', id, 'this storage have enabled');
  }

  async disableStorage(id: number): Promise<void> {
    await this.storageAction('disable', id, 'this storage have disabled');
  }

  async driverNames(): Promise<string[]> {
    return this.call({ ...this.admin('GET', '/api/admin/driver/names', 'read'), schema: driverNamesSchema });
  }

  async driverInfo(name: string): Promise<DriverInfo> {
    return this.call({ ...this.admin('GET', '/api/admin/driver/info', 'read'), query: { driver: name }, schema: driverInfoSchema });
  }

  close(): Promise<void> {
    return this.http.close();
  }

  // ---- connecting -------------------------------------------------------------------------

  private async fetchServerInfo(): Promise<ServerInfo> {
    const settings = await this.call({ operation: 'read', method: 'GET', endpoint: '/api/public/settings', authenticated: false, schema: publicSettingsSchema });
    return parseServerInfo(settings.version ?? '');
  }

  private async authenticate(base: BaseUrl, token: string | undefined): Promise<void> {
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
    this.token = await login(this.call, this.requireCredentials());
    assertAdmin(await fetchMe(this.call, this.token));
  }

  /** The user behind the token, or undefined when the server rejects it and a login can replace it. */
  private async checkToken(token: string): Promise<Awaited<ReturnType<typeof fetchMe>> | undefined> {
    try {
      return await fetchMe(this.call, token);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 401) throw error;
      if (!this.credentials) throw tokenRejected(error);
      this.warn(`The server rejected the token (${error.serverMessage}); logging in as "${this.credentials.username}" instead.`);
      return undefined;
    }
  }

  private requireCredentials(): Credentials {
    if (!this.credentials) throw new UsageError('A login is needed but no user name and password were given.');
    return this.credentials;
  }

  /**
   * One login for every request that met the same stale token (they may run concurrently); once the
   * server has refused it, no other login is tried.
   */
  private async refreshLogin(staleToken: string | undefined, serverMessage: string): Promise<void> {
    if (this.refusedRelogin) throw this.refusedRelogin;
    if (this.token !== staleToken) return;
    if (!this.loginInFlight) this.warn(`The server rejected the session token (${serverMessage}); logging in again.`);
    this.loginInFlight ??= login(this.call, this.requireCredentials())
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

  // ---- the retry loop ---------------------------------------------------------------------

  private async run<T>(spec: CallSpec<T>): Promise<T> {
    let retriesDone = 0;
    let anyMayHaveActed = false;
    let reloggedIn = false;
    for (;;) {
      const token = spec.authenticated ? this.token : spec.token;
      let envelope: Envelope;
      try {
        envelope = await this.http.attempt({ method: spec.method, endpoint: spec.endpoint, query: spec.query, body: spec.body, token });
      } catch (error) {
        if (!(error instanceof AttemptFailure)) throw error;
        if (mayHaveActed(error.kind)) anyMayHaveActed = true;
        const decision = decideRetry(spec.operation, error.kind);
        if (decision.action === 'give-up') throw this.transportError(spec, error.description, decision.outcome);
        if (retriesDone >= this.retries) {
          throw this.transportError(spec, `${error.description}, after ${retriesDone + 1} attempts`, finalOutcome(spec.operation, anyMayHaveActed));
        }
        retriesDone += 1;
        await this.waitBeforeRetry(spec, retriesDone, error.description);
        continue;
      }
      if (envelope.code === 200) return this.parseData(spec, envelope.data);
      const apiError = this.apiError(spec, envelope);
      if (envelope.code === 401 && spec.authenticated) {
        if (!this.credentials) throw tokenRejected(apiError);
        if (reloggedIn) throw apiError;
        // The token expired or the server restarted: one fresh login, then this request once more.
        reloggedIn = true;
        await this.refreshLogin(token, apiError.serverMessage);
        continue;
      }
      if (anyMayHaveActed && spec.afterAmbiguous?.(apiError)) return spec.schema.parse(null);
      throw apiError;
    }
  }

  private async waitBeforeRetry<T>(spec: CallSpec<T>, retry: number, reason: string): Promise<void> {
    const delayMs = backoffDelay(retry, this.backoff);
    this.options.onRetry?.({ method: spec.method, endpoint: spec.endpoint, attempt: retry + 1, reason, delayMs });
    const signal = this.options.signal;
    try {
      await delay(delayMs, undefined, signal ? { signal } : {});
    } catch (error) {
      if (signal?.aborted) throw abortedError(signal);
      throw error;
    }
  }

  private parseData<T>(spec: CallSpec<T>, data: unknown): T {
    const parsed = spec.schema.safeParse(data);
    if (parsed.success) return parsed.data;
    // Zod's issue texts name paths and types, never the values.
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(data)'}: ${issue.message}`)
      .join('; ');
    const outcome = spec.operation === 'read' || spec.operation === 'login' ? 'failed' : 'unknown';
    throw this.transportError(spec, `the reply has an unexpected shape (${issues})`, outcome, 'Is this an AList v3 / OpenList v4 server? Please report the server version.');
  }

  private apiError<T>(spec: CallSpec<T>, envelope: Envelope): ApiError {
    const secrets = [...this.knownSecrets(), ...(spec.secrets ?? [])];
    return new ApiError({ code: envelope.code, serverMessage: scrub(envelope.message, secrets), method: spec.method, endpoint: spec.endpoint, data: envelope.data });
  }

  private transportError<T>(spec: CallSpec<T>, description: string, outcome: 'failed' | 'unknown', hint?: string): TransportError {
    const consequence = outcome === 'unknown' ? ' The server may have acted on it: re-read before trying again.' : '';
    return new TransportError({
      message: `${spec.method} ${spec.endpoint} failed: ${description}.${consequence}`,
      outcome,
      method: spec.method,
      endpoint: spec.endpoint,
      ...(hint ? { hint } : {}),
    });
  }

  private knownSecrets(): string[] {
    const secrets = [this.token, this.options.token, this.options.password, this.options.otp];
    if (this.options.password) secrets.push(staticHash(this.options.password));
    return secrets.filter((s): s is string => typeof s === 'string');
  }

  private admin(method: HttpRequest['method'], endpoint: string, operation: OperationKind): Pick<CallSpec<unknown>, 'method' | 'endpoint' | 'operation' | 'authenticated'> {
    return { method, endpoint, operation, authenticated: true };
  }

  private async listPage(query: { page: number; per_page: number } | undefined): Promise<{ content: WireStorage[]; total: number }> {
    const page = await this.call({ ...this.admin('GET', '/api/admin/storage/list', 'read'), ...(query ? { query } : {}), schema: storagePageSchema });
    return { content: page.content ?? [], total: page.total };
  }

  private async storageAction(action: 'delete' | 'enable' | 'disable', id: number, alreadyDoneMessage: string): Promise<void> {
    await this.call({
      ...this.admin('POST', `/api/admin/storage/${action}`, 'idempotent-write'),
      query: { id },
      schema: noDataSchema,
      afterAmbiguous: (error) => error.serverMessage === alreadyDoneMessage,
    });
  }

  /** addition as a JSON string; for a create, only the optional fields this server version has. */
  private encodeStorage(storage: Partial<ServerStorage> & Pick<ServerStorage, 'addition'>, fields: 'supported' | 'as-read' = 'supported'): Record<string, unknown> {
    const { mount_details: _mountDetails, ...rest } = storage;
    const body = { ...rest, addition: JSON.stringify(storage.addition) };
    return fields === 'supported' ? withSupportedFields(body, this.serverInfo.supports) : body;
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

/** Server messages can echo request bytes (JSON decode errors quote the body): remove known secrets. */
export function scrub(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(REDACTED);
  }
  return out;
}
