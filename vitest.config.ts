import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 90_000, // a hang guard, not a speed check: CLI and multi-process tests spawn processes that a loaded machine slows down
    hookTimeout: 60_000,
    pool: 'forks',
    // Two test files at a time even on 2 cores (vitest's default is cores - 1 = 1): most files wait on child processes,
    // sockets or the Postgres cluster, so CI's three runs stay within its time.
    maxWorkers: 2,
    globalSetup: ['tests/global-setup.ts'],
  },
});
