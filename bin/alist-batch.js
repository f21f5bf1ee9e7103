#!/usr/bin/env node
// The published entry point: the CLI is bundled into dist/ (scripts/bundle.mjs, run by `npm run build`).
import module from 'node:module';

// Node ≥ 22.1 keeps the compiled bundle on disk between runs (start-up without recompiling);
// Node 20 has no such cache, and runs the same bundle without it. Enabled before the bundle loads.
module.enableCompileCache?.();
const { runCli } = await import('../dist/alist-batch.js');
process.exitCode = await runCli(process.argv);
