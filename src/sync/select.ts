/**
 * Targeted runs: `--only <glob>` (repeatable) and `--driver <name>` (repeatable) pick the storages a
 * command looks at. Globs match the whole mount path: `*` within one path segment, `**` across
 * segments (`/Teams/**` is everything below /Teams), anything else literally.
 */
export interface Selection {
  readonly only: readonly string[];
  readonly drivers: readonly string[];
}

export const SELECT_ALL: Selection = { only: [], drivers: [] };

export function isFiltered(selection: Selection): boolean {
  return selection.only.length > 0 || selection.drivers.length > 0;
}

/** The glob as a regular expression over a whole mount path. */
export function globPattern(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] ?? '';
    if (char === '*' && glob[i + 1] === '*') {
      // `/**` at the end also matches the folder itself; elsewhere `**` spans any segments.
      source += '.*';
      i += 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source.replace(/\/\.\*$/, '(?:/.*)?')}$`, 'u');
}

/** A predicate over (mount path, driver): true when the selection takes the storage. */
export function selector(selection: Selection): (mountPath: string, driver: string) => boolean {
  const patterns = selection.only.map(globPattern);
  const drivers = new Set(selection.drivers);
  return (mountPath, driver) => (patterns.length === 0 || patterns.some((p) => p.test(mountPath))) && (drivers.size === 0 || drivers.has(driver));
}

/** "--only /Movies/** --driver PikPakShare", for messages. */
export function describeSelection(selection: Selection): string {
  return [...selection.only.map((g) => `--only ${g}`), ...selection.drivers.map((d) => `--driver ${d}`)].join(' ');
}
