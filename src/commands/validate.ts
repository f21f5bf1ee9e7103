import { Command } from 'commander';
import type { CommandContext } from './context.js';

// Placeholder until the loader lands (issue 2).
export function validateCommand(ctx: CommandContext, setExitCode: (code: number) => void): Command {
  return new Command('validate').action(() => {
    ctx.output.error('not implemented yet');
    setExitCode(1);
  });
}
