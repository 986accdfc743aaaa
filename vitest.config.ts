import { defineConfig } from 'vitest/config';

// One vitest project per workspace package; `pnpm vitest` from the root runs them all.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'services/*/vitest.config.ts',
      'test/vitest.config.ts',
    ],
  },
});
