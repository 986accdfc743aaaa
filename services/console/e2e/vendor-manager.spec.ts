// The vendor manager's screens against the seeded quarter: compare vendors and open the cases
// behind a missed KPI; export the quarterly business review pack (PDF, rendered with poppler);
// one figure the same on the screen, in the CSV and in the PDF; service credits with their terms.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import Papa from 'papaparse';
import { consoleToken, gql } from './api.ts';
import { expectAccessible, screenshot, signIn } from './helpers.ts';
import { SCREENSHOT_DIR } from './stack.ts';

// The demo seed fills the quarter before 2026-10-01.
const QUARTER = '2026-Q3';
const PERIOD = { start: '2026-07-01T00:00:00Z', end: '2026-10-01T00:00:00Z' };

type Kpi = {
  kpi: string;
  label: string;
  actual: number | null;
  target: number | null;
  status: string;
  evidence: { numerator: number; denominator: number | null; caseCount: number };
};
type Card = { vendorId: string; vendorName: string; totals: { kpis: Kpi[] } };

async function scorecards(page: Page): Promise<Card[]> {
  const token = await consoleToken(page);
  const data = await gql<{ scorecards: Card[] }>(
    page,
    token,
    `query ($period: PeriodInput!) { scorecards(period: $period) { vendorId vendorName
       totals { kpis { kpi label actual target status evidence { numerator denominator caseCount } } } } }`,
    { period: PERIOD },
  );
  return data.scorecards;
}

/** A number as the screen, the CSV or the PDF prints it ("1,312 s", "96.88%", "-2.5"). */
const numberIn = (text: string) => Number(text.replace(/[^0-9.-]/g, ''));

async function savedDownload(page: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const dir = mkdtempSync(join(tmpdir(), 'bvg-vm-'));
  const file = join(dir, download.suggestedFilename());
  await download.saveAs(file);
  return { dir, file, name: download.suggestedFilename() };
}

/** Pages rendered to PNG with pdftoppm (the first kept as a screenshot), and the text. */
function readPdf(file: string, dir: string) {
  execFileSync('pdftoppm', ['-png', '-r', '60', file, join(dir, 'page')]);
  const pages = readdirSync(dir)
    .filter((f) => /^page-\d+\.png$/.test(f))
    .sort();
  execFileSync('cp', [join(dir, pages[0] ?? ''), `${SCREENSHOT_DIR}vm-qbr-page-1.png`]);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return { pages, text };
}

async function openScorecard(page: Page, card: Card) {
  await page.goto(`/console/scorecards/${card.vendorId}?quarter=${QUARTER}`);
  await expect(page.getByRole('heading', { name: `Scorecard: ${card.vendorName}` })).toBeVisible();
  await expect(page.getByTestId('kpi-table')).toBeVisible();
}

