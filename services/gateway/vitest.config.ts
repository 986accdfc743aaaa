import { defineProject } from 'vitest/config';
import { graphqlSingleRealm } from '../../vitest.shared.ts';

export default defineProject({
  resolve: graphqlSingleRealm,
  test: { name: 'gateway', include: ['src/**/*.test.ts'] },
});
