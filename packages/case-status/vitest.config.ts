import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'case-status',
    // Integration tests on a shared 2-core machine: generous limits, so no test fails on a stopwatch.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    include: ['src/**/*.test.ts'],
  },
});
