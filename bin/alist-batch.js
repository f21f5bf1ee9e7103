#!/usr/bin/env node
// The published entry point. The CLI is bundled into dist/alist-batch.cjs and its start-up code into
// dist/boot.js (scripts/bundle.mjs, run by `npm run build`; src/boot.ts says what it does and why).
import { fileURLToPath } from 'node:url';
import { loadCli, setRunFlags } from '../dist/boot.js';

setRunFlags();
// A reader that went away (`alist-batch plan | head`) is no error of the run: what is left to print
// is dropped, the command finishes (an apply's writes to the server are not cut short) and exits
// with its own code, instead of dying on an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}
const { cli, saveCodeCache } = loadCli(fileURLToPath(new URL('../dist/alist-batch.cjs', import.meta.url)), process.argv, process.env);
const code = await cli.runCli(process.argv);
saveCodeCache();

// runCli has finished everything it started (requests, files, the spinner). Leaving the process to
// end by itself would add Node's teardown (disposing the heap and its threads): 25–55 ms of CPU on
// the critical path of every run, measured on a no-op and a validate of 10,000. Exiting skips it,
// once what was written to stdout and stderr is flushed (pipes are asynchronous on macOS).
const flushed = (stream) => new Promise((resolve) => stream.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
