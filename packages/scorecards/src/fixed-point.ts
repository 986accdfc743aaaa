/**
 * Exact arithmetic for money and comparisons. Money is integer minor units (cents); KPI
 * actuals are compared with targets in hundredths of a unit, so a figure that prints as
 * 95.00 % never misses a 95 % target by a float's last bit.
 */

/** Round a / b half away from zero, exactly (b > 0). */
export function divRoundHalfUp(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new RangeError('divisor must be positive');
  const sign = a < 0n ? -1n : 1n;
  const abs = a * sign;
  return sign * ((abs * 2n + b) / (2n * b));
}

/** numerator × scale / denominator in hundredths, rounded half up; exact for integer inputs. */
export function ratioToHundredths(numerator: number, denominator: number, scale: number): number {
  if (Number.isInteger(numerator) && Number.isInteger(denominator) && Number.isInteger(scale)) {
    return Number(divRoundHalfUp(BigInt(numerator) * BigInt(scale) * 100n, BigInt(denominator)));
  }
  return toHundredths((numerator * scale) / denominator);
}

/** A plain number in hundredths, rounded half up (tolerant of binary float noise). */
export function toHundredths(value: number): number {
  // 12.345 × 100 is 1234.4999999999998 in binary; the nudge rounds such halves up as written.
  const h = Math.round(Math.abs(value) * 100 + 1e-7);
  return value < 0 ? -h : h;
}

export function formatHundredths(h: number): string {
  const sign = h < 0 ? '-' : '';
  const abs = Math.abs(h);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 12000000 → "120,000.00" (grouped, two decimals, no currency symbol). */
export function formatCents(cents: number | bigint): string {
  const c = BigInt(cents);
  const sign = c < 0n ? '-' : '';
  const abs = c < 0n ? -c : c;
  const units = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${units}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Basis points as a percentage string: 250 → "2.50%". */
export function formatBps(bps: number): string {
  return `${formatHundredths(bps)}%`;
}