test('a vendor manager compares two vendors and opens the cases behind a missed KPI', async ({
  page,
}) => {
  await signIn(page, 'vendor_manager', `/console/compare?quarter=${QUARTER}`);
  await expect(page.getByRole('heading', { name: 'Compare vendors' })).toBeVisible();
  const cards = await scorecards(page);
  // A vendor that missed a contract target, and another to compare it with.
  const missed = cards
    .flatMap((c) =>
      c.totals.kpis
        .filter((k) => k.status === 'MISSED' && k.evidence.denominator)
        .map((k) => ({ card: c, kpi: k })),
    )
    .at(0);
  expect(missed, 'the seeded quarter has a missed KPI').toBeTruthy();
  const { card, kpi } = missed as { card: Card; kpi: Kpi };
  const other = cards.find((c) => c.vendorId !== card.vendorId) as Card;

  await expect(page.getByTestId('compare-table')).toBeVisible();
  const picker = page.getByRole('combobox', { name: 'Vendors' });
  for (const name of [card.vendorName, other.vendorName]) {
    await picker.click();
    await page.getByRole('option', { name }).click();
  }
  await page.keyboard.press('Escape');
  const headers = page.getByTestId('compare-table').locator('thead th');
  await expect(headers).toHaveCount(3);
  await expect(headers.nth(1)).toContainText(
    [card.vendorName, other.vendorName].sort()[0] as string,
  );

  // The missed figure, its target and gap, side by side with the other vendor's.
  const row = page.getByTestId('compare-table').locator(`tr[data-kpi="${kpi.kpi}"]`);
  const cell = row.locator(`td[data-vendor="${card.vendorName}"]`);
  await expect(cell.getByText('Missed')).toBeVisible();
  expect(numberIn((await cell.getByTestId('figure').textContent()) ?? '')).toBe(kpi.actual);
  await expect(row.locator(`td[data-vendor="${other.vendorName}"]`)).toBeVisible();

  // Sorting by the vendor's gap puts its worst KPI first.
  await page
    .getByRole('button', { name: /Sort by gap/ })
    .first()
    .click();
  await expect(page).toHaveURL(/sort=/);
  await expect(page.getByTestId('compare-table').locator('tbody tr').first()).toBeVisible();
  await screenshot(page, 'vm-compare');
  await expectAccessible(page);

  // Grouped by scope: a line per scope × KPI.
  await page.getByText('Scope', { exact: true }).click();
  await expect(page).toHaveURL(/groupBy=SCOPE/);
  await expect(page.getByRole('columnheader', { name: 'Scope' })).toBeVisible();
  await page.getByText('Vendor', { exact: true }).click();
  await expect(page.getByRole('columnheader', { name: 'Scope' })).toHaveCount(0);

  await row.locator(`td[data-vendor="${card.vendorName}"]`).getByTestId('figure').click();
  await expect(page.getByRole('heading', { name: `Cases behind ${kpi.label}` })).toBeVisible();
  await expect(page.getByTestId('figure-summary')).toContainText('Missed');
  const table = page.getByTestId('cases-table');
  await expect(table.locator('tbody tr')).toHaveCount(Math.min(kpi.evidence.caseCount, 100));
  // The cases that kept the figure below target.
  await page.getByText('Not counted', { exact: true }).click();
  await expect(page).toHaveURL(/counted=no/);
  const notCounted = (kpi.evidence.denominator ?? 0) - kpi.evidence.numerator;
  await expect(table.locator('tbody tr')).toHaveCount(Math.min(notCounted, 100));
  // No subject data reaches the manager: operational columns only.
  await expect(table.locator('thead th')).toHaveText([
    'Case',
    'Counted',
    'Scope',
    'Region',
    'Priority',
    'Status',
    'Created',
    'First response due',
    'First response',
    'Resolution due',
    'Resolved',
  ]);
  await screenshot(page, 'vm-figure-cases');
  await expectAccessible(page);
});

test('a vendor manager exports the quarterly business review pack as PDF', async ({ page }) => {
  await signIn(page, 'vendor_manager', `/console/compare?quarter=${QUARTER}`);
  const card = (await scorecards(page))[0] as Card;
  await openScorecard(page, card);
  await expect(page.locator('.recharts-surface').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'QA calibration' })).toBeVisible();
  // The contract version in force for the quarter, with its SLA targets and credit units.
  const terms = page.getByTestId('contract-terms');
  await expect(terms.getByRole('heading', { name: /^Contract \S+, version \d+$/ })).toBeVisible();
  await expect(
    terms.getByRole('table', { name: 'SLA targets' }).locator('tbody tr').first(),
  ).toBeVisible();
  // KPIs by their names with the contract's code beneath, weights as percentages; the term in
  // UTC days (not a viewer's 05:30).
  const aht = terms
    .getByRole('table', { name: 'KPI targets' })
    .getByRole('row', { name: /Average handle time/ });
  await expect(aht).toContainText('AHT_SECONDS');
  await expect(aht).toContainText('900 s');
  await expect(aht).toContainText('5%');
  await expect(terms).toContainText('(UTC days)');
  // The seed has no quarter before this one: no previous figure, and no trend.
  await expect(page.locator('tr[data-kpi="volume"] [data-testid="previous"]')).toHaveText(
    'no data',
  );
  await screenshot(page, 'vm-scorecard');
  await expectAccessible(page);

  const pdf = await savedDownload(page, () =>
    page.getByRole('button', { name: 'Review pack (PDF)' }).click(),
  );
  expect(pdf.name).toMatch(/^qbr-.+-2026-Q3\.pdf$/);
  expect(readFileSync(pdf.file).subarray(0, 5).toString()).toBe('%PDF-');
  const { pages, text } = readPdf(pdf.file, pdf.dir);
  expect(pages).toHaveLength(3);
  expect(text).toContain(`${card.vendorName} — ${QUARTER}`);
  const sla = card.totals.kpis.find((k) => k.kpi === 'firstResponseSla') as Kpi;
  expect(text).toMatch(new RegExp(`SLA first response\\s+${sla.actual}%`));
});

