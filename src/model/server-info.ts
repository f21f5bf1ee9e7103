/**
 * Which server we talk to (AList v3 or OpenList v4, and which version), from the `version` public
 * setting, and which optional storage fields it understands (alist-api.md §7).
 */

export type ServerFlavor = 'alist' | 'openlist' | 'unknown';

export interface ServerSupports {
  disable_index: boolean;
  disable_proxy_sign: boolean;
  custom_cache_policies: boolean;
}

export interface ServerInfo {
  /** As the server reports it, e.g. "v3.45.0" or "v4.2.5 (Commit: 0b1e9d09) - Frontend: …". */
  version: string;
  flavor: ServerFlavor;
  supports: ServerSupports;
}

type Semver = readonly [major: number, minor: number, patch: number];

function parseLeadingSemver(version: string): Semver | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function atLeast(version: Semver, minimum: Semver): boolean {
  for (let i = 0; i < 3; i += 1) {
    const a = version[i] ?? 0;
    const b = minimum[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

const ALL_FIELDS: Readonly<ServerSupports> = { disable_index: true, disable_proxy_sign: true, custom_cache_policies: true };

/**
 * "dev", "beta" or anything unparsable is 'unknown': treat it as the newest server and send every
 * optional field (servers ignore keys they do not know).
 */
export function parseServerInfo(version: string): ServerInfo {
  const semver = parseLeadingSemver(version);
  if (semver?.[0] === 3) {
    return {
      version,
      flavor: 'alist',
      supports: { disable_index: atLeast(semver, [3, 42, 0]), disable_proxy_sign: false, custom_cache_policies: false },
    };
  }
  if (semver?.[0] === 4) {
    return {
      version,
      flavor: 'openlist',
      supports: {
        disable_index: true,
        disable_proxy_sign: atLeast(semver, [4, 0, 9]),
        custom_cache_policies: atLeast(semver, [4, 1, 9]),
      },
    };
  }
  return { version, flavor: 'unknown', supports: { ...ALL_FIELDS } };
}

/** The optional top-level storage fields, each gated by ServerSupports (a create leaves out those the server lacks). */
export type OptionalStorageField = keyof ServerSupports;

/** How messages name the server: "AList v3.45.0", "OpenList v4.2.5" (without OpenList's build details). */
export function serverLabel(server: Pick<ServerInfo, 'version' | 'flavor'>): string {
  const semver = /^v?\d+\.\d+\.\d+/.exec(server.version.trim())?.[0];
  const version = semver === undefined ? server.version : semver.startsWith('v') ? semver : `v${semver}`;
  if (server.flavor === 'alist') return `AList ${version}`;
  if (server.flavor === 'openlist') return `OpenList ${version}`;
  return `version "${server.version}"`;
}
