import { quote, unsafeCharacter } from '../model/display.js';
import { cleanMountPath } from '../model/mount-path.js';

/**
 * The rule for category and mount names in list files, shared by the fast line reader and the full
 * YAML path (list-file.ts), so that both read every file the same way. A name becomes a folder on
 * the server and a line in every plan: it must be visible text, exactly as it looks.
 */

/**
 * The longest name: YAML refuses an implicit key longer than 1024 characters, so a longer name
 * cannot be written in these files in the usual way at all; one limit for every way of writing it.
 */
export const MAX_NAME_LENGTH = 1024;

/** Printable ASCII that neither starts nor ends with a space: nothing in it can be refused but `..`. */
const PRINTABLE_ASCII = /^[!-~](?:[ -~]*[!-~])?$/;

export type NameKind = 'category name' | 'mount name' | 'mount path';

/** What is wrong with a name, as the end of a diagnostic; undefined when it is fine. */
export function nameProblem(kind: NameKind, name: string): string | undefined {
  // The common case, checked at the cost of one regex (list files hold 10,000 names).
  if (name.length <= MAX_NAME_LENGTH && PRINTABLE_ASCII.test(name) && !name.includes('..')) return undefined;
  const length = Array.from(name).length;
  if (length > MAX_NAME_LENGTH) return `${kind} ${quote(name)} is ${length} characters long: at most ${MAX_NAME_LENGTH} are allowed`;
  const unsafe = unsafeCharacter(name);
  if (unsafe?.kind === 'control') return `${kind} ${quote(name)} contains a control character (${unsafe.label}): remove it`;
  if (unsafe) {
    return `${kind} ${quote(name)} contains an invisible zero-width character (${unsafe.label}): remove it (it makes two names that look the same different)`;
  }
  if (/^\s|\s$/u.test(name)) {
    return `${kind} ${quote(name)} starts or ends with a space: remove it (the server would keep it, and "b " and "b" would be two folders that look alike)`;
  }
  if (name.replaceAll('\\', '/').split('/').includes('..')) {
    return `${kind} ${quote(name)} contains a ".." segment: a name may not contain .. segments (they would climb out of the folder it belongs in)`;
  }
  return undefined;
}

/**
 * A mount name in its category: the name's own rule, then its place. A `/` in a name makes deeper
 * folders, as in a category; but the mount must stay strictly inside its category (`../../etc`
 * would mount at /etc, and `.` at the category's own folder).
 */
export function mountNameProblem(category: string, name: string): string | undefined {
  // Only `.` and `..` segments, or nothing but slashes, can take a path out of (or back to) its folder.
  if (!name.includes('.') && /[^/\\]/.test(name)) return nameProblem('mount name', name);
  const folder = cleanMountPath(`/${category}`);
  const mountPath = cleanMountPath(`/${category}/${name}`);
  const inside = mountPath.startsWith(folder === '/' ? '/' : `${folder}/`) && mountPath !== folder;
  if (mountPath === folder) {
    return `mount name ${quote(name)} names no folder inside its category ${quote(category)} (it would mount at the category itself): give it a name`;
  }
  if (!inside) {
    return `mount name ${quote(name)} leaves its category ${quote(category)} (it would mount at ${quote(mountPath)}): a name may not contain .. segments`;
  }
  return nameProblem('mount name', name);
}
