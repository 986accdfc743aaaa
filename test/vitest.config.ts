import { defineProject } from 'vitest/config';
import { graphqlSingleRealm } from '../vitest.shared.ts';

export default defineProject({
  resolve: graphqlSingleRealm,
  test: {
    name: 'e2e',
    // Integration tests on a shared 2-core machine: generous limits, so no test fails on a stopwatch.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    include: ['e2e/**/*.test.ts'],
  },
});
