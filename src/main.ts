import { CommanderError } from 'commander';
import { buildProgram } from './cli.js';
import { ExitCode, type CommandContext } from './commands/context.js';
import { AbortedError, AlistBatchError, UsageError, ValidationError, formatDiagnostic } from './errors.js';
import { Output, type OutputStreams } from './ui/output.js';

/**
 * The one error boundary: parses argv, runs the command, and turns whatever it throws into a
 * message on stderr and an exit code. Nothing below this calls process.exit.
 */
export async function runCli(argv: readonly string[], streams: OutputStreams = processStreams()): Promise<number> {
  const output = new Output(streams, !argv.includes('--no-color'));
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
  const isProcess = streams.stdout === process.stdout;
  if (isProcess) process.on('SIGINT', onSigint);

  const ctx: CommandContext = { output, env: streams.env, stdin: streams.stdin, signal: abort.signal, cwd: process.cwd() };
  let exitCode: number = ExitCode.ok;
  try {
    const program = await buildProgram(argv, ctx, (code) => {
      exitCode = code;
    });
    await program.parseAsync([...argv]);
    return abort.signal.aborted && exitCode === ExitCode.ok ? ExitCode.interrupted : exitCode;
  } catch (error) {
    // Commander's own errors (unknown option, missing value) come before any command runs.
    if (error instanceof CommanderError && error.exitCode !== 0) await printJsonUsageError(argv, error, output);
    return renderError(error, output);
  } finally {
    if (isProcess) process.off('SIGINT', onSigint);
  }
}

/** With --json, a usage error still prints one JSON document on stdout. */
async function printJsonUsageError(argv: readonly string[], error: CommanderError, output: Output): Promise<void> {
  const { errorDocument, jsonCommandOf } = await import('./commands/json-output.js');
  const command = jsonCommandOf(argv);
  if (command) output.data(JSON.stringify(errorDocument(command, new UsageError(error.message.replace(/^error: /, ''))), null, 2));
}

function renderError(error: unknown, output: Output): number {
  if (error instanceof CommanderError) {
    // Commander already printed help, the version or its own usage message.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.failure;
  }
  if (error instanceof AbortedError) {
    output.error(error.message);
    return ExitCode.interrupted;
  }
  if (error instanceof ValidationError) {
    for (const secret of error.secrets) output.redactor.register(secret);
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

function processStreams(): OutputStreams {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}
