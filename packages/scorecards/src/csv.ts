import type { Scorecard, ScorecardRow } from './compute-scorecard.ts';
import { KPI_DEFINITIONS } from './kpi-definitions.ts';
import { publishKpi } from './precision.ts';
import type { ServiceCredits } from './service-credits.ts';

export type CsvCell = string | number | null | undefined;

// Spreadsheets run cells starting with these as formulas (OWASP CSV injection); tab and CR too.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: formula-looking text gets a leading apostrophe; quoted when RFC 4180 needs it. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value) : value;
  // Numbers are ours, not vendor text: a negative difference must stay a number.
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180: CRLF after every record, including the last. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((r) => `${r.map(csvCell).join(',')}\r\n`).join('');
}

const SCORECARD_HEADER = [
  'vendor',
  'period_start',
  'period_end',
  'group',
  'scope',
  'region',
  'priority',
  'week',
  'kpi',
  'unit',
  'actual',
  'target',
  'min',
  'max',
  'difference',
  'status',
  'trend',
  'numerator',
  'denominator',
  'cases',
] as const;

function rowRecords(vendorId: string, row: ScorecardRow): CsvCell[][] {
  return KPI_DEFINITIONS.map((d) => {
    // Published precision (precision.ts), the same numbers the API answers.
    const k = publishKpi(row.kpis[d.key]);
    return [
      vendorId,
      row.period.start.toISOString(),
      row.period.end.toISOString(),
      row.key,
      row.group.scope,
      row.group.region,
      row.group.priority,
      row.group.week,
      d.label,
      d.unit,
      k.actual,
      k.target,
      k.bounds?.min,
      k.bounds?.max,
      k.difference,
      k.status,
      k.trend,
      k.evidence.numerator,
      k.evidence.denominator,
      k.evidence.caseIds.length,
    ];
  });
}

/** The scorecard as one table: a row per group × KPI, totals last, at published precision. */
export function scorecardToCsv(scorecard: Scorecard): string {
  const records: CsvCell[][] = [[...SCORECARD_HEADER]];
  for (const row of [...scorecard.rows, scorecard.totals]) {
    records.push(...rowRecords(scorecard.vendorId, row));
  }
  return toCsv(records);
}

/** Service-credit lines with their arithmetic, for the review pack. */
export function serviceCreditsToCsv(credits: ServiceCredits): string {
  const money = (cents: number) => cents / 100;
  const records: CsvCell[][] = [['line', 'kpi', 'amount', 'charged', 'explanation']];
  for (const l of credits.lines) {
    records.push(['CREDIT', l.kpi, money(l.amountCents), money(l.chargedCents), l.explanation]);
  }
  for (const e of credits.earnBack) {
    records.push([
      'EARN_BACK',
      e.kpi,
      money(-e.returnedCents),
      money(-e.returnedCents),
      e.explanation,
    ]);
  }
  records.push([
    'NET',
    null,
    money(credits.subtotalCents - credits.earnBackCents),
    money(credits.netCents),
    credits.explanation,
  ]);
  return toCsv(records);
}
