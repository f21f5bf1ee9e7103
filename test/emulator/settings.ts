// /api/public/settings: a flat map of public settings; Go encodes maps with sorted keys.
import type { ServerFeatures } from './version.js';

export function publicSettings(features: ServerFeatures): Record<string, string> {
  const ol = features.flavor === 'openlist';
  const settings: Record<string, string> = {
    allow_indexed: 'false',
    allow_mounted: 'true',
    announcement: '',
    audio_autoplay: 'true',
    default_page_size: '30',
    favicon: ol ? 'https://res.oplist.org/logo/logo.svg' : 'https://cdn.jsdelivr.net/gh/alist-org/logo@main/logo.svg',
    hide_files: '/\\/README.md/i',
    home_container: 'max_980px',
    logo: ol ? 'https://res.oplist.org/logo/logo.svg' : 'https://cdn.jsdelivr.net/gh/alist-org/logo@main/logo.svg',
    main_color: '#1890ff',
    pagination_type: 'all',
    search_index: 'none',
    site_title: ol ? 'OpenList' : 'AList',
    sso_login_enabled: 'false',
    version: features.version,
    video_autoplay: 'true',
  };
  return Object.fromEntries(Object.entries(settings).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function indexHtml(features: ServerFeatures): string {
  const title = features.flavor === 'openlist' ? 'OpenList' : 'AList';
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="UTF-8">\n<title>${title}</title>\n</head>\n<body>\n<div id="root"></div>\n</body>\n</html>\n`;
}
