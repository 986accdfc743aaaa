import { describe, expect, it } from 'vitest';
import { computeScorecard } from './compute-scorecard.ts';
import { csvCell, scorecardToCsv, toCsv } from './csv.ts';
import { at, CONTRACT, FACTS, fact, PERIOD } from './hand-built-set.fixture.ts';
import { KPI_DEFINITIONS } from './kpi-definitions.ts';

/** A minimal RFC 4180 reader, enough to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('CSV cells', () => {
  it('quotes commas, quotes and line breaks, and leaves plain text alone', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(
      toCsv([
        ['a', 'b'],
        ['c', 'd'],
      ]),
    ).toBe('a,b\r\nc,d\r\n');
  });

  it('neutralises text a spreadsheet would run as a formula, but not our numbers', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell(-13.18)).toBe('-13.18');
  });
});

describe('scorecard CSV', () => {
  it('has a header and one record per group × KPI, totals last, numbers to hundredths', () => {
    const card = computeScorecard({
      facts: FACTS,
      contract: CONTRACT,
      period: PERIOD,
      groupBy: ['SCOPE'],
    });
    const csv = scorecardToCsv(card);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv);
    const [header, ...records] = rows;
    expect(header).toEqual([
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
    ]);
    expect(records).toHaveLength(3 * KPI_DEFINITIONS.length); // two scopes + totals
    const col = (name: string) => header!.indexOf(name);
    const totalFr = records.find(
      (r) => r[col('group')] === 'TOTAL' && r[col('kpi')] === 'SLA first response',
    )!;
    expect(totalFr[col('actual')]).toBe('66.67');
    expect(totalFr[col('target')]).toBe('90');
    expect(totalFr[col('difference')]).toBe('-23.33');
    expect(totalFr[col('status')]).toBe('MISSED');
    expect([totalFr[col('numerator')], totalFr[col('denominator')]]).toEqual(['8', '12']);
    const volume = records.find((r) => r[col('group')] === 'TOTAL' && r[col('kpi')] === 'Volume')!;
    expect([volume[col('min')], volume[col('max')], volume[col('status')]]).toEqual([
      '10',
      '20',
      'MET',
    ]);
  });

  it('keeps vendor-supplied text inert and intact', () => {
    const hostile = '=cmd|\' /C calc\'!A0, "x"';
    const card = computeScorecard({
      facts: [fact('h1', at(4, 9), { scope: hostile, firstResponseAt: at(4, 9, 5) })],
      contract: CONTRACT,
      period: PERIOD,
      groupBy: ['SCOPE'],
    });
    const records = parseCsv(scorecardToCsv(card)).slice(1);
    const scopes = new Set(records.map((r) => r[4]));
    expect(scopes).toEqual(new Set([`'${hostile}`, '']));
    expect(records.every((r) => r.length === 20)).toBe(true);
  });
});
