/**
 * Fast structural checks for the replies that come by the thousand: the storage list (one row per
 * storage) and the create reply (one per new storage); and for the few replies of every run
 * (settings, login, /api/me, driver/info), whose first zod parse each costs a compile of its
 * schema (~1-3 ms each, ~5-7 ms for the four, measured cold). Each accepts exactly what its zod schema in
 * schemas.ts accepts, or answers undefined, and the caller then parses with the schema, whose
 * messages name what is wrong. Plain `typeof` tests on the parsed JSON: a zod parse of a 2,000-row
 * list cost more than everything else a no-op run does after start-up.
 * test/wire-check.test.ts holds the table to storageRowShape and both checks to the schemas.
 */
import type { DriverInfo, LoginData, Me, PublicSettings, WireStorage } from './schemas.js';

type Kind = 'int' | 'string' | 'boolean';

/**
 * Every key of a wire storage row (storageRowShape, addition as its JSON text): its kind, and
 * whether it may be missing. isWireStorage tests exactly these; the test holds both to the schema.
 */
export const WIRE_ROW_KEYS: Readonly<Record<string, { kind: Kind; optional: boolean }>> = {
  id: { kind: 'int', optional: false },
  mount_path: { kind: 'string', optional: false },
  order: { kind: 'int', optional: false },
  driver: { kind: 'string', optional: false },
  cache_expiration: { kind: 'int', optional: false },
  custom_cache_policies: { kind: 'string', optional: true },
  status: { kind: 'string', optional: false },
  addition: { kind: 'string', optional: false },
  remark: { kind: 'string', optional: false },
  modified: { kind: 'string', optional: false },
  disabled: { kind: 'boolean', optional: false },
  disable_index: { kind: 'boolean', optional: true },
  enable_sign: { kind: 'boolean', optional: false },
  order_by: { kind: 'string', optional: false },
  order_direction: { kind: 'string', optional: false },
  extract_folder: { kind: 'string', optional: false },
  web_proxy: { kind: 'boolean', optional: false },
  webdav_policy: { kind: 'string', optional: false },
  proxy_range: { kind: 'boolean', optional: false },
  down_proxy_url: { kind: 'string', optional: false },
  disable_proxy_sign: { kind: 'boolean', optional: true },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isOptionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';
const isOptionalBoolean = (value: unknown): boolean => value === undefined || typeof value === 'boolean';

/**
 * Whether `row` is a wire storage row as wireStorageSchema accepts it (extra keys allowed): the
 * table above written out, one test per key. Run once per listed row, in code not yet optimised:
 * a loop over the table with a test function per key took 9-15 ms for 2,000 rows, this 1-3 ms
 * (measured cold). test/wire-check.test.ts holds it to the schema, key by key.
 */
export function isWireStorage(row: unknown): row is WireStorage {
  return (
    isRecord(row) &&
    Number.isSafeInteger(row.id) &&
    typeof row.mount_path === 'string' &&
    Number.isSafeInteger(row.order) &&
    typeof row.driver === 'string' &&
    Number.isSafeInteger(row.cache_expiration) &&
    isOptionalString(row.custom_cache_policies) &&
    typeof row.status === 'string' &&
    typeof row.addition === 'string' &&
    typeof row.remark === 'string' &&
    typeof row.modified === 'string' &&
    typeof row.disabled === 'boolean' &&
    isOptionalBoolean(row.disable_index) &&
    typeof row.enable_sign === 'boolean' &&
    typeof row.order_by === 'string' &&
    typeof row.order_direction === 'string' &&
    typeof row.extract_folder === 'string' &&
    typeof row.web_proxy === 'boolean' &&
    typeof row.webdav_policy === 'string' &&
    typeof row.proxy_range === 'boolean' &&
    typeof row.down_proxy_url === 'string' &&
    isOptionalBoolean(row.disable_proxy_sign)
  );
}

/** A page of the storage list as storagePageSchema parses it, or undefined. */
export function acceptStoragePage(data: unknown): { content: WireStorage[] | null; total: number } | undefined {
  if (!isRecord(data) || !Number.isSafeInteger(data.total)) return undefined;
  const { content } = data;
  if (content !== null && !(Array.isArray(content) && content.every(isWireStorage))) return undefined;
  return { content, total: data.total as number };
}

/** A create's reply ({id}, a positive integer), as createdSchema parses it, or undefined. */
export function acceptCreated(data: unknown): { id: number } | undefined {
  if (!isRecord(data)) return undefined;
  const { id } = data;
  return Number.isSafeInteger(id) && (id as number) > 0 ? { id: id as number } : undefined;
}

/** GET /api/public/settings as publicSettingsSchema parses it (a loose object, `version` a string if present), or undefined. */
export function acceptSettings(data: unknown): PublicSettings | undefined {
  return isRecord(data) && (data.version === undefined || typeof data.version === 'string') ? data : undefined;
}

/** The login's reply as loginDataSchema parses it ({token}, a non-empty string; other keys dropped), or undefined. */
export function acceptLogin(data: unknown): LoginData | undefined {
  return isRecord(data) && typeof data.token === 'string' && data.token !== '' ? { token: data.token } : undefined;
}

/** GET /api/me as meSchema parses it (loose), or undefined. */
export function acceptMe(data: unknown): Me | undefined {
  if (!isRecord(data) || !Number.isSafeInteger(data.id) || typeof data.username !== 'string') return undefined;
  const { role, disabled } = data;
  const roleFits = Number.isSafeInteger(role) || (Array.isArray(role) && role.every((r) => Number.isSafeInteger(r)));
  return roleFits && (disabled === undefined || typeof disabled === 'boolean') ? (data as Me) : undefined;
}

const ITEM_STRINGS = ['name', 'type', 'default', 'options', 'help'] as const;

function isDriverItem(item: unknown): boolean {
  return isRecord(item) && typeof item.required === 'boolean' && ITEM_STRINGS.every((key) => typeof item[key] === 'string');
}

/** driver/info as driverInfoSchema parses it (every object loose), or undefined. */
export function acceptDriverInfo(data: unknown): DriverInfo | undefined {
  if (!isRecord(data) || !Array.isArray(data.common) || !Array.isArray(data.additional) || !isRecord(data.config)) return undefined;
  const { config } = data;
  const configFits =
    typeof config.name === 'string' &&
    typeof config.default_root === 'string' &&
    typeof config.local_sort === 'boolean' &&
    typeof config.no_cache === 'boolean' &&
    typeof config.no_upload === 'boolean';
  return configFits && data.common.every(isDriverItem) && data.additional.every(isDriverItem) ? (data as DriverInfo) : undefined;
}
