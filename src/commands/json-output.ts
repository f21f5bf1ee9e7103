import { AlistBatchError, ValidationError } from '../errors.js';
import { FORMAT_VERSION, type JsonDocument } from '../sync/document.js';
import type { CommandContext } from './context.js';

type JsonCommand = JsonDocument['command'];

const JSON_COMMANDS: readonly string[] = ['validate', 'plan', 'apply'] satisfies readonly JsonCommand[];

/**
 * The command that prints --json documents, when the command line asks for one. Used where an
 * error happens before any command runs (an unknown option): the document must still be printed.
 */
export function jsonCommandOf(argv: readonly string[]): JsonCommand | undefined {
  const args = argv.slice(2);
  const named = args.find((a) => !a.startsWith('-'));
  return args.includes('--json') && named !== undefined && JSON_COMMANDS.includes(named) ? (named as JsonCommand) : undefined;
}

/**
 * Runs a command body. With --json, an error still prints one JSON document on stdout (the message
 * goes to stderr as usual), so a script reading stdout always gets a document.
 */
export async function runJsonAware(command: JsonCommand, json: boolean, ctx: CommandContext, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (json) {
      // Invalid files never reached the redactor: register what the loader saw before printing.
      if (error instanceof ValidationError) for (const secret of error.secrets) ctx.output.redactor.register(secret);
      ctx.output.data(JSON.stringify(errorDocument(command, error), null, 2));
    }
    throw error;
  }
}

export function errorDocument(command: JsonCommand, error: unknown): JsonDocument {
  const doc: JsonDocument = { format_version: FORMAT_VERSION, command, error: { message: error instanceof Error ? error.message : String(error) } };
  if (error instanceof AlistBatchError && error.hint && doc.error) doc.error.hint = error.hint;
  if (error instanceof ValidationError && doc.error) doc.error.diagnostics = [...error.diagnostics];
  return doc;
}
