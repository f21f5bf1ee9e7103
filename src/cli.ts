import { Command, Option, type OutputConfiguration } from 'commander';
import { jsonRequested } from './commands/cli-option.js';
import type { CommandContext } from './commands/context.js';
import { UsageError } from './errors.js';
import { isJsonCommand, type JsonCommand } from './ui/json-command.js';
import type { OutputMode } from './ui/output.js';
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
  status: async () => (await import('./commands/status.js')).statusCommand,
  export: async () => (await import('./commands/export.js')).exportCommand,
  fmt: async () => (await import('./commands/fmt.js')).fmtCommand,
};

/** How the command line wants output: colour, and the command whose JSON document goes on stdout. */
export interface CommandLineMode extends OutputMode {
  jsonCommand: JsonCommand | undefined;
}

export interface Cli {
  program: Command;
  /** What commander has read so far; complete once the command's options are parsed (at its action, or at its usage error). */
  mode(): CommandLineMode;
}

const NO_COLOR = new Option('--no-color', 'no colour in output (NO_COLOR, FORCE_COLOR and TERM=dumb are honoured too)');

/**
 * Wires the commands together. Commander reads the program's own options first: that prints the
 * version (a CommanderError, before any command is loaded) and names the one command to load.
 */
export async function buildProgram(argv: readonly string[], ctx: CommandContext, setExitCode: (code: number) => void): Promise<Cli> {
  const program = new Command('alist-batch')
    .description('Provision AList / OpenList storages from YAML files: validate them, show the diff (plan), converge the server (apply).')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(NO_COLOR)
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .configureOutput(throughOutput(ctx))
    .addHelpText('after', HELP_FOOTER)
    .exitOverride();

  // The first operand is the command commander will run; anything else (help, a typo) loads them all.
  const named = program.parseOptions(argv.slice(2)).operands[0];
  for (const name of named !== undefined && named in COMMANDS ? [named] : Object.keys(COMMANDS)) {
    const make = await COMMANDS[name]?.();
    if (!make) continue;
    const command = make(ctx, setExitCode)
      .helpOption('-h, --help', 'show help')
      .configureHelp({ showGlobalOptions: true })
      .configureOutput(throughOutput(ctx))
      .exitOverride();
    refusePasswordOption(command);
    program.addCommand(command);
  }
  const invoked = program.commands.find((c) => c.name() === named);
  return { program, mode: () => modeOf(program, invoked) };
}

/**
 * `--password <p>` is what people try first; commander's "unknown option" leaves them there. It is
 * refused with where a password may come from (one on the command line is in ps and the shell
 * history), never echoing the value.
 */
function refusePasswordOption(command: Command): void {
  if (!command.options.some((o) => o.long === '--password-stdin')) return;
  command.addOption(new Option('--password [value]').hideHelp());
  command.hook('preAction', (invoked) => {
    if (invoked.getOptionValue('password') === undefined) return;
    throw new UsageError('--password is not an option: a password on the command line ends up in the shell history and in ps.', {
      hint: 'pipe it with --password-stdin (printf %s "$PASSWORD" | alist-batch apply --password-stdin), set ALIST_PASSWORD, or leave it out to be asked on a terminal',
    });
  });
}

/** Commander's help and messages go through Output too (redacted, to the streams runCli was given). */
function throughOutput(ctx: CommandContext): OutputConfiguration {
  return { writeOut: (text) => ctx.output.data(text.trimEnd()), writeErr: (text) => ctx.output.info(text.trimEnd()) };
}

function modeOf(program: Command, invoked: Command | undefined): CommandLineMode {
  const color = program.getOptionValue(NO_COLOR.attributeName()) !== false;
  const name = invoked && jsonRequested(invoked) ? invoked.name() : undefined;
  const jsonCommand = name !== undefined && isJsonCommand(name) ? name : undefined;
  return { color, json: jsonCommand !== undefined, jsonCommand };
}

const HELP_FOOTER = `
Environment:
  ALIST_URL, ALIST_USERNAME, ALIST_PASSWORD, ALIST_TOKEN  override url, auth and token of config.yaml
  ALIST_OTP                                               two-factor code (as --otp)
  \${NAME} in config.yaml                                  replaced from the environment
  HTTP_PROXY, HTTPS_PROXY, NO_PROXY                       proxies, as curl and npm read them
  NODE_EXTRA_CA_CERTS                                     a CA bundle for a server's private certificate
  NO_COLOR, FORCE_COLOR, TERM=dumb                        colour

Exit codes:
  0 success, 1 error, failed change or (status) a storage broken, missing or in conflict,
  2 changes pending (plan --detailed-exitcode), 130 interrupted

Start with: alist-batch init (or fmt on the old tools' files), then alist-batch validate, plan, apply.`;
