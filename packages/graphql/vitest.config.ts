import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'graphql', include: ['src/**/*.test.ts'] },
});
