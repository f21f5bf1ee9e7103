import { parseShareLink } from './share-link.js';
import type { DriverModule } from './types.js';

const HOSTS = ['mypikpak.com', 'www.mypikpak.com'];
const DESCRIPTION = 'a PikPak share link';

/** The platform the old tool always sent; AList's UI default `web` runs into captcha errors. */
export const DEFAULT_PIKPAK_PLATFORM = 'android';

/**
 * PikPakShare (alist-api.md §6.5). Links: https://mypikpak.com/s/<share id>[/<folder id>][?pwd=<code>];
 * without a folder root_folder_id is "" (the driver's DefaultRoot).
 */
export const pikpakShare: DriverModule = {
  name: 'PikPakShare',
  defaults: {
    root_folder_id: '',
    share_id: '',
    share_pwd: '',
    platform: DEFAULT_PIKPAK_PLATFORM,
    device_id: '',
    use_transcoding_address: false,
  },
  secretKeys: [],
  // An empty device_id is replaced by a generated one on init.
  serverRewrittenKeys: ['device_id'],
  valueDescription: DESCRIPTION,
  parseListValue(value) {
    const link = parseShareLink(value, HOSTS, DESCRIPTION);
    if ('error' in link) return link;
    const [shareId, folderId, ...extra] = link.segments;
    if (extra.length > 0) {
      return { error: `malformed PikPak share link (expected /s/<share id>[/<folder id>]): "${value}"` };
    }
    return { addition: { root_folder_id: folderId ?? '', share_id: shareId ?? '', share_pwd: link.password } };
  },
};
