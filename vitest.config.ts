import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The end-to-end tests spawn the built CLI; a 2-core CI machine needs headroom.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
