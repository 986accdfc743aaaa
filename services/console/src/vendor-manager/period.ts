// Calendar quarters, the vendor manager's period (UTC, end excluded, as the contract counts).

const QUARTER = /^(\d{4})-Q([1-4])$/;

export function isQuarter(value: unknown): value is string {
  return typeof value === 'string' && QUARTER.test(value);
}

/** `2026-Q3` → { start: 2026-07-01T00:00:00.000Z, end: 2026-10-01T00:00:00.000Z }. */
export function quarterPeriod(quarter: string): { start: string; end: string } {
  const match = QUARTER.exec(quarter);
  if (!match) throw new Error(`not a quarter: ${quarter}`);
  const year = Number(match[1]);
  const first = (Number(match[2]) - 1) * 3;
  return {
    start: new Date(Date.UTC(year, first, 1)).toISOString(),
    end: new Date(Date.UTC(year, first + 3, 1)).toISOString(),
  };
}

/** The quarter an instant falls in (UTC). */
export function quarterOf(date: Date): string {
  return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

/** The last `count` complete quarters before `now`, newest first: the periods worth reviewing. */
export function recentQuarters(now: Date, count = 6): string[] {
  const out: string[] = [];
  let year = now.getUTCFullYear();
  let q = Math.floor(now.getUTCMonth() / 3) + 1;
  for (let i = 0; i < count; i++) {
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
    out.push(`${year}-Q${q}`);
  }
  return out;
}
