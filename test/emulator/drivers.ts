// The drivers the emulator knows (the five of alist-api.md §6 here, the share drivers of
// share-links.md in share-drivers.ts), written down from the contract, NOT from src/ — the
// emulator stands in for a foreign server, so sharing our own tables would prove nothing.
import { type AdditionField, type AdditionValues, type DriverSpec, b, md5, s, select, str } from './driver-spec.js';
import { decodeInto, goMarshal, parseJsonDocument, zeroValue } from './gojson.js';
import { pan115Share, pan123Share } from './share-drivers.js';
import type { ServerFeatures } from './version.js';

export type { AdditionField, AdditionValues, DriverConfig, DriverSpec, InitContext } from './driver-spec.js';
export type { DriverItem } from './driver-info.js';

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

/**
 * Init refreshes the token before anything else. Without a way to do so it fails: AList sends empty
 * client credentials to the official endpoint when there is no oauth_token_url and no client_id (the
 * text is ours, in the driver's form); OpenList refuses without the online API or client_id/secret.
 * The UI defaults (oauth_token_url, use_online_api=true) avoid both, so a client must send them.
 */
function aliyundriveOpenCheck(v: AdditionValues, f: ServerFeatures): string | null {
  const clientId = str(v.client_id);
  if (f.flavor === 'alist') {
    return clientId === '' && str(v.oauth_token_url) === '' ? 'failed to refresh token: invalid client_id or client_secret' : null;
  }
  if (v.use_online_api === true && str(v.api_url_address) !== '') return null;
  return clientId === '' || str(v.client_secret) === '' ? 'empty ClientID or ClientSecret' : null;
}

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
  check: aliyundriveOpenCheck,
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
  // A refresh (or login) writes back a new refresh token and captcha token; device_id stays.
  rotate: (v, ctx) => {
    v.refresh_token = `rotated-${ctx.randomHex(32)}`;
    v.captcha_token = `captcha-${ctx.randomHex(32)}`;
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
  [onedriveApp, aliyundriveShare, pikpakShare, aliyundriveOpen, pikpak, pan115Share, pan123Share].map((d) => [d.config.name, d]),
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
