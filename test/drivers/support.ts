// Driver sections checked through the pure validation (config/validate.ts): config.yaml and the
// list files as texts, no file system.
import { formatDiagnostic, ValidationError } from '../../src/errors.js';
import { validateConfig, type LoadedConfig } from '../../src/config/validate.js';

/** A server part that passes, for configs that test a section. */
export const SERVER = ['url: https://alist.test', 'auth:', '    username: admin', '    password: s3cret-admin-pass'];

/** Validates config.yaml (lines) with the given list files (name -> text), all next to it. */
export async function validate(config: readonly string[], lists: Readonly<Record<string, string>> = {}): Promise<LoadedConfig> {
  const readListFile = async (path: string): Promise<string | undefined> => lists[path];
  return validateConfig({ configPath: 'config.yaml', configText: `${config.join('\n')}\n`, readListFile }, {});
}

/** The `file:line:col: message` lines validation reports. Fails if the files are valid. */
export async function problems(config: readonly string[], lists: Readonly<Record<string, string>> = {}): Promise<string[]> {
  try {
    await validate(config, lists);
  } catch (error) {
    if (error instanceof ValidationError) return error.diagnostics.map((d) => formatDiagnostic(d));
    throw error;
  }
  throw new Error('expected the files to be rejected, but they are valid');
}
