import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, rmdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errorCode } from '../config/file-text.js';
import { AlistBatchError } from '../errors.js';

/**
 * How `init` writes its files: every target is checked before anything is written, and a failure
 * part-way removes what this run wrote, so a folder is left as it was or complete, never half done.
 */

export interface InitTarget {
  /** As the user will see it. */
  readonly shown: string;
  /** On disk. */
  readonly path: string;
  readonly text: string;
  readonly mode: number;
}

/** What is at a target's path now. `other` names a thing no option makes init overwrite. */
export type TargetState = { kind: 'absent' } | { kind: 'file' } | { kind: 'symlink' } | { kind: 'other'; what: string };

/** lstat, not stat: a symbolic link is looked at itself (also a dangling one), never followed. */
export async function targetState(target: InitTarget): Promise<TargetState> {
  try {
    const info = await lstat(target.path);
    if (info.isSymbolicLink()) return { kind: 'symlink' };
    if (info.isFile()) return { kind: 'file' };
    return { kind: 'other', what: info.isDirectory() ? 'a directory' : info.isFIFO() ? 'a FIFO' : 'not a regular file' };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { kind: 'absent' };
    throw new AlistBatchError(`cannot look at ${target.shown} (${errorCode(error)}); nothing was written`);
  }
}

/**
 * Creates `folder` if needed and writes the targets. Without `replace`, each file is created
 * exclusively (a file or link that appeared since the check is not touched). With it, each is
 * written under a temporary name first and then renamed over the old one: a rename replaces a
 * symbolic link itself, never the file it points to, and a failure while writing leaves the old
 * files as they were.
 */
export async function writeTargets(folderShown: string, folder: string, targets: readonly InitTarget[], replace: boolean): Promise<void> {
  const createdFolder = await mkdir(folder, { recursive: true }).catch((error: unknown) => {
    throw new AlistBatchError(`cannot create the folder ${folderShown} (${errorCode(error)}); nothing was written`);
  });
  const ours: string[] = [];
  let current = targets[0];
  try {
    const staged: [string, InitTarget][] = [];
    for (const target of targets) {
      current = target;
      const path = replace ? join(dirname(target.path), `.${basename(target.path)}.${randomBytes(6).toString('hex')}.tmp`) : target.path;
      await createExclusive(path, target, ours);
      staged.push([path, target]);
    }
    if (replace) {
      for (const [temporary, target] of staged) {
        current = target;
        await rename(temporary, target.path);
      }
    }
  } catch (error) {
    await Promise.all(ours.map((path) => unlink(path).catch(() => undefined)));
    await removeEmptyFolders(folder, createdFolder);
    const code = errorCode(error);
    const why = code === 'EEXIST' ? 'it appeared while init was writing' : code;
    throw new AlistBatchError(`cannot write ${current?.shown ?? folderShown} (${why}); nothing was written`);
  }
}

/** Creates the file (it must not exist: 'wx' never follows a link) and records it as ours before writing. */
async function createExclusive(path: string, target: InitTarget, ours: string[]): Promise<void> {
  const handle = await open(path, 'wx', target.mode);
  ours.push(path);
  try {
    // A new file every time (also with --force): config.yaml gets its owner-only mode, never an old file's.
    await handle.writeFile(target.text);
  } finally {
    await handle.close();
  }
}

/** The folders mkdir created for this run, deepest first, if they are still empty. */
async function removeEmptyFolders(folder: string, createdFolder: string | undefined): Promise<void> {
  if (createdFolder === undefined) return;
  for (let path = folder; path.startsWith(createdFolder); path = dirname(path)) {
    const removed = await rmdir(path).then(
      () => true,
      () => false,
    );
    if (!removed || path === createdFolder) return;
  }
}
