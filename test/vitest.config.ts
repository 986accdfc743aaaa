import { defineProject } from 'vitest/config';
import { graphqlSingleRealm } from '../vitest.shared.ts';

export default defineProject({
  resolve: graphqlSingleRealm,
  test: { name: 'e2e', include: ['e2e/**/*.test.ts'] },
});
