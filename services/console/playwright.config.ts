import { defineConfig } from '@playwright/test';

// Browser tests against the real stack (started in global-setup.ts the way `pnpm start` starts
// it, on a free port and a throwaway database), driving Debian's Chromium: Playwright's own
// browser download cannot work offline. `.ci/run` installs the `chromium` package when missing.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e-output/test-results',
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  // One stack, one browser: the tests share the seeded database and run in order.
  workers: 1,
  fullyParallel: false,
  // Generous: a shared 2-core machine; no test asserts time.
  timeout: 600_000,
  expect: { timeout: 90_000 },
  reporter: [['list']],
  use: {
    baseURL: process.env.CONSOLE_E2E_BASE_URL,
    locale: 'en-GB',
    timezoneId: 'Asia/Kolkata',
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
