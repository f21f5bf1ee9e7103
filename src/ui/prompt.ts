import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { AbortedError } from '../errors.js';
import type { Output } from './output.js';

/**
 * Asks a yes/no question on the terminal, as Terraform does: only the exact answer "yes" confirms;
 * anything else, or the end of input, is a no. Ctrl-C at the prompt is an interruption (exit 130).
 */
export async function confirm(output: Output, question: string, signal: AbortSignal): Promise<boolean> {
  const answer = await ask(output, `${question} Only 'yes' is accepted: `, signal, {
    secret: false,
    interrupted: 'Interrupted at the confirmation prompt; nothing was changed.',
  });
  return answer?.trim() === 'yes';
}

/**
 * Reads a secret on the terminal without echoing it (as gh and docker login do); undefined at the
 * end of input. Ctrl-C is an interruption (exit 130).
 */
export async function askSecret(output: Output, prompt: string, signal: AbortSignal): Promise<string | undefined> {
  return ask(output, prompt, signal, { secret: true, interrupted: 'Interrupted at the password prompt; nothing was sent to the server.' });
}

interface AskOptions {
  /** Nothing typed is shown: the terminal is in raw mode under readline, which echoes through its output, muted here. */
  secret: boolean;
  interrupted: string;
}

async function ask(output: Output, prompt: string, signal: AbortSignal, options: AskOptions): Promise<string | undefined> {
  const stderr = output.streams.stderr;
  let muted = false;
  const shown = new Writable({
    write(chunk: Buffer | string, _encoding, done): void {
      if (!muted) stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: output.streams.stdin, output: options.secret ? shown : stderr, terminal: options.secret ? true : undefined });
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
    const question = rl.question(prompt, { signal: asking.signal });
    // The prompt is written by now; from here on the keys typed are not.
    muted = options.secret;
    const answer = await question;
    if (options.secret) output.info(''); // the Enter was not echoed either
    return answer;
  } catch (error) {
    if (ending === undefined) throw error;
    output.info(''); // the prompt line was left open
    if (ending === 'interrupted') throw new AbortedError(options.interrupted);
    return undefined;
  } finally {
    signal.removeEventListener('abort', onOuterAbort);
    rl.close();
  }
}
