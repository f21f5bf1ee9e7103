// The five drivers the emulator knows, written down from the contract (alist-api.md §5–§6), NOT from
// src/ — the emulator stands in for a foreign server, so sharing our own tables would prove nothing.
import { createHash } from 'node:crypto';
import { type GoField, type GoValue, decodeInto, goMarshal, parseJsonDocument, zeroValue } from './gojson.js';
import type { ServerFeatures } from './version.js';

export interface AdditionField extends GoField {
  /** The `type` tag; without it the item type is the lower-cased Go type name. */
  type?: string;
  default?: string;
  options?: string;
  required?: boolean;
  help?: string;
  /** false for untagged fields such as AliyundriveOpen's AccessToken: stored, but not an Info item. */
  item?: false;
}

export interface DriverConfig {
  name: string;
  localSort: boolean;
  noUpload: boolean;
  defaultRoot: string;
}

export type AdditionValues = Record<string, GoValue>;

export interface InitContext {
  now: number;
  randomHex(length: number): string;
}

export interface DriverSpec {
  config: DriverConfig;
  fields(features: ServerFeatures): AdditionField[];
  /** What Init changes before it talks to the cloud, so it happens whether or not init succeeds. */
  patch?(values: AdditionValues): void;
  /** What a successful Init writes back (refreshed tokens, generated device ids). */
  rotate?(values: AdditionValues, ctx: InitContext): void;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const str = (v: GoValue | undefined): string => (typeof v === 'string' ? v : '');

const s = (key: string, extra: Omit<AdditionField, 'key' | 'kind'> = {}): AdditionField => ({ key, kind: 'string', ...extra });
const b = (key: string, extra: Omit<AdditionField, 'key' | 'kind'> = {}): AdditionField => ({ key, kind: 'bool', ...extra });
const select = (key: string, options: string, extra: Omit<AdditionField, 'key' | 'kind' | 'options' | 'type'> = {}): AdditionField => ({
  key,
  kind: 'string',
  type: 'select',
  options,
  ...extra,
});
const ALI_ORDER = [select('order_by', 'name,size,updated_at,created_at'), select('order_direction', 'ASC,DESC')];
const KEEP_EMPTY = "Keep it empty if you don't have one";

const onedriveApp: DriverSpec = {
  config: { name: 'OnedriveAPP', localSort: true, noUpload: false, defaultRoot: '/' },
  fields: (f) => [
    s('root_folder_path'),
    select('region', 'global,cn,us,de', { default: 'global', required: true }),
    s('client_id', { required: true }),
    s('client_secret', { required: true }),
    s('tenant_id'),
    s('email'),
    { key: 'chunk_size', kind: 'int64', type: 'number', default: '5' },
    s('custom_host', { help: 'Custom host for onedrive download link' }),
    ...(f.onedriveDiskUsage ? [b('disable_disk_usage', { default: 'false' })] : []),
    ...(f.onedriveDirectUpload ? [b('enable_direct_upload', { default: 'false', help: 'Enable direct upload from client to OneDrive' })] : []),
  ],
  patch: (v) => {
    if (typeof v.chunk_size === 'number' && v.chunk_size < 1) v.chunk_size = 5;
  },
};

const aliyundriveOpen: DriverSpec = {
  config: { name: 'AliyundriveOpen', localSort: false, noUpload: false, defaultRoot: 'root' },
  fields: (f) => [
    select('drive_type', 'default,resource,backup', { default: f.oldDriveTypeDefault ? 'default' : 'resource' }),
    s('root_folder_id'),
    s('refresh_token', { required: true }),
    ...ALI_ORDER,
    ...(f.flavor === 'alist'
      ? [s('oauth_token_url', { default: 'https://api.nn.ci/alist/ali_open/token' })]
      : [
          b('use_online_api', { default: 'true' }),
          ...(f.alipanType ? [select('alipan_type', 'default,alipanTV', { default: 'default', required: true })] : []),
          s('api_url_address', { default: 'https://api.oplist.org/alicloud/renewapi' }),
        ]),
    s('client_id', { help: KEEP_EMPTY }),
    s('client_secret', { help: KEEP_EMPTY }),
    select('remove_way', 'trash,delete', { required: true }),
    b('rapid_upload', { help: 'If you enable this option, the file will be uploaded to the server first, so the progress will be incorrect' }),
    b('internal_upload', { help: 'If you are using Aliyun ECS is located in Beijing, you can turn it on to boost the upload speed' }),
    select('livp_download_format', 'jpeg,mov', { default: 'jpeg' }),
    { key: 'AccessToken', kind: 'string', item: false },
  ],
  patch: (v) => {
    // Init sets an empty drive_type to "default" (not the UI default "resource").
    if (v.drive_type === '') v.drive_type = 'default';
    if (v.livp_download_format === '') v.livp_download_format = 'jpeg';
  },
  rotate: (v, ctx) => {
    v.refresh_token = `rotated-${ctx.randomHex(32)}`;
    v.AccessToken = `access-${ctx.randomHex(32)}`;
  },
};

const aliyundriveShare: DriverSpec = {
  config: { name: 'AliyundriveShare', localSort: false, noUpload: true, defaultRoot: 'root' },
  fields: () => [s('refresh_token', { required: true }), s('share_id', { required: true }), s('share_pwd'), s('root_folder_id'), ...ALI_ORDER],
  rotate: (v, ctx) => {
    v.refresh_token = `rotated-${ctx.randomHex(32)}`;
  },
};

const PIKPAK_PLATFORM = select('platform', 'android,web,pc', { default: 'web', required: true });

const pikpak: DriverSpec = {
  config: { name: 'PikPak', localSort: true, noUpload: false, defaultRoot: '' },
  fields: () => [
    s('root_folder_id'),
    s('username', { required: true }),
    s('password', { required: true }),
    PIKPAK_PLATFORM,
    s('refresh_token', { required: true }),
    s('captcha_token'),
    s('device_id'),
    b('disable_media_link', { default: 'true' }),
  ],
  patch: (v) => {
    if (v.device_id === '') v.device_id = md5(str(v.username) + str(v.password));
  },
  rotate: (v, ctx) => {
    v.refresh_token = `rotated-${ctx.randomHex(32)}`;
  },
};

const pikpakShare: DriverSpec = {
  config: { name: 'PikPakShare', localSort: true, noUpload: true, defaultRoot: '' },
  fields: () => [
    s('root_folder_id'),
    s('share_id', { required: true }),
    s('share_pwd'),
    PIKPAK_PLATFORM,
    s('device_id'),
    b('use_transcoding_address', { default: 'false', required: true }),
  ],
  rotate: (v, ctx) => {
    if (v.device_id === '') v.device_id = md5(str(v.share_id) + str(v.share_pwd) + String(ctx.now));
  },
};

export const DRIVERS: ReadonlyMap<string, DriverSpec> = new Map(
  [onedriveApp, aliyundriveShare, pikpakShare, aliyundriveOpen, pikpak].map((d) => [d.config.name, d]),
);

// ---- addition (de)serialisation --------------------------------------------------------------

export function zeroAddition(fields: readonly AdditionField[]): AdditionValues {
  return Object.fromEntries(fields.map((f) => [f.key, zeroValue(f.kind)]));
}

/**
 * Unmarshal the client's addition string into `base` (zero values on create, the running driver's
 * values on update, so omitted keys keep their old values).
 */
export function decodeAddition(fields: readonly AdditionField[], text: string, base: AdditionValues): { values: AdditionValues; error?: string } {
  let doc: unknown;
  try {
    doc = parseJsonDocument(text);
  } catch (e) {
    return { values: { ...base }, error: (e as Error).message };
  }
  return decodeInto('Addition', fields, doc, base);
}

/** Re-serialise in struct order with every field present (unknown keys are gone by now). */
export function encodeAddition(fields: readonly AdditionField[], values: AdditionValues): string {
  return goMarshal(Object.fromEntries(fields.map((f) => [f.key, values[f.key] ?? zeroValue(f.kind)])));
}

// ---- driver info (§5) ------------------------------------------------------------------------

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

/** None of the five drivers is NoCache, OnlyProxy, OnlyLocal or has ProxyRangeOption. */
function commonItems(config: DriverConfig, f: ServerFeatures): DriverItem[] {
  const items = [
    item('mount_path', 'string', { required: true, help: 'The path you want to mount to, it is unique and cannot be repeated' }),
    item('order', 'number', { help: 'use to sort' }),
    item('remark', 'text'),
    item('cache_expiration', 'number', { default: '30', required: true, help: 'The cache expiration time for this storage' }),
  ];
  if (f.customCachePolicies) items.push(item('custom_cache_policies', 'text', { help: 'The cache expiration rules for this storage' }));
  items.push(
    item('web_proxy', 'bool'),
    item('webdav_policy', 'select', { default: '302_redirect', options: '302_redirect,use_proxy_url,native_proxy', required: true }),
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
    : { ...base, only_proxy: false, ...tail, only_indices: false, prefer_proxy: false };
}

export function driverInfo(spec: DriverSpec, f: ServerFeatures) {
  return { common: commonItems(spec.config, f), additional: additionalItems(spec, f), config: configJson(spec.config, f) };
}
