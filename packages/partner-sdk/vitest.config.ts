import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'partner-sdk',
    include: ['src/**/*.test.ts'],
  },
});
