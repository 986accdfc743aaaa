// Vendors: the list, a vendor's capacity, its webhook endpoints with health, the delivery
// log (redeliver) and a case reached from the log.
import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

test('ops look at a vendor: capacity, webhook endpoints, deliveries, and a case', async ({
  page,
}) => {
  await signIn(page, 'ops', '/console/vendors');
  await expect(page.getByRole('heading', { name: 'Vendors' })).toBeVisible();
  const rows = page.getByRole('row');
  await expect(rows.nth(1)).toBeVisible();
  await screenshot(page, 'vendors');
  await expectAccessible(page);

  // The search filter is in the URL and narrows the list.
  const firstName = ((await rows.nth(1).getByRole('link').textContent()) ?? '').trim();
  await page.getByLabel('Find a vendor').fill(firstName.slice(0, 5));
  await expect(page).toHaveURL(/q=/);
  await page.getByRole('link', { name: firstName }).click();

  await expect(page.getByRole('heading', { name: firstName })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Open cases' })).toBeVisible();
  await screenshot(page, 'vendor-capacity');
  await expectAccessible(page);

  await page.getByRole('tab', { name: 'Webhook endpoints' }).click();
  await expect(
    page.getByTestId('webhook-endpoints').or(page.getByText('No webhook endpoints')),
  ).toBeVisible();
  await screenshot(page, 'vendor-webhooks');
  await expectAccessible(page);

  await page.getByRole('tab', { name: 'Delivery log' }).click();
  await expect(page).toHaveURL(/tab=deliveries/);
  const log = page.getByTestId('webhook-deliveries');
  await expect(log.or(page.getByText('No deliveries'))).toBeVisible();
  await screenshot(page, 'vendor-deliveries');
  await expectAccessible(page);
  if (await log.isVisible()) {
    await log
      .getByRole('button', { name: /^Redeliver/ })
      .first()
      .click();
    await expect(page.getByText('Queued again with the same webhook-id.')).toBeVisible();
  }
});

test('ops open a case from the case list', async ({ page }) => {
  await signIn(page, 'ops', '/console/cases?status=IN_PROGRESS');
  await expect(page.getByRole('heading', { name: 'Cases' })).toBeVisible();
  const first = page.getByRole('row').nth(1).getByRole('link');
  await expect(first).toBeVisible();
  await screenshot(page, 'cases');
  await expectAccessible(page);
  await first.click();
  await expect(page.getByRole('heading', { name: /^Case / })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  await expect(page.getByText('Resolution due')).toBeVisible();
  await screenshot(page, 'case');
  await expectAccessible(page);
});
