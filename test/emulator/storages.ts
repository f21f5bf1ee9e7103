// The storage table and the /api/admin/storage/* handlers (alist-api.md §3–§4).
import { type AdditionValues, type DriverSpec, decodeAddition, encodeAddition, zeroAddition } from './drivers.js';
import { type Envelope, failure, isEnvelope, success } from './envelope.js';
import { type GoField, type GoValue, decodeInto, parseJsonDocument, zeroValue } from './gojson.js';
import { fixAndCleanPath } from './paths.js';
import type { RandomSource } from './random.js';
import type { InitFailureRule, StorageRow } from './types.js';
import type { ServerFeatures } from './version.js';

/** model.Storage in wire order; the optional ones exist only on some versions. */
const ALL_STORAGE_FIELDS: readonly (GoField & { gate?: keyof ServerFeatures })[] = [
  { key: 'id', kind: 'uint' },
  { key: 'mount_path', kind: 'string' },
  { key: 'order', kind: 'int' },
  { key: 'driver', kind: 'string' },
  { key: 'cache_expiration', kind: 'int' },
  { key: 'custom_cache_policies', kind: 'string', gate: 'customCachePolicies' },
  { key: 'status', kind: 'string' },
  { key: 'addition', kind: 'string' },
  { key: 'remark', kind: 'string' },
  { key: 'modified', kind: 'time' },
  { key: 'disabled', kind: 'bool' },
  { key: 'disable_index', kind: 'bool', gate: 'disableIndex' },
  { key: 'enable_sign', kind: 'bool' },
  { key: 'order_by', kind: 'string' },
  { key: 'order_direction', kind: 'string' },
  { key: 'extract_folder', kind: 'string' },
  { key: 'web_proxy', kind: 'bool' },
  { key: 'webdav_policy', kind: 'string' },
  { key: 'proxy_range', kind: 'bool' },
  { key: 'down_proxy_url', kind: 'string' },
  { key: 'disable_proxy_sign', kind: 'bool', gate: 'disableProxySign' },
];

const MOUNT_PATH_REQUIRED = "Key: 'Storage.MountPath' Error:Field validation for 'MountPath' failed on the 'required' tag";
const NOT_FOUND = 'record not found';

/** A driver instance "in memory", keyed by mount path, as op.storagesMap. */
interface MountedDriver {
  spec: DriverSpec;
  values: AdditionValues;
}

export interface StoreOptions {
  features: ServerFeatures;
  now: () => number;
  random: RandomSource;
  rotateOnInit: boolean;
  initFailures: InitFailureRule[];
  /** The drivers this server has (all of DRIVERS unless it was built without some). */
  drivers: ReadonlyMap<string, DriverSpec>;
}

/** Go's RFC3339Nano: fractional zeros trimmed. UTC keeps it deterministic. */
function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac ? `.${frac}Z` : 'Z'));
}

function matches(pattern: string | RegExp, value: string): boolean {
  return typeof pattern === 'string' ? pattern === value : pattern.test(value);
}

export function ruleMatches(rule: InitFailureRule, mountPath: string, driver: string, values: AdditionValues): boolean {
  if (rule.mountPath !== undefined && !matches(rule.mountPath, mountPath)) return false;
  if (rule.driver !== undefined && rule.driver !== driver) return false;
  for (const [key, pattern] of Object.entries(rule.addition ?? {})) {
    const value = values[key];
    if (value === undefined || !matches(pattern, String(value))) return false;
  }
  return true;
}

/** strconv.Atoi as used for the `id` query parameter. */
function parseIdQuery(query: URLSearchParams): number | Envelope {
  const raw = query.get('id') ?? '';
  if (!/^[+-]?\d+$/.test(raw)) return failure(400, `strconv.Atoi: parsing ${JSON.stringify(raw)}: invalid syntax`);
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) return failure(400, `strconv.Atoi: parsing ${JSON.stringify(raw)}: value out of range`);
  return n;
}

