import { mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A file to write, and its mode (config.yaml may hold secrets: owner-only). */
export interface FileToWrite {
  readonly name: string;
  readonly text: string;
  readonly mode: number;
}

/** Whether a folder is missing or empty (what a command that fills a folder may write to without --force). */
export async function isMissingOrEmpty(folder: string): Promise<boolean> {
  try {
    if (!(await stat(folder)).isDirectory()) return false;
    return (await readdir(folder)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/**
 * Writes the files into `folder` all or nothing: first into a fresh folder beside it, then that
 * folder is renamed into place (or, when `folder` exists, each file is renamed into it). A failure
 * while writing removes what was written, so no half-written folder is ever left behind.
 */
export async function writeFolder(folder: string, files: readonly FileToWrite[]): Promise<void> {
  const staging = await mkdtemp(join(dirname(folder), `.${basename(folder)}.writing-`));
  try {
    for (const file of files) await writeFile(join(staging, file.name), file.text, { mode: file.mode, flag: 'wx' });
    if (await exists(folder)) {
      for (const file of files) await rename(join(staging, file.name), join(folder, file.name));
      await rm(staging, { recursive: true, force: true });
    } else {
      await rename(staging, folder);
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
