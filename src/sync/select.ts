import { UsageError } from '../errors.js';

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
function describeSelection(selection: Selection): string {
  return [...selection.only.map((g) => `--only ${g}`), ...selection.drivers.map((d) => `--driver ${d}`)].join(' ');
}

/** A selection that takes nothing is a mistake to report, not a quiet "nothing to do". */
export function selectsNothing(selection: Selection, described: number, serverToo: boolean): UsageError {
  return new UsageError(
    `${describeSelection(selection)} matches none of the ${described} storages the files describe${serverToo ? ', nor any other on the server' : ''}.`,
    {
      hint: 'globs match whole mount paths: * within one segment, ** across segments (e.g. --only "/Movies/**")',
    },
  );
}

export interface SelectedStorages<D, S> {
  desired: D[];
  current: S[];
  /** Described storages the selection left out. */
  leftOut: number;
}

/**
 * What a filtered plan looks at. A server storage at a path the files describe goes with that
 * description (in when it is in, out when it is out, whatever its driver: a conflict stays a
 * conflict, and nothing outside the filter becomes an orphan); any other server storage is in when
 * the selection takes it, so --prune deletes only orphans inside the filter.
 */
export function selectForPlan<D extends { mount_path: string; driver: string }, S extends { mount_path: string; driver: string }>(
  desired: readonly D[],
  current: readonly S[],
  selection: Selection,
  cleanPath: (path: string) => string,
): SelectedStorages<D, S> {
  // No filter takes everything: no map of the descriptions, no cleaning of every server path.
  if (!isFiltered(selection)) return { desired: [...desired], current: [...current], leftOut: 0 };
  const take = selector(selection);
  const described = new Map(desired.map((d) => [d.mount_path, take(d.mount_path, d.driver)]));
  const desiredIn = desired.filter((d) => described.get(d.mount_path) === true);
  const currentIn = current.filter((s) => described.get(cleanPath(s.mount_path)) ?? take(s.mount_path, s.driver));
  return { desired: desiredIn, current: currentIn, leftOut: desired.length - desiredIn.length };
}
