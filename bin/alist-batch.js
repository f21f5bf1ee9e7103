#!/usr/bin/env node
// The published entry point: the CLI is bundled into dist/ (scripts/bundle.mjs, run by `npm run build`).
import module from 'node:module';

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