test('a figure is the same number on the screen, in the CSV and in the PDF', async ({ page }) => {
  await signIn(page, 'vendor_manager', `/console/compare?quarter=${QUARTER}`);
  const card = (await scorecards(page))[1] as Card;
  await openScorecard(page, card);
  const onScreen = numberIn(
    (await page.locator('tr[data-kpi="resolutionSla"] [data-testid="actual"]').textContent()) ?? '',
  );

  const csv = await savedDownload(page, () =>
    page.getByRole('button', { name: 'Export scorecard CSV' }).click(),
  );
  const records = Papa.parse<Record<string, string>>(readFileSync(csv.file, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const total = records.find((r) => r.group === 'TOTAL' && r.kpi === 'SLA resolution');
  expect(total, 'the CSV has the quarter total').toBeTruthy();
  const inCsv = Number(total?.actual);

  const pdf = await savedDownload(page, () =>
    page.getByRole('button', { name: 'Review pack (PDF)' }).click(),
  );
  const { text } = readPdf(pdf.file, pdf.dir);
  const line = /SLA resolution\s+(-?[\d.]+)%/.exec(text);
  expect(line, 'the PDF prints the quarter figure').toBeTruthy();
  const inPdf = Number(line?.[1]);

  expect(Number.isFinite(onScreen)).toBe(true);
  expect([inCsv, inPdf]).toEqual([onScreen, onScreen]);
});

test('a vendor manager reads a vendor’s service credits with the terms behind each line', async ({
  page,
}) => {
  await signIn(page, 'vendor_manager', `/console/compare?quarter=${QUARTER}`);
  const cards = await scorecards(page);
  const card = cards.find((c) => c.totals.kpis.some((k) => k.status === 'MISSED')) ?? cards[0];
  await page.getByRole('link', { name: 'Service credits' }).click();
  await expect(page.getByRole('heading', { name: 'Service credits' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Vendor' }).click();
  await page.getByRole('option', { name: card?.vendorName }).click();
  await page.getByRole('combobox', { name: 'Quarter' }).click();
  await page.getByRole('option', { name: QUARTER }).click();
  await expect(page).toHaveURL(/vendorId=/);
  const lines = page.getByTestId('credit-lines');
  await expect(lines).toBeVisible();
  const rows = lines.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  // Every line says what produced it.
  for (const text of await rows.locator('td:last-child').allTextContents()) {
    expect(text.length).toBeGreaterThan(10);
  }
  await screenshot(page, 'vm-credits');
  await expectAccessible(page);

  const csv = await savedDownload(page, () =>
    page.getByRole('button', { name: 'Export CSV' }).click(),
  );
  const records = Papa.parse<Record<string, string>>(readFileSync(csv.file, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const credits = records.filter((r) => r.line === 'CREDIT');
  expect(credits).toHaveLength(await rows.count());
  const charged = (await rows.locator('td:nth-child(9)').allTextContents()).map(numberIn);
  expect(credits.map((r) => Number(r.charged))).toEqual(charged);
});
