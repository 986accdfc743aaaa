// Ops make a draft from the published rules, see the server's problem on the rule it concerns,
// fix it, simulate it over a period of the demo history, and publish it after seeing the diff.
import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

test('ops edit a draft, fix the problem shown on its rule, simulate and publish', async ({
  page,
}) => {
  await signIn(page, 'ops', '/console/routing');

  await expect(page.getByRole('heading', { name: 'Routing' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^v\d+$/ }).first()).toBeVisible();
  await screenshot(page, 'routing-list');
  await expectAccessible(page);

  // A new draft from the published rules.
  const name = `Console draft ${Date.now().toString(36)}`;
  await page.getByRole('button', { name: 'New draft' }).click();
  const create = page.getByRole('dialog', { name: 'New draft' });
  await create.getByLabel('Name').fill(name);
  await create.getByLabel('Reason (kept in the audit trail)').fill('Try more overflow');
  await create.getByRole('button', { name: 'Create draft' }).click();
  const heading = page.getByRole('heading', { name: new RegExp(`v(\\d+) · ${name}`) });
  await expect(heading).toBeVisible();
  const version = /v(\d+)/.exec((await heading.textContent()) ?? '')![1]!;

  // Filters live in the URL: the drafts list holds the new draft and no published version.
  await page.goto('/console/routing?status=DRAFT');
  await expect(page.getByRole('link', { name: `v${version}` })).toBeVisible();
  await expect(page.getByText('published', { exact: true })).toHaveCount(0);
  await page.getByRole('link', { name: `v${version}` }).click();
  await expect(heading).toBeVisible();
  const firstRule = page.getByTestId('rule-row-0');
  await expect(firstRule).toBeVisible();
  await screenshot(page, 'ruleset-draft');
  await expectAccessible(page);

  // Break rule 1: a weight of zero.
  const weight = page.getByLabel('Rule 1 target 1 weight');
  const original = await weight.inputValue();
  await weight.fill('0');
  await page
    .getByLabel('Reason for the change (kept in the audit trail)')
    .fill('Try a zero weight');
  await page.getByRole('button', { name: 'Save draft' }).click();
  const problems = page.getByTestId('rule-0-problems');
  await expect(problems).toBeVisible();
  await expect(problems).toContainText(/weight/i);
  await expect(page.getByRole('button', { name: 'Publish…' })).toBeDisabled();
  await screenshot(page, 'ruleset-problem-on-rule');

  // Fix it, with a different split than the published one.
  await weight.fill(String(Number(original) + 10));
  await page
    .getByLabel('Reason for the change (kept in the audit trail)')
    .fill('Restore the weight');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('rule-0-problems')).toHaveCount(0);
  await expect(page.getByText('Saved; ready to publish.')).toBeVisible();

  // The diff against the published version.
  await page.getByRole('tab', { name: 'Diff against published' }).click();
  await expect(page.getByTestId('ruleset-diff')).toContainText('changed');
  await screenshot(page, 'ruleset-diff');
  await expectAccessible(page);

  // Simulate over September of the demo history.
  await page.getByRole('tab', { name: 'Simulate' }).click();
  await page.getByLabel('From (your time)').fill('2026-09-01T00:00');
  await page.getByLabel('To (your time)').fill('2026-09-15T00:00');
  await page.getByRole('button', { name: 'Simulate' }).click();
  await expect(page).toHaveURL(/tab=simulate.*from=2026-08-31T18%3A30/);
  const result = page.getByTestId('simulation-result');
  await expect(result).toBeVisible();
  await expect(result.getByText('Cases simulated')).toBeVisible();
  await expect(result.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await screenshot(page, 'ruleset-simulation');
  await expectAccessible(page);

  // Shadow results (none yet: the draft never ran in shadow).
  await page.getByRole('tab', { name: 'Shadow' }).click();
  await expect(page.getByText(/No shadow decisions yet|decided alike/)).toBeVisible();
  await screenshot(page, 'ruleset-shadow');

  // Publish, seeing the diff first.
  await page.getByRole('tab', { name: 'Rules' }).click();
  await page.getByRole('button', { name: 'Publish…' }).click();
  const dialog = page.getByRole('dialog', { name: `Publish v${version}` });
  await expect(dialog.getByTestId('ruleset-diff')).toBeVisible();
  await dialog.getByLabel('Reason (kept in the audit trail)').fill('More overflow for Q4');
  await screenshot(page, 'ruleset-publish-dialog');
  await dialog.getByRole('button', { name: `Publish v${version}` }).click();
  await expect(page.getByText('published', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save draft' })).toHaveCount(0);

  // It is the one published version now; the one before is archived and can be rolled back to.
  await page.goto('/console/routing?status=PUBLISHED');
  await expect(page.getByRole('link', { name: /^v\d+$/ })).toHaveText([`v${version}`]);
  await page.goto('/console/routing?status=ARCHIVED');
  await page
    .getByRole('link', { name: /^v\d+$/ })
    .first()
    .click();
  await expect(page.getByRole('button', { name: /^Roll back to v\d+…$/ })).toBeVisible();
  await screenshot(page, 'ruleset-archived');
  await expectAccessible(page);
});

test('a vendor manager reads rules but is offered no edits and no case screens', async ({
  page,
}) => {
  await signIn(page, 'vendor_manager', '/console/routing');
  await expect(page.getByRole('heading', { name: 'Routing' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New draft' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Cases' })).toHaveCount(0);
  await page
    .getByRole('link', { name: /^v\d+$/ })
    .first()
    .click();
  await expect(page.getByTestId('rule-row-0')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save draft' })).toHaveCount(0);
});
