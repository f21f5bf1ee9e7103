import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { SECTION_MODULES } from '../drivers/index.js';
import { AlistBatchError, formatDiagnostic, type Diagnostic } from '../errors.js';
import { FILE_SECTIONS } from './file-sections.js';
import { FileNotFound, readText } from './file-text.js';
import { validateConfig, type LoadedConfig, type LoadOptions } from './validate.js';

export type { LoadedConfig, LoadOptions } from './validate.js';
export type { ServerSettings } from './server-settings.js';

/** `file:line:col: warning: message`, the one way warnings are shown (alone, or after the problems). */
export function formatWarning(d: Diagnostic): string {
  return formatDiagnostic({ ...d, severity: 'warning' });
}

/**
 * Reads config.yaml and the list files of its enabled sections, checks everything (validate.ts),
 * and returns the storages the files describe. Makes no network request. Throws ValidationError
 * with every problem found when anything is wrong. `path` may name config.yaml's folder.
 */
export async function loadConfig(path: string, env: NodeJS.ProcessEnv, options: LoadOptions & { cwd?: string } = {}): Promise<LoadedConfig> {
  // Paths are shown as the user named them and read relative to the command's working folder.
  const onDisk = (shown: string): string => resolve(options.cwd ?? '.', shown);
  const { configPath, inFolder } = await configFileAt(path, onDisk);
  if (!inFolder) refuseListFile(configPath);
  const configText = await readConfigText(configPath, onDisk, inFolder ? path : undefined);
  return validateConfig({ configPath, configText, readListFile: (shown) => readListFile(shown, onDisk) }, env, options);
}

/**
 * `-c ali_share.yaml` reads a list file as config.yaml, and its mounts come out as "unknown
 * top-level key" after "missing url": say what the file is and what -c wants instead.
 */
function refuseListFile(configPath: string): void {
  const name = basename(configPath);
  const files = [...SECTION_MODULES.flatMap((module) => Object.entries(module.section.files)), ...Object.entries(FILE_SECTIONS)];
  for (const [section, file] of files) {
    if (file !== name) continue;
    const folder = dirname(configPath);
    throw new AlistBatchError(`${configPath} looks like a list file (the mounts of the ${section} section), not config.yaml`, {
      hint: `-c takes the folder that holds config.yaml, or config.yaml itself: -c ${folder} or -c ${join(folder, 'config.yaml')}`,
    });
  }
}

/** `-c some-folder` means the config.yaml in it, shown as the folder joined with config.yaml. */
export async function configFileAt(path: string, onDisk: (shown: string) => string): Promise<{ configPath: string; inFolder: boolean }> {
  const isFolder = await stat(onDisk(path)).then(
    (found) => found.isDirectory(),
    () => false,
  );
  return isFolder ? { configPath: join(path, 'config.yaml'), inFolder: true } : { configPath: path, inFolder: false };
}

/** `folder`: the folder the user named, when config.yaml was looked for in it. */
export async function readConfigText(configPath: string, onDisk: (shown: string) => string, folder: string | undefined): Promise<string> {
  try {
    return await readText(onDisk(configPath), configPath);
  } catch (error) {
    if (error instanceof FileNotFound) {
      const hint = 'create one with `alist-batch init`, or name another with -c <path>';
      // A folder named like a YAML file (the default config.yaml is a directory) was meant as the file: say so.
      if (folder !== undefined && /\.ya?ml\/?$/i.test(folder))
        throw new AlistBatchError(`${folder} is a directory, not a file, and holds no config.yaml`, { hint });
      // Name the folder searched: "config.yaml: no such file" does not say where the command looked.
      const searched = isAbsolute(configPath) ? '' : ` (looked in ${dirname(onDisk(configPath))})`;
      throw new AlistBatchError(`${configPath}: no such file${searched}`, { hint });
    }
    throw error;
  }
}

/** A list file's text, or undefined when it does not exist. */
export async function readListFile(path: string, onDisk: (shown: string) => string): Promise<string | undefined> {
  try {
    return await readText(onDisk(path), path);
  } catch (error) {
    if (error instanceof FileNotFound) return undefined;
    throw error;
  }
}
