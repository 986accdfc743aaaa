// A vendor manager closes a seeded vendor's month into a credit statement, the vendor disputes
// a line through the API, and the manager answers the dispute on screen: the line then charges
// the adjusted amount and the dispute reads ADJUSTED; closing the month again supersedes it.
import { expect, test } from '@playwright/test';
import { consoleToken, gql, partnerToken } from './api.ts';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

// The demo seed fills the quarter before 2026-10-01; a month of it with a credit is closed.
const MONTHS = ['2026-07', '2026-08', '2026-09'];
const monthPeriod = (m: string) => {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return {
    start: new Date(Date.UTC(y, mm - 1, 1)).toISOString(),
    end: new Date(Date.UTC(y, mm, 1)).toISOString(),
  };
};

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
  const { scorecards } = await gql<{ scorecards: { vendorId: string; vendorName: string }[] }>(
    page,
    managerToken,
    'query ($p: PeriodInput!) { scorecards(period: $p) { vendorId vendorName } }',
    { p: { start: '2026-09-01T00:00:00Z', end: '2026-10-01T00:00:00Z' } },
  );
  const vendor = { name: scorecards.find((c) => c.vendorId === viewer.vendorId)?.vendorName };
  // The month where the vendor's largest credit line is, so an adjustment can lower it.
  let month = '';
  let most = 0;
  for (const m of MONTHS) {
    const { scorecard } = await gql<{
      scorecard: { serviceCredits: { lines: { chargedCents: number }[] } | null };
    }>(
      page,
      managerToken,
      'query ($v: ID!, $p: PeriodInput!) { scorecard(vendorId: $v, period: $p) { serviceCredits { lines { chargedCents } } } }',
      { v: viewer.vendorId, p: monthPeriod(m) },
    );
    const top = Math.max(0, ...(scorecard.serviceCredits?.lines ?? []).map((l) => l.chargedCents));
    if (top > most) [month, most] = [m, top];
  }
  expect(most, 'the partner owes a credit in a seeded month').toBeGreaterThan(0);
  expect(vendor.name, 'the partner is a seeded vendor').toBeTruthy();

  await page.getByRole('combobox', { name: 'Vendor' }).click();
  await page.getByRole('option', { name: vendor.name as string }).click();
  await expect(page.getByRole('heading', { name: 'Closed statements' })).toBeVisible();

  // Close the month with a reason.
  await page.getByRole('button', { name: 'Close a month' }).click();
  const closeDialog = page.getByRole('dialog', { name: 'Close a month’s service credits' });
  await closeDialog.getByRole('textbox', { name: 'Billing month' }).fill(month);
  await closeDialog.getByRole('textbox', { name: 'Reason' }).fill(`browser test ${run}: month end`);
  await closeDialog.getByRole('button', { name: 'Close the month' }).click();
  await expect(closeDialog).toBeHidden();
  const statement = page.getByTestId('credit-statement');
  await expect(statement).toContainText(`${month}, version`);
  await expect(statement).toContainText(`browser test ${run}: month end`);
  const lines = page.getByTestId('statement-lines').locator('tbody tr');
  expect(await lines.count()).toBeGreaterThan(0);

  // The vendor disputes the current statement's largest line, as its system would.
  const { creditStatements } = await gql<{
    creditStatements: {
      status: string;
      lines: { id: string; kpi: string; chargedCents: number }[];
    }[];
  }>(
    page,
    vendorToken,
    'query ($p: String) { creditStatements(period: $p) { status lines { id kpi chargedCents } } }',
    { p: month },
  );
  const current = creditStatements.find((s) => s.status === 'CURRENT');
  const line = [...(current?.lines ?? [])].sort((a, b) => b.chargedCents - a.chargedCents)[0];
  expect(line?.chargedCents, 'the closed month charges a credit').toBeGreaterThan(0);
  if (!line) return;
  // Half the charge, typed as the dialog takes it (units of the currency).
  const adjustedText = (Math.floor(line.chargedCents / 2) / 100).toFixed(2);
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

  // …and adjusts it to half the charge.
  await open.getByRole('button', { name: 'Answer' }).click();
  const dialog = page.getByRole('dialog', { name: /Answer the dispute/ });
  await dialog.getByRole('radio', { name: /Adjust/ }).check();
  await dialog.getByRole('textbox', { name: /New amount/ }).fill(adjustedText);
  await dialog.getByRole('textbox', { name: 'Note' }).fill(`browser test ${run}: outage excluded`);
  await screenshot(page, 'credits-dispute-dialog');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Decide' }).click();
  await expect(dialog).toBeHidden();

  await expect(row.getByTestId('line-dispute')).toHaveText('ADJUSTED');
  await expect(row.getByTestId('charges-now')).toHaveText(
    Number(adjustedText).toLocaleString('en-GB', { minimumFractionDigits: 2 }),
  );
  const decided = page.getByTestId('decided-disputes').locator(`tr[data-kpi="${line.kpi}"]`);
  await expect(decided.first()).toContainText('ADJUSTED');
  await expect(decided.first()).toContainText(`browser test ${run}: outage excluded`);
  await expect(page.getByText('No dispute waits for an answer.')).toBeVisible();
  await screenshot(page, 'credits-dispute-resolved');
  await expectAccessible(page);

  // Closing the month again re-issues it: both versions listed, the first superseded.
  await page.getByRole('button', { name: 'Close a month' }).click();
  await closeDialog.getByRole('textbox', { name: 'Billing month' }).fill(month);
  await closeDialog.getByRole('textbox', { name: 'Reason' }).fill(`browser test ${run}: re-issue`);
  await closeDialog.getByRole('button', { name: 'Close the month' }).click();
  await expect(closeDialog).toBeHidden();
  const versions = page.getByTestId('statement-versions').locator('tbody tr');
  await expect(versions).toHaveCount(2);
  await expect(versions.nth(0)).toHaveAttribute('data-status', 'CURRENT');
  await expect(versions.nth(1)).toHaveAttribute('data-status', 'SUPERSEDED');
  await expect(statement).toContainText(`${month}, version 2`);
});
