// node:http server: routing, the envelope, latency, faults, the Loading phase and the request log.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AuthUser, AuthState } from './auth.js';
import { driverInfo } from './driver-info.js';
import { DRIVERS, type DriverSpec } from './drivers.js';
import { type Envelope, LOADING_MESSAGE, failure, success } from './envelope.js';
import { BAD_GATEWAY_HTML, FaultPlan } from './faults.js';
import { goMarshal } from './gojson.js';
import { goPathClean } from './paths.js';
import { randomStreams } from './random.js';
import { indexHtml, publicSettings } from './settings.js';
import { StorageStore } from './storages.js';
import type { Emulator, EmulatorOptions, FaultKind, RequestLogEntry, StorageRow } from './types.js';
import { DEFAULT_VERSIONS, type ServerFeatures, serverFeatures } from './version.js';

const DEFAULT_ADMIN_TOKEN = 'alist-00000000-0000-4000-8000-000000000000' + 'e'.repeat(64);
const WRITE_PATHS = new Set(['create', 'update', 'delete', 'enable', 'disable'].map((p) => `/api/admin/storage/${p}`));
/** Paths the storages-loaded check lets through (A45 middlewares/check.go). */
/** OpenList gives each storage's disk usage this long before it answers the list without it. */
const STORAGE_DETAILS_CUTOFF_MS = 3_000;
const LOADING_EXEMPT = /^\/($|favicon\.ico$|assets\/|images\/|streamer\/|static\/)/;

interface RequestContext {
  query: URLSearchParams;
  body: string;
  authorization: string;
  clientIp: string;
  /** The authenticated user; null on routes without auth. */
  user: AuthUser | null;
}
type AuthLevel = 'none' | 'user' | 'admin';
interface Route {
  auth: AuthLevel;
  handle(ctx: RequestContext): Envelope;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
  envelopeCode: number | null;
}

