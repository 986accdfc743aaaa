// A vendor manager closes a seeded vendor's month into a credit statement, the vendor disputes
// a line through the API, and the manager answers the dispute on screen: the line then charges
// the adjusted amount and the dispute reads ADJUSTED.
import { expect, test } from '@playwright/test';
import { consoleToken, gql, partnerToken } from './api.ts';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

// The demo seed fills the quarter before 2026-10-01; its last month is closed.
const MONTH = '2026-09';

test('a vendor manager closes a month and adjusts the amount of a disputed line', async ({
  page,
}) => {
  const run = Date.now().toString(36);
  await signIn(page, 'vendor_manager', '/console/credits');
  const vendorToken = await partnerToken(page);
  const { viewer } = await gql<{ viewer: { vendorId: string } }>(
    page,
    vendorToken,
    '{ viewer { vendorId } }',
  );
  const managerToken = await consoleToken(page);
  const { vendor } = await gql<{ vendor: { name: string } }>(
    page,
    managerToken,
    'query ($id: ID!) { vendor(id: $id) { name } }',
    { id: viewer.vendorId },
  );

  await page.getByRole('combobox', { name: 'Vendor' }).click();
  await page.getByRole('option', { name: vendor.name }).click();
  await expect(page.getByRole('heading', { name: 'Closed statements' })).toBeVisible();

  // Close the month with a reason.
  await page.getByRole('button', { name: 'Close a month' }).click();
  const closeDialog = page.getByRole('dialog', { name: 'Close a month’s service credits' });
  await closeDialog.getByRole('textbox', { name: 'Billing month' }).fill(MONTH);
  await closeDialog.getByRole('textbox', { name: 'Reason' }).fill(`browser test ${run}: month end`);
  await closeDialog.getByRole('button', { name: 'Close the month' }).click();
  await expect(closeDialog).toBeHidden();
  const statement = page.getByTestId('credit-statement');
  await expect(statement).toContainText(`${MONTH}, version`);
  await expect(statement).toContainText(`browser test ${run}: month end`);
  const lines = page.getByTestId('statement-lines').locator('tbody tr');
  expect(await lines.count()).toBeGreaterThan(0);

  // The vendor disputes the current statement's first charging line, as its system would.
  const { creditStatements } = await gql<{
    creditStatements: {
      status: string;
      lines: { id: string; kpi: string; chargedCents: number }[];
    }[];
  }>(
    page,
    vendorToken,
    'query ($p: String) { creditStatements(period: $p) { status lines { id kpi chargedCents } } }',
    { p: MONTH },
  );
  const current = creditStatements.find((s) => s.status === 'CURRENT');
  const line =
    current?.lines.find((l) => l.chargedCents > 0) ??
    (current?.lines[0] as { id: string; kpi: string });
  expect(line, 'the closed month has a line').toBeTruthy();
  await gql(
    page,
    vendorToken,
    'mutation ($id: ID!, $r: String!) { disputeCreditLine(lineId: $id, reason: $r) { id status } }',
    { id: line.id, r: `browser test ${run}: two breaches were the platform's outage` },
  );

  // The manager reads the line and the open dispute.
  await page.reload();
  const row = page.getByTestId('statement-lines').locator(`tr[data-kpi="${line.kpi}"]`);
  await expect(row.getByTestId('line-dispute')).toHaveText('OPEN');
  const open = page.getByTestId('open-disputes').locator(`tr[data-kpi="${line.kpi}"]`);
  await expect(open).toContainText(`browser test ${run}`);
  await screenshot(page, 'credits-statement');
  await expectAccessible(page);

  // …and adjusts it to 12.34.
  await open.getByRole('button', { name: 'Answer' }).click();
  const dialog = page.getByRole('dialog', { name: /Answer the dispute/ });
  await dialog.getByRole('radio', { name: /Adjust/ }).check();
  await dialog.getByRole('textbox', { name: /New amount/ }).fill('12.34');
  await dialog.getByRole('textbox', { name: 'Note' }).fill(`browser test ${run}: outage excluded`);
  await screenshot(page, 'credits-dispute-dialog');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Decide' }).click();
  await expect(dialog).toBeHidden();

  await expect(row.getByTestId('line-dispute')).toHaveText('ADJUSTED');
  await expect(row.getByTestId('charges-now')).toHaveText(/^12\.34$/);
  const decided = page.getByTestId('decided-disputes').locator(`tr[data-kpi="${line.kpi}"]`);
  await expect(decided.first()).toContainText('ADJUSTED');
  await expect(decided.first()).toContainText(`browser test ${run}: outage excluded`);
  await expect(page.getByText('No dispute waits for an answer.')).toBeVisible();
  await screenshot(page, 'credits-dispute-resolved');
  await expectAccessible(page);
});
