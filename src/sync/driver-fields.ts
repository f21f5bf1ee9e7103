/**
 * The stated storage fields (order, webdav_policy, custom_cache_policies, …) against the driver's
 * common items on this server (alist-api.md §5): a field the form does not offer is one this server
 * version does not have (OpenList's fields on AList), or one this driver does not use (local sort,
 * cache, the choice to proxy); a select's value must be among its options (must-proxy drivers offer
 * only the proxy policies for WebDAV).
 */
import type { Diagnostic } from '../errors.js';
import { quote } from '../model/display.js';
import type { DriverInfo } from '../model/driver-info.js';
import { serverLabel, type ServerInfo } from '../model/server-info.js';
import { DEFAULT_STORAGE_FIELDS, type DesiredStorage, type StorageFieldName } from '../model/storage.js';
import { allowedValues, isSelect, itemsByName } from './driver-items.js';

/** Fields that are no item of the form: `disabled` is set through enable/disable, not the form. */
const NOT_IN_FORM: ReadonlySet<StorageFieldName> = new Set(['disabled']);

/** The server versions that have the optional fields (alist-api.md §7). */
const INTRODUCED_IN: Partial<Record<StorageFieldName, string>> = {
  custom_cache_policies: 'OpenList ≥ v4.1.9',
  disable_proxy_sign: 'OpenList ≥ v4.0.9',
  disable_index: 'AList ≥ v3.42.0 or OpenList',
};

/**
 * The storage without the `defaults.all` fields its driver's form does not offer (a storage `order_by`
 * where the server does not sort, `cache_expiration` where nothing is cached): `all` means every
 * driver that has the field. A field this server version lacks altogether stays, and is refused.
 */
export function withoutInapplicable(storage: DesiredStorage, info: DriverInfo): DesiredStorage {
  const general = storage.forAllDrivers;
  if (general === undefined || general.length === 0) return storage;
  const items = itemsByName(info.common);
  const dropped = general.filter((name) => !NOT_IN_FORM.has(name) && INTRODUCED_IN[name] === undefined && !items.has(name));
  if (dropped.length === 0) return storage;
  const fields = { ...storage.fields };
  const at = { ...storage.at.fields };
  for (const name of dropped) {
    Object.assign(fields, { [name]: DEFAULT_STORAGE_FIELDS[name] });
    delete at[name];
  }
  return {
    ...storage,
    fields,
    managed: { ...storage.managed, fields: storage.managed.fields.filter((name) => !dropped.includes(name)) },
    at: { ...storage.at, fields: at },
    forAllDrivers: general.filter((name) => !dropped.includes(name)),
  };
}

export function fieldProblems(storage: DesiredStorage, info: DriverInfo, server: Pick<ServerInfo, 'version' | 'flavor'>): Diagnostic[] {
  const items = itemsByName(info.common);
  const problems: Diagnostic[] = [];
  for (const name of storage.managed.fields) {
    if (NOT_IN_FORM.has(name)) continue;
    const where = storage.at.fields[name] ?? storage.source;
    const item = items.get(name);
    const value = storage.fields[name];
    let message: string | undefined;
    if (!item) message = missingField(name, storage.driver, info, server);
    else if (isSelect(item) && typeof value === 'string' && value !== '') {
      const allowed = allowedValues(item);
      if (allowed.length > 0 && !allowed.includes(value)) message = `${name} must be one of ${allowed.join(', ')} for ${storage.driver} (got ${quote(value)})`;
    }
    if (message !== undefined) problems.push({ file: where.file, line: where.line, col: where.col, message });
  }
  return problems;
}

/** Why the form has no such field: the server version, or what the driver is. */
function missingField(name: StorageFieldName, driver: string, info: DriverInfo, server: Pick<ServerInfo, 'version' | 'flavor'>): string {
  const since = INTRODUCED_IN[name];
  if (since !== undefined) return `${name} needs ${since}; the server is ${serverLabel(server)}: remove it from the files`;
  if (name === 'order_by' || name === 'order_direction') {
    const own = info.additional.some((item) => item.name === name);
    return `${name} is a storage setting only for drivers the server sorts itself, and ${driver} does not${own ? `: use addition.${name} for this driver's own sorting` : ''}`;
  }
  if (name === 'cache_expiration') return `${driver} caches nothing, so cache_expiration does not apply: remove it`;
  if (name === 'web_proxy') return `${driver} always goes through the server (it must proxy), so web_proxy does not apply: remove it`;
  return `${name} is not a setting of ${driver} on this server (${serverLabel(server)}): remove it`;
}
