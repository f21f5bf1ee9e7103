import { Command } from 'commander';
import { configOption } from '../config/cli-option.js';
import { formatWarning, loadConfig, type LoadedConfig } from '../config/load.js';
import { maskSecrets } from '../config/mask.js';
import { DRIVER_MODULES } from '../drivers/index.js';
import { FORMAT_VERSION, type JsonDocument } from '../sync/document.js';
import { ExitCode, type CommandContext } from './context.js';
import { runJsonAware } from './json-output.js';

interface ValidateOptions {
  config: string;
  json?: boolean;
  passwordStdin?: boolean;
}

/**
 * `alist-batch validate`: reads config.yaml and the list files of its enabled sections, checks
 * everything and sends nothing. Problems make the loader throw (rendered by main.ts, exit 1).
 */
export function validateCommand(ctx: CommandContext, setExitCode: (code: number) => void): Command {
  return new Command('validate')
    .description('check config.yaml and its list files without contacting the server')
    .addOption(configOption())
    .option('--json', 'print one JSON document on stdout: the resolved storages (secrets masked), or the problems')
    // The same command line as plan/apply validates the same way: nothing is read from stdin here.
    .option('--password-stdin', 'the password comes from standard input at plan/apply time: do not require it in the files')
    .action(async (options: ValidateOptions) => {
      setExitCode(
        await runJsonAware('validate', options.json === true, ctx, async () => {
          const loaded = await loadConfig(options.config, ctx.env, { passwordFromStdin: options.passwordStdin === true });
          for (const secret of loaded.secrets) ctx.output.redactor.register(secret);
          for (const warning of loaded.warnings) ctx.output.info(formatWarning(warning));
          ctx.output.data(options.json ? JSON.stringify(validateDocument(loaded), null, 2) : summary(loaded));
          return ExitCode.ok;
        }),
      );
    });
}

/** The --json document: the storages the files describe (secrets masked) and any warnings. */
function validateDocument(loaded: LoadedConfig): JsonDocument {
  return { format_version: FORMAT_VERSION, command: 'validate', storages: loaded.storages.map(maskSecrets), warnings: loaded.warnings };
}

/** "N mounts", then mounts per driver and per category (count first, so wide names do not matter). */
function summary(loaded: LoadedConfig): string {
  const total = loaded.storages.length;
  const lines = [`${loaded.configPath}: valid, ${total} mount${total === 1 ? '' : 's'}`];
  const perDriver = DRIVER_MODULES.map((m) => [m.name, loaded.storages.filter((s) => s.driver === m.name).length] as const).filter(([, n]) => n > 0);
  if (perDriver.length > 0) lines.push('by driver:', ...perDriver.map(([name, n]) => `  ${String(n).padStart(5)}  ${name}`));
  const perCategory = new Map<string, number>();
  for (const c of loaded.categories) perCategory.set(c.category, (perCategory.get(c.category) ?? 0) + c.mounts);
  if (perCategory.size > 0) lines.push('by category:', ...[...perCategory].map(([name, n]) => `  ${String(n).padStart(5)}  ${name}`));
  return lines.join('\n');
}
