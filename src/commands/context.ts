import type { Output } from '../ui/output.js';

/** What every command gets: where to print, the environment, and the Ctrl-C signal. */
export interface CommandContext {
  output: Output;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Aborted on the first Ctrl-C: stop starting new work, let what is in flight settle. */
  signal: AbortSignal;
  cwd: string;
}

/** Exit codes, in one place so README, commands and tests agree. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  /** `plan --detailed-exitcode`: the server differs from the files. */
  changesPending: 2,
  interrupted: 130,
} as const;
