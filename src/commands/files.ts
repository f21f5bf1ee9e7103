import { formatWarning, loadConfig, type LoadedConfig } from '../config/load.js';
import type { CommandContext } from './context.js';

/**
 * Loads the files (config.yaml and its list files), registers their secrets with the redactor
 * (the one place for secrets read from files) and shows their warnings.
 */
export async function loadFiles(config: string, ctx: CommandContext, options: { passwordFromStdin: boolean }): Promise<LoadedConfig> {
  // On a terminal, a password nobody gave is asked for when signing in (server-options.ts).
  const loaded = await loadConfig(config, ctx.env, { ...options, passwordPrompt: ctx.stdin.isTTY === true, cwd: ctx.cwd });
  for (const secret of loaded.secrets) ctx.output.redactor.register(secret);
  for (const warning of loaded.warnings) ctx.output.info(formatWarning(warning));
  return loaded;
}
