import { quote } from '../model/display.js';
import { formatShareLink, parseShareLink, textOf, withWww } from './share-link.js';
import type { DriverModule } from './types.js';

const HOSTS = withWww(['115.com', '115cdn.com', 'anxia.com']);
const DESCRIPTION = 'a 115 share link';

/**
 * `115 Share` (share-links.md; the driver name contains a space). Links:
 * https://115.com/s/<share code>?password=<receive code>, also on 115cdn.com and anxia.com. It has no
 * section of its own: the account (cookie or QR token) comes from `defaults."115 Share".addition`.
 */
export const pan115Share: DriverModule = {
  name: '115 Share',
  defaults: {
    cookie: '',
    qrcode_token: '',
    // The driver's default is not among the select's options; the web UI sends it as it is.
    qrcode_source: 'linux',
    page_size: 1000,
    limit_rate: 2,
    share_code: '',
    receive_code: '',
    root_folder_id: '0',
  },
  // The receive code is shown, like the Aliyun and PikPak share codes: it is part of the link.
  secretKeys: ['cookie', 'qrcode_token'],
  serverRewrittenKeys: [],
  accountKeys: ['cookie', 'qrcode_token'],
  shareHosts: HOSTS,
  valueDescription: DESCRIPTION,
  exporter: {
    variablePrefix: 'PAN115',
    sectionKeys: [],
    tenantKeys: [],
    listValue(addition) {
      const shareCode = textOf(addition, 'share_code');
      if (!shareCode) return { error: 'it has no share_code' };
      return formatShareLink('115.com', [shareCode], textOf(addition, 'receive_code') ?? '', 'password');
    },
  },
  parseListValue(value) {
    const link = parseShareLink(value, HOSTS, DESCRIPTION, 'password');
    if ('error' in link) return link;
    const [shareCode, ...extra] = link.segments;
    if (extra.length > 0) return { error: `malformed 115 share link (expected /s/<share code>?password=<receive code>): ${quote(value)}` };
    // The server requires the receive code; every 115 share link carries one.
    if (link.password === '') return { error: `the 115 share link has no ?password=<receive code>: ${quote(value)}` };
    return { addition: { share_code: shareCode ?? '', receive_code: link.password } };
  },
};
