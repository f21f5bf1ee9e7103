#!/usr/bin/env node
// The published entry point: the CLI is bundled into dist/ (scripts/bundle.mjs, run by `npm run build`).
import module from 'node:module';
import { setFlagsFromString } from 'node:v8';

// A run lasts a second or two. V8's optimising compiler (TurboFan) compiles every function that
// gets warm, on background threads, and in a run this short most of them never pay that back:
// with --trace-opt, a no-op of 2,000 mounts compiled 58 functions and a cold apply of 1,000 184.
// With 16 times the default budget a function is optimised only after 16 times the work: none in
// that no-op, 8 in that apply, while the long loops of a validate of 100,000 still are (its time
// unchanged). Measured CPU: no-op 60–90 ms less, cold apply at 256 in flight 120–190 ms less.
// Set before the bundle is compiled, so that it applies to all of it.
setFlagsFromString('--interrupt-budget=1081344');

// Node ≥ 22.1 keeps the compiled bundle on disk between runs (start-up without recompiling);
// Node 20 has no such cache, and runs the same bundle without it. Enabled before the bundle loads.
module.enableCompileCache?.();
const { runCli } = await import('../dist/alist-batch.js');
const code = await runCli(process.argv);

// runCli has finished everything it started (requests, files, the spinner). Leaving the process to
// end by itself would add Node's teardown (disposing the heap and its threads): 25–55 ms of CPU on
// the critical path of every run, measured on a no-op and a validate of 10,000. Exiting skips it,
// once what was written to stdout and stderr is flushed (pipes are asynchronous on macOS) and the
// compile cache is saved where it exists.
const flushed = (stream) => new Promise((resolve) => stream.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
module.flushCompileCache?.();
process.exit(code);
