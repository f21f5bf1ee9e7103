import { quote } from '../model/display.js';
import { formatShareLink, parseShareLink, textOf, withWww } from './share-link.js';
import type { DriverModule } from './types.js';

const HOSTS = withWww(['123pan.com', '123pan.cn', '123684.com', '123865.com', '123912.com']);
const DESCRIPTION = 'a 123 share link';

/**
 * `123PanShare` (share-links.md). Links: https://www.123pan.com/s/<share key>[?pwd=<password>], also
 * on 123pan.cn, 123684.com, 123865.com and 123912.com. No account is needed; the access token is the
 * server's own (written back on init).
 */
export const pan123Share: DriverModule = {
  name: '123PanShare',
  defaults: {
    sharekey: '',
    sharepassword: '',
    root_folder_id: '0',
    accesstoken: '',
  },
  // The share password is shown, like the Aliyun and PikPak share codes: it is part of the link.
  secretKeys: ['accesstoken'],
  serverRewrittenKeys: ['accesstoken'],
  accountKeys: [],
  shareHosts: HOSTS,
  valueDescription: DESCRIPTION,
  exporter: {
    variablePrefix: 'PAN123',
    sectionKeys: [],
    tenantKeys: [],
    listValue(addition) {
      const shareKey = textOf(addition, 'sharekey');
      if (!shareKey) return { error: 'it has no sharekey' };
      return formatShareLink('www.123pan.com', [shareKey], textOf(addition, 'sharepassword') ?? '');
    },
  },
  parseListValue(value) {
    const link = parseShareLink(value, HOSTS, DESCRIPTION);
    if ('error' in link) return link;
    const [shareKey = '', ...extra] = link.segments;
    if (extra.length > 0) return { error: `malformed 123 share link (expected /s/<share key>[?pwd=<password>]): ${quote(value)}` };
    // 123's pages also link a share as /s/<key>.html: the key is the same without the suffix.
    return { addition: { sharekey: shareKey.replace(/\.html$/, ''), sharepassword: link.password } };
  },
};
