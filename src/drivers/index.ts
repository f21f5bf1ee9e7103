import { aliyundriveShare } from './aliyundrive-share.js';
import { onedriveApp } from './onedrive-app.js';
import { pan115Share } from './115-share.js';
import { pan123Share } from './123pan-share.js';
import { pikpakShare } from './pikpak-share.js';
import type { DriverModule, DriverName, SectionModule } from './types.js';

export const DRIVER_MODULES: readonly DriverModule[] = [aliyundriveShare, pikpakShare, onedriveApp, pan115Share, pan123Share];

/** The modules with a section of their own in config.yaml, in registration order (the built-in list files). */
export const SECTION_MODULES: readonly SectionModule[] = DRIVER_MODULES.filter((m): m is SectionModule => m.section !== undefined);

/** The modules whose links shares.yaml lists (a share host each). */
export const SHARE_MODULES: readonly DriverModule[] = DRIVER_MODULES.filter((m) => m.shareHosts !== undefined);

const BY_NAME = new Map<string, DriverModule>(DRIVER_MODULES.map((m) => [m.name, m]));

export function driverModule(name: string): DriverModule {
  const found = BY_NAME.get(name);
  if (!found) throw new Error(`no driver module for ${name}`);
  return found;
}

/** The module of a server driver name, if alist-batch has one (storages.yaml takes any driver). */
export function findDriverModule(name: string): DriverModule | undefined {
  return BY_NAME.get(name);
}

export { aliyundriveShare, onedriveApp, pan115Share, pan123Share, pikpakShare };
export type { DriverModule, DriverName, SectionModule };