const jsonReply = (envelope: Envelope): Reply => ({
  status: 200,
  headers: { 'Content-Type': 'application/json; charset=utf-8' },
  body: goMarshal(envelope),
  envelopeCode: envelope.code,
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** gin's ClientIP with every proxy trusted: the left-most X-Forwarded-For, then X-Real-IP. */
function clientIp(req: IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  if (first) return first;
  const real = req.headers['x-real-ip'];
  if (typeof real === 'string' && real.trim() !== '') return real.trim();
  return (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** '' and '/' mean "no base path"; otherwise a cleaned '/x' form. */
function normaliseBasePath(basePath: string | undefined): string {
  if (!basePath) return '';
  const cleaned = goPathClean('/' + basePath);
  return cleaned === '/' ? '' : cleaned;
}

export class EmulatorServer implements Emulator {
  url = '';
  readonly adminToken: string;
  readonly log: RequestLogEntry[] = [];
  private readonly server: Server;
  private readonly features: ServerFeatures;
  private readonly basePath: string;
  private readonly auth: AuthState;
  private readonly store: StorageStore;
  private readonly faults: FaultPlan;
  private readonly routes: Map<string, Route>;
  private readonly initFailures;
  private readonly loadAllMs: number;
  private readonly storageDetailsMs: number;
  private readonly hideStorageDetails: boolean;
  private readonly driverOrder: () => number;
  private readonly drivers: ReadonlyMap<string, DriverSpec>;
  private latencyMs: number;
  private writes = 0;
  private inFlightNow = 0;
  private inFlightMax = 0;
  private loadingUntil = 0;
  private loadingWaiters: (() => void)[] = [];
  private loadingTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: EmulatorOptions) {
    const flavor = options.flavor ?? 'alist';
    const now = options.now ?? Date.now;
    const random = randomStreams(options.seed ?? 1);
    this.features = serverFeatures(flavor, options.version ?? DEFAULT_VERSIONS[flavor]);
    this.basePath = normaliseBasePath(options.basePath);
    this.latencyMs = options.latencyMs ?? 0;
    this.loadAllMs = options.loadAllMs ?? 100;
    this.storageDetailsMs = options.storageDetailsMs ?? 0;
    this.hideStorageDetails = options.hideStorageDetails ?? false;
    this.adminToken = options.adminToken ?? DEFAULT_ADMIN_TOKEN;
    this.initFailures = [...(options.initFailures ?? [])];
    this.driverOrder = random.order.next;
    this.drivers = new Map([...DRIVERS].filter(([name]) => !(options.withoutDrivers ?? []).includes(name)));
    this.auth = new AuthState({
      users: options.users ?? [{ username: 'admin', password: 'admin-pass' }],
      adminToken: this.adminToken,
      features: this.features,
      now,
      lockoutMs: options.lockoutMs ?? 5 * 60_000,
      random: random.tokens,
    });
    this.store = new StorageStore({
      features: this.features,
      now,
      random: random.rotation,
      rotateOnInit: options.rotateOnInit ?? true,
      initFailures: this.initFailures,
      drivers: this.drivers,
    });
    this.faults = new FaultPlan(random.faults);
    this.routes = this.buildRoutes();
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${address.port}${this.basePath}`;
  }

  // ---- routes --------------------------------------------------------------------------------

  private buildRoutes(): Map<string, Route> {
    const store = this.store;
    const auth = this.auth;
    const admin = (handle: (ctx: RequestContext) => Envelope): Route => ({ auth: 'admin', handle });
    const routes: [string, Route][] = [
      ['POST /api/auth/login', { auth: 'none', handle: (c) => auth.login(c.body, c.clientIp, false) }],
      ['POST /api/auth/login/hash', { auth: 'none', handle: (c) => auth.login(c.body, c.clientIp, true) }],
      ['GET /api/auth/logout', { auth: 'user', handle: (c) => auth.logout(c.authorization) }],
      ['GET /api/me', { auth: 'user', handle: (c) => auth.me(c.user) }],
      ['GET /api/admin/storage/list', admin((c) => store.list(c.query))],
      ['GET /api/admin/storage/get', admin((c) => store.get(c.query))],
      ['POST /api/admin/storage/create', admin((c) => store.create(c.body))],
      ['POST /api/admin/storage/update', admin((c) => store.update(c.body))],
      ['POST /api/admin/storage/delete', admin((c) => store.remove(c.query))],
      ['POST /api/admin/storage/enable', admin((c) => store.enable(c.query))],
      ['POST /api/admin/storage/disable', admin((c) => store.disable(c.query))],
      ['POST /api/admin/storage/load_all', admin(() => this.loadAll())],
      ['GET /api/admin/driver/names', admin(() => success(this.driverNames()))],
      ['GET /api/admin/driver/list', admin(() => success(this.driverList()))],
      ['GET /api/admin/driver/info', admin((c) => this.driverInfoReply(c.query.get('driver') ?? ''))],
    ];
    // public.Any: every method.
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']) {
      routes.push([`${method} /api/public/settings`, { auth: 'none', handle: () => success(publicSettings(this.features)) }]);
    }
    return new Map(routes);
  }

  private loadAll(): Envelope {
    this.store.reloadAll();
    this.startLoading(this.loadAllMs);
    return success();
  }

  /** Random order, as the server iterates a Go map; drawn from the seeded source. */
  private driverNames(): string[] {
    const names = [...this.drivers.keys()];
    for (let i = names.length - 1; i > 0; i--) {
      const j = Math.floor(this.driverOrder() * (i + 1));
      [names[i], names[j]] = [names[j]!, names[i]!];
    }
    return names;
  }

  private driverList(): Record<string, ReturnType<typeof driverInfo>> {
    const names = [...this.drivers.keys()].sort();
    return Object.fromEntries(names.map((n) => [n, driverInfo(this.drivers.get(n)!, this.features)]));
  }

  private driverInfoReply(name: string): Envelope {
    const spec = this.drivers.get(name);
    return spec ? success(driverInfo(spec, this.features)) : failure(404, `driver [${name}] not found`);
  }

  // ---- request pipeline ----------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlightNow += 1;
    this.inFlightMax = Math.max(this.inFlightMax, this.inFlightNow);
    res.on('close', () => {
      this.inFlightNow -= 1;
    });
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://emulator');
    const relPath = this.relativePath(url.pathname);
    const entry: RequestLogEntry = {
      method,
      path: relPath ?? url.pathname,
      query: url.search.replace(/^\?/, ''),
      envelopeCode: null,
      httpStatus: null,
      fault: null,
    };
    this.log.push(entry);
    try {
      if (this.latencyMs > 0) await sleep(this.latencyMs);
      const fault = this.faults.draw(method, entry.path);
      entry.fault = fault;
      if (fault === 'reset') {
        req.socket.resetAndDestroy();
        return;
      }
      const reply = await this.replyFor(req, method, url, relPath, entry);
      entry.envelopeCode = reply.envelopeCode;
      if (fault === 'lost-response') {
        // The request was handled (the write happened); the client never hears about it.
        req.socket.destroy();
        return;
      }
      entry.httpStatus = reply.status;
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    } catch (error) {
      entry.httpStatus = 500;
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`emulator error: ${(error as Error).message}`);
    }
  }

  /** The path after the base path, or null when the request is outside it. */
  private relativePath(pathname: string): string | null {
    if (this.basePath === '') return pathname;
    if (pathname === this.basePath) return '/';
    return pathname.startsWith(this.basePath + '/') ? pathname.slice(this.basePath.length) : null;
  }

  private async replyFor(req: IncomingMessage, method: string, url: URL, relPath: string | null, entry: RequestLogEntry): Promise<Reply> {
    const fault = entry.fault;
    if (fault === 'http-502') return { status: 502, headers: { 'Content-Type': 'text/html' }, body: BAD_GATEWAY_HTML, envelopeCode: null };
    if (fault === 'loading') return jsonReply(failure(500, LOADING_MESSAGE));
    if (relPath === null) {
      if (url.pathname === '/' && method === 'GET') return { status: 302, headers: { Location: this.basePath }, body: '', envelopeCode: null };
      return this.noRoute(method);
    }
    if (this.isLoading() && !LOADING_EXEMPT.test(relPath)) {
      if (this.features.flavor === 'alist') return jsonReply(failure(500, LOADING_MESSAGE));
      await this.loadingFinished();
    }
    const route = this.routes.get(`${method} ${relPath}`);
    if (!route) return this.unmatched(method, url, relPath);
    const body = method === 'POST' ? await this.bindableBody(req) : '';
    // What a client sent to the storage endpoints (never a login: that body holds the password).
    if (method === 'POST' && relPath.startsWith('/api/admin/storage/')) entry.body = body;
    const authorization = req.headers.authorization ?? '';
    const ctx: RequestContext = { query: url.searchParams, body, authorization, clientIp: clientIp(req), user: null };
    if (route.auth !== 'none') {
      const result = this.auth.authenticate(authorization, route.auth === 'admin');
      if ('reply' in result) return jsonReply(result.reply);
      ctx.user = result.user;
    }
    if (method === 'POST' && WRITE_PATHS.has(relPath)) this.writes += 1;
    const reply = jsonReply(route.handle(ctx));
    if (relPath === '/api/admin/storage/list') await this.storageDetails();
    return reply;
  }

  /** OpenList ≥ v4.1.3: the list waits for every storage's details, fetched side by side, each cut off at 3 s. */
  private async storageDetails(): Promise<void> {
    if (!this.features.storageDetails || this.hideStorageDetails || this.storageDetailsMs <= 0) return;
    if (this.store.rows().length === 0) return;
    await sleep(Math.min(STORAGE_DETAILS_CUTOFF_MS, this.storageDetailsMs));
  }

  /** gin binds by Content-Type: without JSON a POST is an (empty) form, so required fields fail. */
  private async bindableBody(req: IncomingMessage): Promise<string> {
    const text = await readBody(req);
    return (req.headers['content-type'] ?? '').includes('application/json') ? text : '{}';
  }

  /** gin's trailing-slash redirect, else NoRoute. */
  private unmatched(method: string, url: URL, relPath: string): Reply {
    if (relPath.length > 1 && relPath.endsWith('/') && this.routes.has(`${method} ${relPath.slice(0, -1)}`)) {
      const location = this.basePath + relPath.slice(0, -1) + url.search;
      return { status: method === 'GET' ? 301 : 307, headers: { Location: location }, body: '', envelopeCode: null };
    }
    return this.noRoute(method);
  }

  /** The SPA's index.html for GET/POST, a bare 405 otherwise. */
  private noRoute(method: string): Reply {
    if (method === 'GET' || method === 'POST') {
      return { status: 200, headers: { 'Content-Type': 'text/html' }, body: indexHtml(this.features), envelopeCode: null };
    }
    return { status: 405, headers: {}, body: '', envelopeCode: null };
  }

  // ---- Loading phase -------------------------------------------------------------------------

  private isLoading(): boolean {
    return Date.now() < this.loadingUntil;
  }

  private loadingFinished(): Promise<void> {
    return new Promise((resolve) => this.loadingWaiters.push(resolve));
  }

  startLoading(durationMs: number): void {
    this.loadingUntil = Math.max(this.loadingUntil, Date.now() + durationMs);
    if (this.loadingTimer) clearTimeout(this.loadingTimer);
    this.loadingTimer = setTimeout(() => this.endLoading(), this.loadingUntil - Date.now());
  }

  private endLoading(): void {
    this.loadingTimer = undefined;
    this.loadingUntil = 0;
    const waiters = this.loadingWaiters;
    this.loadingWaiters = [];
    for (const wake of waiters) wake();
  }

  // ---- knobs ---------------------------------------------------------------------------------

  async close(): Promise<void> {
    if (this.loadingTimer) clearTimeout(this.loadingTimer);
    this.endLoading();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  rows(): StorageRow[] {
    return this.store.rows();
  }
  row(mountPath: string): StorageRow | undefined {
    return this.store.row(mountPath);
  }
  insertRow(partial: Partial<StorageRow> & { mount_path: string; driver: string }): StorageRow {
    return this.store.insertRow(partial);
  }
  setStatus(mountPath: string, status: string): void {
    this.store.setStatus(mountPath, status);
  }
  editRow(mountPath: string, changes: Partial<Omit<StorageRow, 'id'>>): void {
    this.store.editRow(mountPath, changes);
  }
  dropRow(mountPath: string): void {
    this.store.dropRow(mountPath);
  }
  writeCount(): number {
    return this.writes;
  }
  maxConcurrency(): number {
    return this.inFlightMax;
  }
  inFlight(): number {
    return this.inFlightNow;
  }
  resetStats(): void {
    this.log.length = 0;
    this.writes = 0;
    this.inFlightMax = this.inFlightNow;
  }
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }
  addFault(rule: Parameters<Emulator['addFault']>[0]): void {
    this.faults.add(rule);
  }
  clearFaults(): void {
    this.faults.clear();
  }
  invalidateTokens(): void {
    this.auth.invalidateAll();
  }
  addInitFailure(rule: Parameters<Emulator['addInitFailure']>[0]): void {
    this.initFailures.push(rule);
  }
  clearInitFailures(): void {
    this.initFailures.length = 0;
  }
}
