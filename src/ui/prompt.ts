import { createInterface } from 'node:readline/promises';
import { AbortedError } from '../errors.js';
import type { Output } from './output.js';

/**
 * Asks a yes/no question on the terminal, as Terraform does: only the exact answer "yes" confirms;
 * anything else, or the end of input, is a no. Ctrl-C at the prompt is an interruption (exit 130).
 */
export async function confirm(output: Output, question: string, signal: AbortSignal): Promise<boolean> {
  const rl = createInterface({ input: output.streams.stdin, output: output.streams.stderr });
  const asking = new AbortController();
  let ending: 'interrupted' | 'closed' | undefined;
  const stop = (why: 'interrupted' | 'closed') => (): void => {
    ending ??= why;
    asking.abort();
  };
  // On a terminal readline reads Ctrl-C as a key and reports it here, not as a process signal.
  rl.on('SIGINT', stop('interrupted'));
  rl.on('close', stop('closed'));
  const onOuterAbort = stop('interrupted');
  signal.addEventListener('abort', onOuterAbort, { once: true });
  try {
    const answer = await rl.question(`${question} Only 'yes' is accepted: `, { signal: asking.signal });
    return answer.trim() === 'yes';
  } catch (error) {
    if (ending === undefined) throw error;
    output.info(''); // the prompt line was left open
    if (ending === 'interrupted') throw new AbortedError('Interrupted at the confirmation prompt; nothing was changed.');
    return false;
  } finally {
    signal.removeEventListener('abort', onOuterAbort);
    rl.close();
  }
}
