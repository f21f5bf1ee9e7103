// GET /api/admin/driver/info|list (alist-api.md §5): the common items by the driver's Config, the
// additional items from its Addition fields, and the Config as AList or OpenList serialise it.
import type { DriverConfig, DriverSpec } from './driver-spec.js';
import type { ServerFeatures } from './version.js';

export interface DriverItem {
  name: string;
  type: string;
  default: string;
  options: string;
  required: boolean;
  help: string;
}

const item = (name: string, type: string, extra: Partial<Omit<DriverItem, 'name' | 'type'>> = {}): DriverItem => ({
  name,
  type,
  default: extra.default ?? '',
  options: extra.options ?? '',
  required: extra.required ?? false,
  help: extra.help ?? '',
});

const preferProxy = (config: DriverConfig, f: ServerFeatures): boolean => f.flavor === 'openlist' && (config.preferProxy?.(f) ?? false);

/** None of the emulated drivers is NoCache, OnlyProxy, OnlyLocal or has ProxyRangeOption. */
function commonItems(config: DriverConfig, f: ServerFeatures): DriverItem[] {
  const items = [
    item('mount_path', 'string', { required: true, help: 'The path you want to mount to, it is unique and cannot be repeated' }),
    item('order', 'number', { help: 'use to sort' }),
    item('remark', 'text'),
    item('cache_expiration', 'number', { default: '30', required: true, help: 'The cache expiration time for this storage' }),
  ];
  if (f.customCachePolicies) items.push(item('custom_cache_policies', 'text', { help: 'The cache expiration rules for this storage' }));
  // OpenList's PreferProxy only changes what the web UI preselects; the server applies no default.
  const prefer = preferProxy(config, f);
  items.push(
    item('web_proxy', 'bool', prefer ? { default: 'true' } : {}),
    item('webdav_policy', 'select', {
      default: prefer ? 'native_proxy' : '302_redirect',
      options: '302_redirect,use_proxy_url,native_proxy',
      required: true,
    }),
    item('down_proxy_url', 'text'),
  );
  if (f.disableProxySign) items.push(item('disable_proxy_sign', 'bool', { default: 'false', help: 'Disable sign for Download proxy URL' }));
  if (config.localSort) items.push(item('order_by', 'select', { options: 'name,size,modified' }), item('order_direction', 'select', { options: 'asc,desc' }));
  items.push(item('extract_folder', 'select', { options: 'front,back' }));
  if (f.disableIndex) items.push(item('disable_index', 'bool', { default: 'false', required: true }));
  items.push(item('enable_sign', 'bool', { default: 'false', required: true }));
  return items;
}

function additionalItems(spec: DriverSpec, f: ServerFeatures): DriverItem[] {
  return spec
    .fields(f)
    .filter((field) => field.item !== false)
    .map((field) => {
      const it = item(field.key, field.type ?? field.kind, {
        default: field.default ?? '',
        options: field.options ?? '',
        required: field.required ?? false,
        help: field.help ?? '',
      });
      if (field.key === 'root_folder_id' || field.key === 'root_folder_path') {
        if (it.default === '') it.default = spec.config.defaultRoot;
        it.required = it.default !== '';
      }
      return it;
    });
}

function configJson(config: DriverConfig, f: ServerFeatures): Record<string, string | boolean> {
  const base = { name: config.name, local_sort: config.localSort };
  const tail = { no_cache: false, no_upload: config.noUpload, need_ms: false, default_root: config.defaultRoot, alert: '' };
  return f.flavor === 'alist'
    ? { ...base, only_local: false, only_proxy: false, ...tail }
    : { ...base, only_proxy: false, ...tail, only_indices: false, prefer_proxy: preferProxy(config, f) };
}

export function driverInfo(spec: DriverSpec, f: ServerFeatures) {
  return { common: commonItems(spec.config, f), additional: additionalItems(spec, f), config: configJson(spec.config, f) };
}
