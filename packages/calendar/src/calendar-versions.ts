// Business calendars as effective-dated versions: which version a clock counts on at an
// instant, what makes a version valid, and holidays read from an iCalendar file.
import type { OpeningHours } from './business-clock.ts';

/** One immutable version of a calendar, with its holiday set's dates resolved. */
export interface CalendarVersion {
  id: string;
  calendarId: string;
  /** The calendar's code, for people reading a timeline. */
  calendarCode: string;
  version: number;
  effectiveFrom: Date;
  timeZone: string;
  days: readonly number[];
  openMinute: number;
  closeMinute: number;
  /** Local dates (YYYY-MM-DD). */
  holidays: readonly string[];
}

/** The version in force at `at` (the latest that took effect at or before it), or null. */
export function versionInForce(
  versions: readonly CalendarVersion[],
  at: Date,
): CalendarVersion | null {
  let best: CalendarVersion | null = null;
  for (const v of versions) {
    if (v.effectiveFrom.getTime() > at.getTime()) continue;
    if (best === null || v.effectiveFrom.getTime() > best.effectiveFrom.getTime()) best = v;
  }
  return best;
}

/** What the clock arithmetic counts on. */
export const openingHoursOfVersion = (v: CalendarVersion): OpeningHours => ({
  timeZone: v.timeZone,
  days: v.days,
  openMinute: v.openMinute,
  closeMinute: v.closeMinute,
  holidays: v.holidays,
});

export interface CalendarProblem {
  path: string;
  message: string;
}

/** Whether `Intl` knows the IANA time zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export interface OpeningHoursInput {
  days: readonly number[];
  openMinute: number;
  closeMinute: number;
}

/**
 * Every problem of a version's opening hours. The clock counts a shift within one local day,
 * so open must come before close (0 … 1440).
 */
export function openingHoursProblems(hours: OpeningHoursInput, path = ''): CalendarProblem[] {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  const problems: CalendarProblem[] = [];
  if (hours.days.length === 0) problems.push({ path: at('days'), message: 'no open weekday' });
  const bad = hours.days.filter((d) => !Number.isInteger(d) || d < 1 || d > 7);
  if (bad.length > 0)
    problems.push({
      path: at('days'),
      message: `weekdays are 1 (Monday) to 7 (Sunday); got ${bad.join(', ')}`,
    });
  if (new Set(hours.days).size !== hours.days.length)
    problems.push({ path: at('days'), message: 'a weekday is listed twice' });
  const minute = (field: 'openMinute' | 'closeMinute') => {
    const m = hours[field];
    if (!Number.isInteger(m) || m < 0 || m > 1440)
      problems.push({ path: at(field), message: `minutes after midnight are 0 to 1440; got ${m}` });
  };
  minute('openMinute');
  minute('closeMinute');
  if (hours.openMinute >= hours.closeMinute)
    problems.push({
      path: at('closeMinute'),
      message: `the shift must close after it opens (${hours.openMinute} ≥ ${hours.closeMinute})`,
    });
  return problems;
}

/**
 * Every problem of new versions' effective instants against the versions a calendar has: no
 * two at one instant, and none taking effect before `notBefore` (a version in force is never
 * replaced retroactively; clocks already counted on it keep their due times).
 */
export function effectiveFromProblems(
  existing: readonly { effectiveFrom: Date }[],
  added: readonly { effectiveFrom: Date }[],
  notBefore: Date | null,
): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const seen = new Set(existing.map((v) => v.effectiveFrom.getTime()));
  const latest = Math.max(-Infinity, ...existing.map((v) => v.effectiveFrom.getTime()));
  added.forEach((v, i) => {
    const t = v.effectiveFrom.getTime();
    const path = added.length > 1 ? `versions.${i}.effectiveFrom` : 'effectiveFrom';
    if (Number.isNaN(t)) {
      problems.push({ path, message: 'not a valid instant' });
      return;
    }
    if (seen.has(t))
      problems.push({
        path,
        message: `another version already takes effect at ${v.effectiveFrom.toISOString()}`,
      });
    else if (t <= latest)
      problems.push({
        path,
        message: `overlaps the version in force from ${new Date(latest).toISOString()}: a new version must take effect after it`,
      });
    if (notBefore !== null && t < notBefore.getTime())
      problems.push({
        path,
        message: `takes effect in the past (${v.effectiveFrom.toISOString()}): versions in force are immutable`,
      });
    seen.add(t);
  });
  return problems;
}
