/** The history quarter that ends at `now`: e.g. now 2026-10-01T00:00Z → 2026-07-01 … 2026-09-30. */
export interface DemoPeriod {
  start: Date;
  end: Date;
  /** `2026Q3`, used in contract references. */
  label: string;
  /** Calendar years the quarter touches, for month-day holidays. */
  years: number[];
}

export function historyQuarter(now: Date): DemoPeriod {
  const last = new Date(now.getTime() - 1);
  const year = last.getUTCFullYear();
  const quarter = Math.floor(last.getUTCMonth() / 3);
  const start = new Date(Date.UTC(year, quarter * 3, 1));
  return {
    start,
    end: now,
    label: `${year}Q${quarter + 1}`,
    years: now.getUTCFullYear() === year ? [year] : [year, now.getUTCFullYear()],
  };
}

/** The last day (inclusive) of the quarter starting at `start`. */
export function quarterLastDay(start: Date): Date {
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3, 0));
}
