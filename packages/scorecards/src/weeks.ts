import type { Period } from './types.ts';

const DAY_MS = 86_400_000;

/** Monday 00:00 UTC of the ISO week containing `at`. */
export function isoWeekStart(at: Date): Date {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(day - weekday * DAY_MS);
}

/** ISO 8601 week label, e.g. "2025-W02" (the week-year can differ from the calendar year). */
export function isoWeekLabel(at: Date): string {
  const monday = isoWeekStart(at);
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export interface WeekSlice {
  label: string;
  period: Period;
}

/** The ISO weeks a period touches, each clipped to the period. */
export function weeksOf(period: Period): WeekSlice[] {
  const slices: WeekSlice[] = [];
  for (
    let monday = isoWeekStart(period.start).getTime();
    monday < period.end.getTime();
    monday += 7 * DAY_MS
  ) {
    const start = new Date(Math.max(monday, period.start.getTime()));
    const end = new Date(Math.min(monday + 7 * DAY_MS, period.end.getTime()));
    slices.push({ label: isoWeekLabel(new Date(monday)), period: { start, end } });
  }
  return slices;
}
