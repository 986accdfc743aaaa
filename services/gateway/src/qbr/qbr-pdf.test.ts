import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QbrPack } from '@bvg/domain';
import { describe, expect, it } from 'vitest';
import { figureText, renderQbrPdf } from './qbr-pdf.ts';

const evidence = { value: null, numerator: 0, denominator: 0, caseIds: [] };
const kpi = (actual: number | null, target: number | null, status: 'MET' | 'MISSED') => ({
  kpi: 'firstResponseSla' as const,
  label: 'SLA first response',
  unit: 'PERCENT' as const,
  actual,
  target,
  difference: actual !== null && target !== null ? Number((actual - target).toFixed(2)) : null,
  status,
  previous: null,
  trend: null,
  evidence,
});

const pack: QbrPack = {
  vendorId: 'v1',
  vendorName: 'Northwind Support',
  quarter: '2026-Q3',
  period: { start: new Date('2026-07-01T00:00:00Z'), end: new Date('2026-10-01T00:00:00Z') },
  totals: [kpi(87.43, 90, 'MISSED')],
  weeks: [
    { week: '2026-W27', kpis: [kpi(91.2, 90, 'MET')] },
    { week: '2026-W28', kpis: [kpi(84.05, 90, 'MISSED')] },
  ],
  serviceCredits: null,
} as unknown as QbrPack;

describe('renderQbrPdf', () => {
  it('prints the vendor, the quarter and each figure as published, on three pages', async () => {
    const pdf = await renderQbrPdf(pack);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(mkdtempSync(join(tmpdir(), 'bvg-qbr-')), 'pack.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Northwind Support — 2026-Q3');
    expect(text).toMatch(/SLA first response\s+87\.43%\s+90%\s+-2\.57%\s+Missed/);
    expect(text).toContain('The contract has no service-credit terms.');
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+3/);
  });

  it('prints a figure as the API publishes it, with its unit', () => {
    expect(figureText(87.43, 'PERCENT')).toBe('87.43%');
    expect(figureText(312, 'SECONDS')).toBe('312 s');
    expect(figureText(null, 'MINUTES')).toBe('—');
  });
});
