import { defineProject } from 'vitest/config';

// Unit tests of the console's client-side logic (no browser); the browser tests are e2e/.
export default defineProject({
  test: {
    name: 'console',
    include: ['src/**/*.test.ts'],
  },
});
