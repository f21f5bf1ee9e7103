import { CommanderError } from 'commander';
import { buildProgram, type Cli } from './cli.js';
import { ExitCode, type CommandContext } from './commands/context.js';
import { AbortedError, AlistBatchError, UsageError, ValidationError, formatDiagnostic } from './errors.js';
import type { JsonCommand } from './ui/json-command.js';
import { Output, type OutputStreams } from './ui/output.js';

/** What runCli works with: the standard streams, the environment and the working directory. */
export interface CliIo extends OutputStreams {
  /** Default: process.cwd(). */
  cwd?: string;
}

/**
 * The one error boundary: parses argv, runs the command, and turns whatever it throws into a
 * message on stderr (and, with --json, an error document on stdout) and an exit code. Nothing
 * below this calls process.exit.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const output = new Output(io);
  const abort = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts += 1;
    if (interrupts === 1) {
      output.info('\nInterrupted: finishing the requests in flight, starting no new ones (Ctrl-C again to quit at once).');
      abort.abort(new AbortedError('Interrupted.'));
    } else {
      // A second Ctrl-C means "now": nothing we hold needs cleaning up.
      process.exit(ExitCode.interrupted);
    }
  };
  const isProcess = io.stdout === process.stdout;
  if (isProcess) process.on('SIGINT', onSigint);

  const ctx: CommandContext = { output, env: io.env, stdin: io.stdin, signal: abort.signal, cwd: io.cwd ?? process.cwd() };
  let exitCode: number = ExitCode.ok;
  let cli: Cli | undefined;
  try {
    cli = await buildProgram(argv, ctx, (code) => {
      exitCode = code;
    });
    const { mode } = cli;
    cli.program.hook('preAction', () => output.setMode(mode()));
    await cli.program.parseAsync([...argv]);
    return abort.signal.aborted && exitCode === ExitCode.ok ? ExitCode.interrupted : exitCode;
  } catch (error) {
    // Commander's own errors (unknown option, missing value) come before any action: read the mode here too.
    const mode = cli?.mode();
    if (mode) output.setMode(mode);
    return await renderError(error, output, mode?.jsonCommand);
  } finally {
    if (isProcess) process.off('SIGINT', onSigint);
  }
}

/** Every error, in one place: its secrets registered, with --json its document on stdout, then the message on stderr. */
async function renderError(error: unknown, output: Output, jsonCommand: JsonCommand | undefined): Promise<number> {
  // Invalid files never reached the redactor: register what the loader saw before printing anything.
  if (error instanceof ValidationError) for (const secret of error.secrets) output.redactor.register(secret);
  // Commander already printed help, the version or its own usage message.
  if (error instanceof CommanderError && error.exitCode === 0) return ExitCode.ok;
  if (jsonCommand) await printErrorDocument(jsonCommand, error, output);
  return error instanceof CommanderError ? ExitCode.failure : renderMessage(error, output);
}

/** With --json, a script reading stdout gets a document even when the command failed. */
async function printErrorDocument(jsonCommand: JsonCommand, error: unknown, output: Output): Promise<void> {
  // Loaded only here: the document's schema (zod) costs start-up time that --version must not pay.
  const { errorDocument } = await import('./ui/json-document.js');
  const shown = error instanceof CommanderError ? new UsageError(error.message.replace(/^error: /, '')) : error;
  output.result(errorDocument(jsonCommand, shown));
}

function renderMessage(error: unknown, output: Output): number {
  if (error instanceof AbortedError) {
    output.error(error.message);
    return ExitCode.interrupted;
  }
  if (error instanceof ValidationError) {
    for (const d of error.diagnostics) output.info(formatDiagnostic(d));
    output.error(error.message);
    return ExitCode.failure;
  }
  if (error instanceof AlistBatchError) {
    output.error(error.message);
    if (error.hint) output.info(`${output.errColor.dim('hint:')} ${error.hint}`);
    return ExitCode.failure;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  output.error(`internal error (a bug in alist-batch; please report it):\n${detail}`);
  return ExitCode.failure;
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}
