import { Command } from 'commander';
import type { CommandContext } from './commands/context.js';
import { applyCommand } from './commands/apply.js';
import { initCommand } from './commands/init.js';
import { planCommand } from './commands/plan.js';
import { validateCommand } from './commands/validate.js';
import { VERSION } from './version.js';

/** Wires the commands together; each command lives in src/commands/<name>.ts. */
export function buildProgram(ctx: CommandContext, setExitCode: (code: number) => void): Command {
  const program = new Command('alist-batch')
    .description('Provision AList / OpenList storages from YAML files: validate them, show the diff (plan), converge the server (apply).')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--no-color', 'no colour in output (NO_COLOR, FORCE_COLOR and TERM=dumb are honoured too)')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (text) => ctx.output.data(text.trimEnd()),
      writeErr: (text) => ctx.output.info(text.trimEnd()),
    })
    .exitOverride();

  for (const make of [validateCommand, planCommand, applyCommand, initCommand]) {
    program.addCommand(make(ctx, setExitCode).exitOverride());
  }
  return program;
}
