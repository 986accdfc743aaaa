import { describe, expect, it } from 'vitest';
import { formatWeight, kpiName } from './kpi-names.ts';

describe('KPI names', () => {
  it('names a contract code and a scorecard key by the scorecard label, keeping the code', () => {
    expect(kpiName('AHT_SECONDS')).toEqual({
      label: 'Average handle time',
      code: 'AHT_SECONDS',
      unit: 'SECONDS',
    });
    expect(kpiName('SLA_FIRST_RESPONSE').label).toBe('SLA first response');
    expect(kpiName('firstResponseSla')).toEqual({
      label: 'SLA first response',
      code: 'firstResponseSla',
      unit: 'PERCENT',
    });
    expect(kpiName('qa_score').label).toBe('QA average');
  });

  it('shows an unknown code as it is', () => {
    expect(kpiName('SOMETHING_NEW')).toEqual({
      label: 'SOMETHING_NEW',
      code: 'SOMETHING_NEW',
      unit: null,
    });
  });

  it('shows weights as percentages', () => {
    expect(formatWeight(0.25, 'en-GB')).toBe('25%');
    expect(formatWeight(0.05, 'en-GB')).toBe('5%');
    expect(formatWeight(1, 'en-GB')).toBe('100%');
    expect(formatWeight(0.125, 'en-GB')).toBe('12.5%');
    expect(formatWeight(0.25, 'de-DE')).toBe('25\u00a0%');
    expect(formatWeight(null)).toBe('—');
  });
});
