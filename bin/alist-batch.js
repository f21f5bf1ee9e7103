#!/usr/bin/env node
// The published entry point: everything lives in the built CLI.
import { runCli } from '../dist/main.js';

process.exitCode = await runCli(process.argv);
