import { join } from 'node:path';
import { formatDiagnostic, ValidationError } from '../../src/errors.js';
import { loadConfig, type LoadedConfig, type LoadOptions } from '../../src/config/load.js';
import { makeTempDir, writeFiles } from '../helpers/cli.js';

/** A valid config.yaml with only the Aliyun section enabled; tests replace lines in it. */
export const BASE_CONFIG = [
  'url: https://alist.test',
  'auth:',
  '    username: admin',
  '    password: s3cret-admin-pass',
  'aliyun:',
  '    enable: true',
  '    refresh_token: rt-secret-0123456789',
  'pikpak:',
  '    enable: false',
  'onedrive_app:',
  '    enable: false',
].join('\n');

export const BASE_ALI = ['Movies:', '    Film A: https://www.aliyundrive.com/s/AbCdEf123/folder/6411f0c2a1b2?pwd=x9y8', ''].join('\n');

const temps: (() => Promise<void>)[] = [];

export async function cleanUpTemps(): Promise<void> {
  await Promise.all(temps.splice(0).map((remove) => remove()));
}

/** Writes the files to a fresh temp dir and loads its config.yaml. */
export async function loadFiles(
  files: Readonly<Record<string, string>>,
  env: NodeJS.ProcessEnv = {},
  options: LoadOptions = {},
): Promise<{ loaded: LoadedConfig; dir: string }> {
  const { dir, remove } = await makeTempDir();
  temps.push(remove);
  await writeFiles(dir, files);
  return { loaded: await loadConfig(join(dir, 'config.yaml'), env, options), dir };
}

/**
 * The `file:line:col: message` lines that loading these files reports, with the temp dir
 * stripped from the file names (so `config.yaml:3:5: ...`). Fails if loading succeeds.
 */
export async function problems(files: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv = {}, options: LoadOptions = {}): Promise<string[]> {
  const error = await rejection(files, env, options);
  return error.diagnostics.map((d) => formatDiagnostic(d).replaceAll(`${error.dir}/`, ''));
}

/** The ValidationError that loading these files throws (and the temp dir). Fails if loading succeeds. */
export async function rejection(
  files: Readonly<Record<string, string>>,
  env: NodeJS.ProcessEnv = {},
  options: LoadOptions = {},
): Promise<ValidationError & { dir: string }> {
  const { dir, remove } = await makeTempDir();
  temps.push(remove);
  await writeFiles(dir, files);
  try {
    await loadConfig(join(dir, 'config.yaml'), env, options);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return Object.assign(error, { dir });
  }
  throw new Error('expected the files to be rejected, but they loaded');
}

/** config.yaml = BASE_CONFIG with its lines edited: line number (1-based) -> new text (or lines). */
export function configWith(edits: Readonly<Record<number, string | string[]>>, base = BASE_CONFIG): string {
  const lines = base.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    const edit = edits[i + 1];
    if (edit === undefined) out.push(line);
    else out.push(...(Array.isArray(edit) ? edit : [edit]));
  });
  return `${out.join('\n')}\n`;
}
