import { createInterface } from 'node:readline/promises';
import type { Output } from './output.js';

/** Asks a yes/no question on the terminal; only "yes" (or "y") confirms. */
export async function confirm(output: Output, question: string, signal: AbortSignal): Promise<boolean> {
  const rl = createInterface({ input: output.streams.stdin, output: output.streams.stderr });
  try {
    const answer = await rl.question(`${question} Only 'yes' is accepted: `, { signal });
    return /^(y|yes)$/i.test(answer.trim());
  } catch {
    return false;
  } finally {
    rl.close();
  }
}
