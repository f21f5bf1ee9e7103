/**
 * AlistClient: the AList/OpenList admin API for storages, as the sync engine uses it (contract:
 * alist-api.md in the shared reference). A facade over the transport (http.ts), the session
 * (session.ts: login, re-login) whose `call` runs the retry policy (call.ts), and the storage
 * endpoints (storages.ts). It speaks model types only; callers hand it the secrets it must scrub.
 */
import type { ServerStorage, StorageCreate, StoragePatch } from '../model/storage.js';
import { parseBaseUrl } from './base-url.js';
import type { RetryInfo } from './call.js';
import type { ProxySettings } from './dispatcher.js';
import { HttpTransport } from './http.js';
import type { ReplyCaps } from './reply-caps.js';
import { DEFAULT_BACKOFF } from './retry.js';
import type { DriverInfo } from './schemas.js';
import type { ServerInfo } from './server-info.js';
import { Session, type ClientPhase, type SessionOptions } from './session.js';
import { StorageEndpoints } from './storages.js';

export type { RetryInfo } from './call.js';
export type { ClientPhase } from './session.js';
export { proxySettingsFrom, type ProxySettings } from './dispatcher.js';
export type { ServerInfo } from './server-info.js';
export type { DriverInfo } from './schemas.js';
export { DEFAULT_REPLY_CAPS, type ReplyCaps } from './reply-caps.js';

export interface ClientOptions extends SessionOptions {
  /** Base URL, with or without a sub-path and trailing slash. */
  url: string;
  /** Per attempt, from when it is written on a connection (not while queued), default 30 000. */
  timeoutMs?: number;
  /** To open a connection, default the smaller of 10 000 and timeoutMs. */
  connectTimeoutMs?: number;
  /** HTTP_PROXY / HTTPS_PROXY / NO_PROXY (proxySettingsFrom reads them from an environment). */
  proxy?: ProxySettings;
  /** Extra attempts for a retryable failure, default 4. */
  retries?: number;
  /** First backoff, default 200 (exponential, full jitter, capped at 5 s). */
  retryBaseMs?: number;
  /** Connections to the server (client-pool.ts), default 16. More requests in flight wait for a connection, without timing out meanwhile. */
  connections?: number;
  /** Ctrl-C: no new attempts or backoffs after it fires. */
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
  /** The most a reply may be, per kind (default DEFAULT_REPLY_CAPS): smaller in tests, so none streams 256 MB. */
  replyCaps?: ReplyCaps;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 4;
const DEFAULT_CONNECTIONS = 16;
/** A storage list slower than this on OpenList gets the hint about its storage details. */
const SLOW_LIST_MS = 2_000;

export class AlistClient {
  private readonly storages: StorageEndpoints;
  private slowListHinted = false;

  private constructor(
    private readonly http: HttpTransport,
    private readonly session: Session,
    private readonly onWarning: ((message: string) => void) | undefined,
    private readonly onPhase: ((phase: ClientPhase) => void) | undefined,
  ) {
    this.storages = new StorageEndpoints(session.call, () => session.server.supports);
  }

  /** Settings → version; token check or login; admin check: a client of an admin, or the reason why not. */
  static async connect(options: ClientOptions): Promise<AlistClient> {
    const client = await AlistClient.open(options);
    try {
      await client.session.verified;
      return client;
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /**
   * As `connect`, but returns before the admin check after a login has answered: the first reads go
   * out together with it (one round trip less). Every read answers, and every write is sent, only
   * once the check passed; when it fails, that is the error every call gives, whatever its own reply.
   * The caller closes the client then too.
   */
  static async open(options: ClientOptions): Promise<AlistClient> {
    const base = parseBaseUrl(options.url);
    const http = new HttpTransport(base, {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      connections: options.connections ?? DEFAULT_CONNECTIONS,
      ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      ...(options.proxy ? { proxy: options.proxy } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.replyCaps ? { replyCaps: options.replyCaps } : {}),
    });
    const session = new Session(
      http,
      {
        retries: Math.max(0, options.retries ?? DEFAULT_RETRIES),
        backoff: { baseMs: options.retryBaseMs ?? DEFAULT_BACKOFF.baseMs, capMs: DEFAULT_BACKOFF.capMs },
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onRetry ? { onRetry: options.onRetry } : {}),
      },
      options,
    );
    try {
      session.requireSomeCredential();
      await session.open(base);
      return new AlistClient(http, session, options.onWarning, options.onPhase);
    } catch (error) {
      await http.close();
      throw error;
    }
  }

  get server(): ServerInfo {
    return this.session.server;
  }

  /** HTTP requests sent so far (attempts, incl. retries). */
  get requestCount(): number {
    return this.http.requestCount;
  }

  async listStorages(): Promise<ServerStorage[]> {
    const started = Date.now();
    this.onPhase?.({ kind: 'listing' });
    try {
      const list = await this.afterAdminCheck(this.storages.list());
      this.hintIfSlowList(Date.now() - started);
      return list;
    } finally {
      this.onPhase?.({ kind: 'idle' });
    }
  }

  /**
   * OpenList ≥ v4.1.3 answers the storage list only once it has every storage's disk usage (up to
   * 3 s). Said once, with the setting that turns it off; the server's settings are never changed.
   */
  private hintIfSlowList(elapsedMs: number): void {
    if (this.slowListHinted || elapsedMs <= SLOW_LIST_MS || this.server.flavor !== 'openlist') return;
    this.slowListHinted = true;
    this.onWarning?.(
      `The storage list took ${(elapsedMs / 1000).toFixed(1)} s: OpenList waits for every storage's disk usage before it answers. ` +
        'To skip that, turn on the setting hide_storage_details_in_manage_page in the web UI (Settings); alist-batch never changes server settings.',
    );
  }

  getStorage(id: number): Promise<ServerStorage> {
    return this.afterAdminCheck(this.storages.get(id));
  }

  /**
   * → the new id. `secrets`: the storage's secret values, scrubbed from the server's messages.
   * Throws StorageInitError (created, driver failed), StorageInsertError (path taken), or
   * TransportError{outcome:'unknown'} when the create may have happened: re-read to find out.
   */
  async createStorage(storage: StorageCreate, secrets: readonly string[] = []): Promise<number> {
    await this.session.verified;
    return this.storages.create(storage, secrets);
  }

  /** `base` (the storage as read) with the patch applied: a full-row replace on the server. */
  async updateStorage(base: ServerStorage, patch: StoragePatch, secrets: readonly string[] = []): Promise<void> {
    await this.session.verified;
    return this.storages.update(base, patch, secrets);
  }

  /** Delete, enable and disable count "already done" on a retry after a lost reply as done. */
  async deleteStorage(id: number): Promise<void> {
    await this.session.verified;
    return this.storages.delete(id);
  }

  async enableStorage(id: number): Promise<void> {
    await this.session.verified;
    return this.storages.enable(id);
  }

  async disableStorage(id: number): Promise<void> {
    await this.session.verified;
    return this.storages.disable(id);
  }

  driverNames(): Promise<string[]> {
    return this.afterAdminCheck(this.storages.driverNames());
  }

  driverInfo(name: string): Promise<DriverInfo> {
    return this.afterAdminCheck(this.storages.driverInfo(name));
  }

  /**
   * A read already sent, answered only once the admin check passed: when the check fails, its
   * error is the one reported (and the read's own outcome is dropped).
   */
  private async afterAdminCheck<T>(reply: Promise<T>): Promise<T> {
    // A read that fails while the check is still out must not count as unhandled meanwhile.
    reply.catch(() => undefined);
    await this.session.verified;
    return reply;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
