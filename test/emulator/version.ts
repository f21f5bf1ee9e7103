/** What the configured server version supports (alist-api.md §7 gate table). */
export type Flavor = 'alist' | 'openlist';

export const DEFAULT_VERSIONS: Record<Flavor, string> = {
  alist: 'v3.45.0',
  openlist: 'v4.2.5 (Commit: 0b1e9d09) - Frontend: v4.2.5 - Build at: 2026-08-19',
};

export interface ServerFeatures {
  flavor: Flavor;
  version: string;
  disableIndex: boolean;
  disableProxySign: boolean;
  customCachePolicies: boolean;
  /** OL ≥ v4.2.0: login failures are 401 "Invalid username or password". */
  uniformLoginFailure: boolean;
  /** OL ≥ 4.1.4 / 4.1.7: OnedriveAPP's disable_disk_usage / enable_direct_upload. */
  onedriveDiskUsage: boolean;
  onedriveDirectUpload: boolean;
  /** OL ≥ v4.0.9: AliyundriveOpen's alipan_type. */
  alipanType: boolean;
  /** OL ≥ v4.1.10: 123PanShare's Config has PreferProxy. */
  panSharePreferProxy: boolean;
  /** AList < v3.39.2 defaulted AliyundriveOpen's drive_type to "default". */
  oldDriveTypeDefault: boolean;
  /** OL ≥ v4.1.3: the admin storage list waits for every storage's disk usage. */
  storageDetails: boolean;
}

type Triple = [number, number, number];

/** 'dev', 'beta' and other non-semver strings count as newest. */
function parseVersion(version: string): Triple {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [999, 0, 0];
}

function atLeast(v: Triple, min: Triple): boolean {
  for (let i = 0; i < 3; i++) {
    if (v[i]! !== min[i]!) return v[i]! > min[i]!;
  }
  return true;
}

export function serverFeatures(flavor: Flavor, version: string): ServerFeatures {
  const v = parseVersion(version);
  const ol = flavor === 'openlist';
  return {
    flavor,
    version,
    disableIndex: ol || atLeast(v, [3, 42, 0]),
    disableProxySign: ol && atLeast(v, [4, 0, 9]),
    customCachePolicies: ol && atLeast(v, [4, 1, 9]),
    uniformLoginFailure: ol && atLeast(v, [4, 2, 0]),
    onedriveDiskUsage: ol && atLeast(v, [4, 1, 4]),
    onedriveDirectUpload: ol && atLeast(v, [4, 1, 7]),
    alipanType: ol && atLeast(v, [4, 0, 9]),
    panSharePreferProxy: ol && atLeast(v, [4, 1, 10]),
    oldDriveTypeDefault: !ol && !atLeast(v, [3, 39, 2]),
    storageDetails: ol && atLeast(v, [4, 1, 3]),
  };
}
