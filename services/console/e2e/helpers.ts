import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { SCREENSHOT_DIR } from './stack.ts';

/** Signs in through the development OIDC provider's page, as a person with this role. */
export async function signIn(
  page: Page,
  role: 'ops' | 'vendor_manager' | 'auditor' | 'specialist',
  path = '/console/',
) {
  await page.goto(path);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByRole('button', { name: new RegExp(`^${role}\\b`) }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(`dev.${role}`);
}

/** A full-page screenshot under e2e-output/screens/, to look at. */
export async function screenshot(page: Page, name: string) {
  // From the top: a page scrolled by an action draws its fixed header mid-page in a full shot.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
}

/** No serious or critical accessibility violation on what the page shows now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    );
  expect(bad).toEqual([]);
}
