import { Command } from 'commander';
import type { LoadedConfig } from '../config/load.js';
import { DRIVER_MODULES, findDriverModule } from '../drivers/index.js';
import { REDACTED } from '../model/secrets.js';
import type { DesiredStorage } from '../model/storage.js';
import type { ValidatedStorage } from '../ui/json-document.js';
import { configOption, jsonOption } from './cli-option.js';
import { ExitCode, type CommandContext } from './context.js';
import { loadFiles } from './files.js';

interface ValidateOptions {
  config: string;
  passwordStdin?: boolean;
}

/**
 * `alist-batch validate`: reads config.yaml and the list files of its enabled sections, checks
 * everything and sends nothing. Problems make the loader throw (rendered by main.ts, exit 1).
 */
export function validateCommand(ctx: CommandContext, setExitCode: (code: number) => void): Command {
  return (
    new Command('validate')
      .description('check config.yaml and its list files without contacting the server')
      .addOption(configOption())
      .addOption(jsonOption('print one JSON document on stdout: the resolved storages (secrets masked), or the problems'))
      // The same command line as plan/apply validates the same way: nothing is read from stdin here.
      .option('--password-stdin', 'the password comes from standard input at plan/apply time: do not require it in the files')
      .action(async (options: ValidateOptions) => {
        const loaded = await loadFiles(options.config, ctx, { passwordFromStdin: options.passwordStdin === true });
        // The document (a masked copy of every storage) is built only when it is printed, and its
        // module loaded only then: the summary needs neither.
        if (ctx.output.json) {
          const { validateDocument } = await import('../ui/json-document.js');
          ctx.output.result(validateDocument(loaded.storages.map(maskSecrets), loaded.warnings));
        } else ctx.output.text(() => summary(loaded));
        setExitCode(ExitCode.ok);
      })
  );
}

/**
 * A copy of the storage with the driver's secret addition values replaced by "********": masked by
 * key, so that even a secret too short for the redactor never reaches the document.
 */
function maskSecrets(storage: DesiredStorage): ValidatedStorage {
  const { at: _at, secretKeys: _secretKeys, rewrittenKeys: _rewrittenKeys, ...shown } = storage;
  const addition = { ...shown.addition };
  for (const key of storage.secretKeys) {
    if (key in addition && addition[key] !== '') addition[key] = REDACTED;
  }
  return { ...shown, addition };
}

/** The drivers alist-batch has modules for first, in their order; then any other by name. */
function byModuleOrder([a]: readonly [string, number], [b]: readonly [string, number]): number {
  const rank = (driver: string): number => {
    const index = DRIVER_MODULES.findIndex((m) => m.name === driver);
    return index < 0 ? DRIVER_MODULES.length : index;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** "N mounts", then mounts per driver and per category (count first, so wide names do not matter). */
function summary(loaded: LoadedConfig): string {
  const total = loaded.storages.length;
  const lines = [`${loaded.configPath}: valid, ${total} mount${total === 1 ? '' : 's'}`];
  const perDriver = new Map<string, number>();
  for (const s of loaded.storages) perDriver.set(s.driver, (perDriver.get(s.driver) ?? 0) + 1);
  if (perDriver.size > 0) lines.push('by driver:', ...[...perDriver].sort(byModuleOrder).map(([name, n]) => `  ${String(n).padStart(5)}  ${name}`));
  const perCategory = new Map<string, number>();
  for (const c of loaded.categories) perCategory.set(c.category, (perCategory.get(c.category) ?? 0) + c.mounts);
  if (perCategory.size > 0) lines.push('by category:', ...[...perCategory].map(([name, n]) => `  ${String(n).padStart(5)}  ${name}`));
  const unchecked = [...perDriver.keys()].filter((driver) => findDriverModule(driver) === undefined);
  // Offline, only the shape of their keys can be checked: the server says what its drivers take.
  if (unchecked.length > 0)
    lines.push(
      `${unchecked.join(', ')}: no built-in knowledge of these drivers; their names and addition keys are checked against the server's driver schema (driver/info) at plan and apply time, as every storage is.`,
    );
  return lines.join('\n');
}
