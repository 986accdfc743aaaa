import { describe, expect, it } from 'vitest';
import { divRoundHalfUp, formatCents, ratioToHundredths, toHundredths } from './fixed-point.ts';

describe('money and precision', () => {
  it('formats cents with grouping and two decimals', () => {
    expect(formatCents(12_000_000)).toBe('120,000.00');
    expect(formatCents(456_000)).toBe('4,560.00');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(-123_456_789)).toBe('-1,234,567.89');
  });

  it('rounds halves up, exactly, including values binary floats cannot hold', () => {
    expect(divRoundHalfUp(15n, 10n)).toBe(2n);
    expect(divRoundHalfUp(-15n, 10n)).toBe(-2n);
    expect(divRoundHalfUp(14n, 10n)).toBe(1n);
    expect(toHundredths(12.345)).toBe(1235); // 12.345 × 100 = 1234.4999999999998 in floats
    expect(toHundredths(1.005)).toBe(101);
    expect(ratioToHundredths(1, 8, 100)).toBe(1250); // 12.50 %
    expect(ratioToHundredths(2, 3, 100)).toBe(6667); // 66.67 %
    expect(ratioToHundredths(24, 7, 1)).toBe(343); // CSAT 3.43
  });
});
