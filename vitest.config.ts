import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI suites spawn the built erlint; two cores, so keep the pool small and the timeouts honest.
    testTimeout: 30_000,
    pool: 'forks',
    // Each run's temporary workspaces live under one directory, removed at the end.
    globalSetup: ['test/helpers/temp-root.ts'],
  },
});
