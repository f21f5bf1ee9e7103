import { Command } from 'commander';
import type { CommandContext } from './commands/context.js';
import { VERSION } from './version.js';

type CommandFactory = (ctx: CommandContext, setExitCode: (code: number) => void) => Command;

/**
 * The commands, each in src/commands/<name>.ts, loaded on demand: `validate` must not pay for the
 * HTTP client's start-up, and `--version` for none of them.
 */
const COMMANDS: Readonly<Record<string, () => Promise<CommandFactory>>> = {
  validate: async () => (await import('./commands/validate.js')).validateCommand,
  plan: async () => (await import('./commands/plan.js')).planCommand,
  apply: async () => (await import('./commands/apply.js')).applyCommand,
  init: async () => (await import('./commands/init.js')).initCommand,
};

/** Wires the commands together. */
export async function buildProgram(argv: readonly string[], ctx: CommandContext, setExitCode: (code: number) => void): Promise<Command> {
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
    .addHelpText('after', HELP_FOOTER)
    .exitOverride();

  for (const name of commandsToLoad(argv)) {
    const make = await COMMANDS[name]?.();
    if (!make) continue;
    const command = make(ctx, setExitCode).helpOption('-h, --help', 'show help').configureHelp({ showGlobalOptions: true }).exitOverride();
    program.addCommand(command);
  }
  return program;
}

const HELP_FOOTER = `
Environment:
  ALIST_URL, ALIST_USERNAME, ALIST_PASSWORD, ALIST_TOKEN  override url, auth and token of config.yaml
  ALIST_OTP                                               two-factor code (as --otp)
  \${NAME} in config.yaml                                  replaced from the environment
  NO_COLOR, FORCE_COLOR, TERM=dumb                        colour

Exit codes:
  0 success, 1 error or failed change, 2 changes pending (plan --detailed-exitcode), 130 interrupted

Start with: alist-batch init, then alist-batch validate, plan, apply.`;

/** The one command named on the command line; all of them for help, --version or a typo. */
function commandsToLoad(argv: readonly string[]): string[] {
  const args = argv.slice(2);
  if (args.includes('-V') || args.includes('--version')) return [];
  const named = args.find((a) => !a.startsWith('-'));
  return named !== undefined && named in COMMANDS ? [named] : Object.keys(COMMANDS);
}
