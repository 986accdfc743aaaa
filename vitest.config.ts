import { defineConfig } from 'vitest/config';

// One vitest project per workspace package; `pnpm vitest` from the root runs them all.
export default defineConfig({
  test: { projects: ['packages/*', 'services/*', 'test'] },
});
