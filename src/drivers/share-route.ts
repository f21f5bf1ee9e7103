import { SHARE_MODULES } from './index.js';
import type { DriverModule } from './types.js';

/** What each share driver's links are called in messages, by driver. */
const SERVICE: Readonly<Record<string, string>> = {
  AliyundriveShare: 'Aliyun',
  PikPakShare: 'PikPak',
  '115 Share': '115',
  '123PanShare': '123',
};

/** "aliyundrive.com, alipan.com (Aliyun); mypikpak.com (PikPak); ...": the hosts shares.yaml knows, without www. */
export function supportedShareHosts(): string {
  return SHARE_MODULES.map((m) => {
    const hosts = (m.shareHosts ?? []).filter((host) => !host.startsWith('www.'));
    return `${hosts.join(', ')} (${SERVICE[m.name] ?? m.name})`;
  }).join('; ');
}

/**
 * The share driver a link belongs to, by its host (with or without `www.`); undefined when the link
 * is not a URL of a share host alist-batch knows. The driver's own parser then reads the link.
 */
export function shareModuleOf(link: string): DriverModule | undefined {
  let host: string;
  try {
    host = new URL(link).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  return SHARE_MODULES.find((m) => m.shareHosts?.includes(host));
}