/** gin's form binding of an int: '' is 0, anything else must parse. */
function parseIntQuery(query: URLSearchParams, name: string): number | Envelope {
  const raw = query.get(name) ?? '';
  if (raw === '') return 0;
  if (!/^[+-]?\d+$/.test(raw)) return failure(400, `strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
  return Number(raw);
}

export class StorageStore {
  private readonly table = new Map<number, StorageRow>();
  private readonly mounted = new Map<string, MountedDriver>();
  private nextId = 1;
  private readonly fields: readonly GoField[];

  constructor(private readonly opts: StoreOptions) {
    this.fields = ALL_STORAGE_FIELDS.filter((f) => f.gate === undefined || opts.features[f.gate]);
  }

  // ---- read side -----------------------------------------------------------------------------

  /** Ordered as list orders them: `order`, then `id`. Deep copies. */
  rows(): StorageRow[] {
    return [...this.table.values()].sort((a, b) => a.order - b.order || a.id - b.id).map((r) => ({ ...r }));
  }

  row(mountPath: string): StorageRow | undefined {
    const found = this.findByPath(mountPath);
    return found ? { ...found } : undefined;
  }

  private findByPath(mountPath: string): StorageRow | undefined {
    return [...this.table.values()].find((r) => r.mount_path === mountPath);
  }

  list(query: URLSearchParams): Envelope {
    const page = parseIntQuery(query, 'page');
    if (typeof page !== 'number') return page;
    const perPage = parseIntQuery(query, 'per_page');
    if (typeof perPage !== 'number') return perPage;
    const all = this.rows();
    const size = perPage < 1 ? all.length : perPage;
    const start = (Math.max(page, 1) - 1) * size;
    return success({ content: all.slice(start, start + size), total: all.length });
  }

  get(query: URLSearchParams): Envelope {
    const id = parseIdQuery(query);
    if (typeof id !== 'number') return id;
    // GORM First with id 0 adds no condition and returns the first row.
    const row = id === 0 ? [...this.table.values()].sort((a, b) => a.id - b.id)[0] : this.table.get(id);
    return row ? success({ ...row }) : failure(500, NOT_FOUND);
  }

  // ---- create / update -----------------------------------------------------------------------

  private parseStorageBody(bodyText: string): Record<string, GoValue> | Envelope {
    let doc: unknown;
    try {
      doc = parseJsonDocument(bodyText);
    } catch (e) {
      return failure(400, (e as Error).message);
    }
    const zero = Object.fromEntries(this.fields.map((f) => [f.key, zeroValue(f.kind)]));
    const decoded = decodeInto('model.Storage', this.fields, doc, zero);
    if (decoded.error) return failure(400, decoded.error);
    if (decoded.values.mount_path === '') return failure(400, MOUNT_PATH_REQUIRED);
    return decoded.values;
  }

  private uniqueError(): string {
    return this.opts.features.flavor === 'openlist'
      ? 'constraint failed: UNIQUE constraint failed: x_storages.mount_path (2067)'
      : 'UNIQUE constraint failed: x_storages.mount_path';
  }

  /** A row from decoded body values, keys in wire order, only the fields this version has. */
  private buildRow(values: Record<string, GoValue>, overrides: Partial<StorageRow>): StorageRow {
    const merged: Record<string, GoValue> = { ...values, ...overrides };
    return Object.fromEntries(this.fields.map((f) => [f.key, merged[f.key] ?? zeroValue(f.kind)])) as unknown as StorageRow;
  }

  create(bodyText: string): Envelope {
    const values = this.parseStorageBody(bodyText);
    if (isEnvelope(values)) return values;
    const mountPath = fixAndCleanPath(String(values.mount_path));
    const driverName = String(values.driver);
    const spec = this.opts.drivers.get(driverName);
    if (!spec) return failure(500, `failed get driver new: no driver named: ${driverName}`, { id: 0 });
    if (this.findByPath(mountPath)) return failure(500, `failed create storage in database: ${this.uniqueError()}`, { id: 0 });
    const requestedId = Number(values.id);
    if (requestedId > 0 && this.table.has(requestedId)) {
      return failure(500, 'failed create storage in database: UNIQUE constraint failed: x_storages.id', { id: 0 });
    }
    const id = requestedId > 0 ? requestedId : this.nextId;
    this.nextId = Math.max(this.nextId, id + 1);
    const row = this.buildRow(values, { id, mount_path: mountPath, modified: rfc3339Nano(this.opts.now()), status: '' });
    this.table.set(id, row);
    // `disabled` is not checked on create: the storage is initialised and mounted anyway.
    const error = this.initStorage(row, spec, zeroAddition(spec.fields(this.opts.features)));
    if (error !== null) {
      return failure(500, `failed init storage but storage is already created: failed init storage: ${error}`, { id });
    }
    return success({ id });
  }

  update(bodyText: string): Envelope {
    const values = this.parseStorageBody(bodyText);
    if (isEnvelope(values)) return values;
    const old = this.table.get(Number(values.id));
    if (!old) return failure(500, `failed get old storage: ${NOT_FOUND}`);
    if (values.driver !== old.driver) return failure(500, 'driver cannot be changed');
    const mountPath = fixAndCleanPath(String(values.mount_path));
    const clash = this.findByPath(mountPath);
    if (clash && clash.id !== old.id) return failure(500, `failed update storage in database: ${this.uniqueError()}`);
    // Top-level fields are fully replaced; the client's addition string is saved as sent until init
    // re-serialises it. `status` stays server-owned.
    const row = this.buildRow(values, {
      id: old.id,
      mount_path: mountPath,
      modified: rfc3339Nano(this.opts.now()),
      status: values.disabled === true ? 'disabled' : old.status,
    });
    this.table.set(old.id, row);
    if (row.disabled) return success();
    const instance = this.mounted.get(old.mount_path);
    if (!instance) return failure(500, `failed get storage driver: no mount path for an storage is: ${old.mount_path}`);
    this.mounted.delete(old.mount_path);
    const error = this.initStorage(row, instance.spec, instance.values);
    return error === null ? success() : failure(500, `failed init storage: ${error}`);
  }

  /**
   * op.initStorage: unmarshal the addition over `base`, run the driver's Init (here: local patches,
   * injected failures, write-backs), save the re-serialised addition and the status, and keep the
   * driver in memory whether or not init succeeded. Returns the driver error text or null.
   */
  private initStorage(row: StorageRow, spec: DriverSpec, base: AdditionValues): string | null {
    const fields = spec.fields(this.opts.features);
    const decoded = decodeAddition(fields, row.addition, base);
    const values = decoded.values;
    let error = decoded.error ?? null;
    if (error === null) {
      spec.patch?.(values);
      error = spec.check?.(values, this.opts.features) ?? null;
    }
    if (error === null) {
      const rule = this.opts.initFailures.find((r) => ruleMatches(r, row.mount_path, row.driver, values));
      if (rule) error = rule.message;
    }
    if (error === null && this.opts.rotateOnInit) {
      spec.rotate?.(values, { now: this.opts.now(), randomHex: (n) => this.opts.random.hex(n) });
    }
    row.addition = encodeAddition(fields, values);
    row.status = error ?? 'work';
    this.mounted.set(row.mount_path, { spec, values });
    return error;
  }

  /** op.LoadStorage: a new driver (zero values) initialised from the stored addition. */
  private loadStorage(row: StorageRow): string | null {
    const spec = this.opts.drivers.get(row.driver);
    if (!spec) return `no driver named: ${row.driver}`;
    return this.initStorage(row, spec, zeroAddition(spec.fields(this.opts.features)));
  }

  // ---- delete / enable / disable / load_all --------------------------------------------------

  private rowForQuery(query: URLSearchParams): StorageRow | Envelope {
    const id = parseIdQuery(query);
    if (typeof id !== 'number') return id;
    return this.table.get(id) ?? failure(500, `failed get storage: ${NOT_FOUND}`);
  }

  private notMounted(row: StorageRow): Envelope {
    return failure(500, `failed get storage driver: no mount path for an storage is: ${row.mount_path}`);
  }

  remove(query: URLSearchParams): Envelope {
    const row = this.rowForQuery(query);
    if (isEnvelope(row)) return row;
    if (!row.disabled) {
      if (!this.mounted.has(row.mount_path)) return this.notMounted(row);
      this.mounted.delete(row.mount_path);
    }
    this.table.delete(row.id);
    return success();
  }

  enable(query: URLSearchParams): Envelope {
    const row = this.rowForQuery(query);
    if (isEnvelope(row)) return row;
    if (!row.disabled) return failure(500, 'this storage have enabled');
    row.disabled = false;
    const error = this.loadStorage(row);
    return error === null ? success() : failure(500, `failed load storage: failed init storage: ${error}`);
  }

  disable(query: URLSearchParams): Envelope {
    const row = this.rowForQuery(query);
    if (isEnvelope(row)) return row;
    if (row.disabled) return failure(500, 'this storage have disabled');
    if (!this.mounted.has(row.mount_path)) return this.notMounted(row);
    this.mounted.delete(row.mount_path);
    row.disabled = true;
    row.status = 'disabled';
    return success();
  }

  /** load_all: every enabled storage that is in memory is dropped and loaded again. */
  reloadAll(): void {
    for (const row of this.table.values()) {
      if (row.disabled || !this.mounted.has(row.mount_path)) continue;
      this.mounted.delete(row.mount_path);
      this.loadStorage(row);
    }
  }

  // ---- test knobs ----------------------------------------------------------------------------

  /** A storage "made by hand in the web UI": no init, mounted unless disabled. */
  insertRow(partial: Partial<StorageRow> & { mount_path: string; driver: string }): StorageRow {
    const spec = this.opts.drivers.get(partial.driver);
    if (!spec) throw new Error(`emulator: unknown driver ${partial.driver}`);
    const mountPath = fixAndCleanPath(partial.mount_path);
    if (this.findByPath(mountPath)) throw new Error(`emulator: mount path ${mountPath} already exists`);
    const fields = spec.fields(this.opts.features);
    const id = partial.id ?? this.nextId;
    if (this.table.has(id)) throw new Error(`emulator: id ${id} already exists`);
    this.nextId = Math.max(this.nextId, id + 1);
    const disabled = partial.disabled ?? false;
    const defaults: Partial<StorageRow> = { cache_expiration: 30, webdav_policy: '302_redirect', addition: encodeAddition(fields, zeroAddition(fields)) };
    const row = this.buildRow(
      {},
      {
        ...defaults,
        ...partial,
        id,
        mount_path: mountPath,
        disabled,
        status: partial.status ?? (disabled ? 'disabled' : 'work'),
        modified: partial.modified ?? rfc3339Nano(this.opts.now()),
      },
    );
    this.table.set(id, row);
    if (!disabled) {
      const decoded = decodeAddition(fields, row.addition, zeroAddition(fields));
      this.mounted.set(mountPath, { spec, values: decoded.values });
    }
    return { ...row };
  }

  /**
   * An administrator's edit "in the web UI", straight into the row (the stored addition text too),
   * without a driver restart: for tests that change a storage between a client's reads and writes.
   */
  editRow(mountPath: string, changes: Partial<Omit<StorageRow, 'id'>>): void {
    const row = this.findByPath(fixAndCleanPath(mountPath));
    if (!row) throw new Error(`emulator: no storage at ${mountPath}`);
    Object.assign(row, changes);
  }

  /** A storage deleted "in the web UI" (or by another client), without a word to anyone else. */
  dropRow(mountPath: string): void {
    const row = this.findByPath(fixAndCleanPath(mountPath));
    if (!row) throw new Error(`emulator: no storage at ${mountPath}`);
    this.table.delete(row.id);
    this.mounted.delete(row.mount_path);
  }

  setStatus(mountPath: string, status: string): void {
    const row = this.findByPath(fixAndCleanPath(mountPath));
    if (!row) throw new Error(`emulator: no storage at ${mountPath}`);
    row.status = status;
  }
}
