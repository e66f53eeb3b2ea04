import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 90_000, // CLI tests start several processes, each opening the embedded database
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
