import { z } from 'zod';
import { quote } from '../model/display.js';
import { textSetting } from '../model/config-values.js';
import type { Addition } from '../model/storage.js';
import { driverSection } from './section.js';
import type { DriverModule } from './types.js';

const ONEDRIVE_REGIONS = ['global', 'cn', 'us', 'de'] as const;

const EMAIL = /^[^\s@:]+@[^\s@:]+\.[^\s@:]+$/;

/** What each tenant gives every storage that names it: one Azure app registration. */
const TENANT_CREDENTIALS = ['client_id', 'client_secret', 'tenant_id'] as const;

const tenantSchema = z.strictObject({
  id: z.number().int().positive().optional(),
  client_id: textSetting,
  client_secret: textSetting,
  tenant_id: textSetting,
});

/**
 * OnedriveAPP (alist-api.md §6.1). List values are references `<tenant>:<email>[:<root path>]`,
 * split on the first two colons only, so a root path may contain ':'. Without a root path the
 * drive's root "/" is meant. The tenant's credentials and the region come from config.yaml.
 */
export const onedriveApp: DriverModule = {
  name: 'OnedriveAPP',
  section: driverSection({
    files: { onedrive_app: 'onedrive_app.yaml' },
    shape: {
      region: z.enum(ONEDRIVE_REGIONS).optional(),
      tenants: z.array(tenantSchema).optional(),
    },
    stringKeys: TENANT_CREDENTIALS,
    secretKeys: ['client_secret'],
    settings(section, reader) {
      const addition: Addition = {};
      if (section?.region === undefined) reader.missing('region', 'global, cn, us or de');
      else addition.region = section.region;
      return { sectionAddition: addition, tenants: reader.tenants('tenants', section?.tenants, TENANT_CREDENTIALS) };
    },
  }),
  defaults: {
    root_folder_path: '/',
    region: 'global',
    client_id: '',
    client_secret: '',
    tenant_id: '',
    email: '',
    chunk_size: 5,
    custom_host: '',
  },
  secretKeys: ['client_secret'],
  // The access token lives on the driver struct, not in the addition: nothing is rewritten.
  serverRewrittenKeys: [],
  entryValueKey: 'account',
  valueDescription: 'a OneDrive reference <tenant>:<email>[:<root path>]',
  exporter: {
    variablePrefix: 'ONEDRIVE',
    sectionKeys: ['region'],
    tenantKeys: TENANT_CREDENTIALS,
    listValue(addition, tenant) {
      const email = typeof addition.email === 'string' ? addition.email : '';
      if (!EMAIL.test(email)) return { error: `its email "${email}" is not an email address` };
      const root = typeof addition.root_folder_path === 'string' && addition.root_folder_path !== '' ? addition.root_folder_path : '/';
      if (!root.startsWith('/')) return { error: `its root folder path "${root}" does not start with "/"` };
      return `${tenant ?? 1}:${email}${root === '/' ? '' : `:${root}`}`;
    },
  },
  parseListValue(value) {
    const first = value.indexOf(':');
    const second = first < 0 ? -1 : value.indexOf(':', first + 1);
    const expected = `(expected <tenant>:<email>[:<root path>], e.g. 1:user@contoso.onmicrosoft.com:/Documents)`;
    if (first < 0) return { error: `malformed OneDrive reference ${quote(value)} ${expected}` };
    const tenantText = value.slice(0, first);
    const email = second < 0 ? value.slice(first + 1) : value.slice(first + 1, second);
    const rootPath = second < 0 ? '/' : value.slice(second + 1);
    if (!/^[1-9][0-9]*$/.test(tenantText)) {
      return { error: `malformed OneDrive reference ${quote(value)}: the tenant ${quote(tenantText)} is not a tenant id (1, 2, ...) ${expected}` };
    }
    if (!EMAIL.test(email)) {
      return { error: `malformed OneDrive reference ${quote(value)}: ${quote(email)} is not an email address ${expected}` };
    }
    if (!rootPath.startsWith('/')) {
      return { error: `malformed OneDrive reference ${quote(value)}: the root path must start with "/" ${expected}` };
    }
    return { addition: { root_folder_path: rootPath, email }, tenant: Number(tenantText) };
  },
};
