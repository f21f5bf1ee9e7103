import { textSetting } from '../model/config-values.js';
import { quote } from '../model/display.js';
import type { Addition } from '../model/storage.js';
import { driverSection } from './section.js';
import { formatShareLink, parseShareLink, textOf } from './share-link.js';
import type { DriverModule } from './types.js';

const HOSTS = ['www.aliyundrive.com', 'www.alipan.com', 'aliyundrive.com', 'alipan.com'];
const DESCRIPTION = 'an Aliyun share link';

/**
 * AliyundriveShare (AList drivers/aliyundrive_share/meta.go). Links:
 * https://www.aliyundrive.com/s/<share id>[/folder/<folder id>][?pwd=<code>], also on www.alipan.com.
 * Without a folder the share's root is meant: root_folder_id "root" (the driver's DefaultRoot).
 */
export const aliyundriveShare: DriverModule = {
  name: 'AliyundriveShare',
  section: driverSection({
    files: { aliyun: 'ali_share.yaml', aliyun_share: 'aliyun_share.yaml' },
    shape: { refresh_token: textSetting },
    stringKeys: ['refresh_token'],
    secretKeys: ['refresh_token'],
    // The shares are opened with the user's own account: its refresh token goes with every entry.
    settings(section, reader) {
      const refreshToken = reader.requiredText('refresh_token', section?.refresh_token);
      const sectionAddition: Addition = refreshToken === undefined ? {} : { refresh_token: refreshToken };
      return { sectionAddition };
    },
  }),
  defaults: {
    refresh_token: '',
    share_id: '',
    share_pwd: '',
    root_folder_id: 'root',
    order_by: '',
    order_direction: '',
  },
  secretKeys: ['refresh_token'],
  // The driver refreshes the token on init and writes the new one back.
  serverRewrittenKeys: ['refresh_token'],
  // The shares are opened with the user's own Aliyun account.
  accountKeys: ['refresh_token'],
  shareHosts: HOSTS,
  valueDescription: DESCRIPTION,
  exporter: {
    variablePrefix: 'ALIYUN',
    sectionKeys: ['refresh_token'],
    tenantKeys: [],
    listValue(addition) {
      const shareId = textOf(addition, 'share_id');
      if (!shareId) return { error: 'it has no share_id' };
      const folder = textOf(addition, 'root_folder_id') ?? 'root';
      const segments = folder === 'root' || folder === '' ? [shareId] : [shareId, 'folder', folder];
      return formatShareLink('www.aliyundrive.com', segments, textOf(addition, 'share_pwd') ?? '');
    },
  },
  parseListValue(value) {
    const link = parseShareLink(value, HOSTS, DESCRIPTION);
    if ('error' in link) return link;
    const [shareId, ...rest] = link.segments;
    let folderId = 'root';
    if (rest.length === 2 && rest[0] === 'folder' && rest[1]) {
      folderId = rest[1];
    } else if (rest.length !== 0) {
      return { error: `malformed Aliyun share link (expected /s/<share id>[/folder/<folder id>]): ${quote(value)}` };
    }
    return { addition: { share_id: shareId ?? '', share_pwd: link.password, root_folder_id: folderId } };
  },
};
