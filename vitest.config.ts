import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Vitest's default is one worker per core but one, which on a 2-core machine runs the files one
    // after the other. The slow files mostly wait (emulator latency, a child CLI, a pseudo-terminal:
    // the whole suite uses about one core's worth of CPU), so three at once keep two cores busy and
    // the slowest file (tty.test.ts) runs beside the rest. Files share nothing: each runs in its own
    // process, with its own emulators on their own ports and its own temporary folders.
    maxWorkers: Math.max(3, availableParallelism()),
    // The end-to-end tests spawn the built CLI; a 2-core CI machine needs headroom.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
