import { aliyundriveShare } from './aliyundrive-share.js';
import { onedriveApp } from './onedrive-app.js';
import { pikpakShare } from './pikpak-share.js';
import type { DriverModule, DriverName } from './types.js';

export const DRIVER_MODULES: readonly DriverModule[] = [aliyundriveShare, pikpakShare, onedriveApp];

const BY_NAME = new Map<string, DriverModule>(DRIVER_MODULES.map((m) => [m.name, m]));

export function driverModule(name: string): DriverModule {
  const found = BY_NAME.get(name);
  if (!found) throw new Error(`no driver module for ${name}`);
  return found;
}

export { aliyundriveShare, onedriveApp, pikpakShare };
export type { DriverModule, DriverName };
