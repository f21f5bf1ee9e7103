/**
 * The commands that print a --json document. Kept apart from the document's schema (zod) so that
 * the error boundary knows them without loading it: `--version` loads neither zod nor a command.
 */
export const JSON_COMMANDS = ['validate', 'plan', 'apply', 'status', 'export'] as const;
export type JsonCommand = (typeof JSON_COMMANDS)[number];

export function isJsonCommand(name: string): name is JsonCommand {
  return (JSON_COMMANDS as readonly string[]).includes(name);
}
