// Progress lines without a terminal: every line, in order, written in batches per event-loop turn
// (one write for the items that settled together), the rest at stop(), redacted like all output.
import { Readable, Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Output } from '../src/ui/output.js';
import { startProgress } from '../src/ui/progress.js';

function pipeOutput(): { output: Output; writes: string[] } {
  const writes: string[] = [];
  const sink = (): Writable =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        writes.push(chunk.toString('utf8'));
        done();
      },
    });
  const output = new Output({ stdout: sink(), stderr: sink(), stdin: Readable.from([]), env: { NO_COLOR: '1' } });
  return { output, writes };
}

describe('progress lines without a terminal', () => {
  it('writes the lines that settle in one turn in one write, in order, and the rest at stop()', async () => {
    const { output, writes } = pipeOutput();
    output.redactor.register('s3cret-value');
    const progress = await startProgress(output, 'applied', 300, { spinner: true });
    for (let i = 1; i <= 256; i++) progress.tick(i, 300, `[${i}/300] created /m${i}`, false);
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toHaveLength(1);
    for (let i = 257; i <= 300; i++) progress.tick(i, 300, `[${i}/300] created /m${i} s3cret-value`, false);
    progress.stop();
    expect(writes).toHaveLength(2);
    const lines = writes.join('').split('\n');
    expect(lines).toHaveLength(301);
    expect(lines[0]).toBe('[1/300] created /m1');
    expect(lines[299]).toBe('[300/300] created /m300 ********');
    expect(lines[300]).toBe('');
    await nextTurn();
    expect(writes).toHaveLength(2);
  });
});
