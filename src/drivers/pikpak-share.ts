import { z } from 'zod';
import { quote } from '../model/display.js';
import type { Addition } from '../model/storage.js';
import { flagSetting } from '../model/config-values.js';
import { driverSection } from './section.js';
import { formatShareLink, parseShareLink, textOf } from './share-link.js';
import type { DriverModule } from './types.js';

const HOSTS = ['mypikpak.com', 'www.mypikpak.com'];
const DESCRIPTION = 'a PikPak share link';

/** The platforms AList's PikPakShare driver knows. */
const PIKPAK_PLATFORMS = ['android', 'web', 'pc'] as const;

/** The platform the old tool always sent; AList's UI default `web` runs into captcha errors. */
const DEFAULT_PIKPAK_PLATFORM = 'android';

/**
 * PikPakShare (alist-api.md §6.5). Links: https://mypikpak.com/s/<share id>[/<folder id>][?pwd=<code>];
 * without a folder root_folder_id is "" (the driver's DefaultRoot).
 */
export const pikpakShare: DriverModule = {
  name: 'PikPakShare',
  section: driverSection({
    files: { pikpak: 'pik_share.yaml', pikpak_share: 'pikpak_share.yaml' },
    shape: {
      use_transcoding_address: flagSetting.optional(),
      platform: z.enum(PIKPAK_PLATFORMS).optional(),
      // Left over in the old templates (PikPak shares need no account): accepted and ignored.
      username: z.unknown().optional(),
      password: z.unknown().optional(),
    },
    stringKeys: [],
    secretKeys: ['password'],
    valueNote: (key, input) =>
      key === 'platform' && input === 'ios' ? " (the openlist_batch template lists ios, but AList's PikPakShare driver has no such platform)" : '',
    // Both settings are optional: one left out keeps the driver's default, unmanaged.
    settings(section) {
      const addition: Addition = {};
      if (section?.platform !== undefined) addition.platform = section.platform;
      if (section?.use_transcoding_address !== undefined) addition.use_transcoding_address = section.use_transcoding_address;
      return { sectionAddition: addition };
    },
  }),
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
  shareHosts: HOSTS,
  valueDescription: DESCRIPTION,
  exporter: {
    variablePrefix: 'PIKPAK',
    sectionKeys: ['platform', 'use_transcoding_address'],
    tenantKeys: [],
    listValue(addition) {
      const shareId = textOf(addition, 'share_id');
      if (!shareId) return { error: 'it has no share_id' };
      const folder = textOf(addition, 'root_folder_id') ?? '';
      return formatShareLink('mypikpak.com', folder === '' ? [shareId] : [shareId, folder], textOf(addition, 'share_pwd') ?? '');
    },
  },
  parseListValue(value) {
    const link = parseShareLink(value, HOSTS, DESCRIPTION);
    if ('error' in link) return link;
    const [shareId, folderId, ...extra] = link.segments;
    if (extra.length > 0) {
      return { error: `malformed PikPak share link (expected /s/<share id>[/<folder id>]): ${quote(value)}` };
    }
    return { addition: { root_folder_id: folderId ?? '', share_id: shareId ?? '', share_pwd: link.password } };
  },
};
