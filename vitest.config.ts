import { defineConfig } from 'vitest/config';

// Temporal's native worker and LanceDB are happiest in child processes, not threads.
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
