import type { BusinessHours } from './types.ts';

export interface LocalTime {
  /** `YYYY-MM-DD` in the time zone. */
  date: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  isoWeekday: number;
  minuteOfDay: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

// Building an Intl.DateTimeFormat costs far more than using one, so keep one per time zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

// Decisions arrive in bursts within the same minute, and formatting is the costly part of a
// business-hours check: remember the last minute computed per time zone.
const lastMinute = new Map<string, { epochMinute: number; local: LocalTime }>();

/** Wall-clock date, weekday and minute of `instant` in an IANA time zone (throws RangeError for an unknown zone). */
export function localTimeIn(timeZone: string, instant: Date): LocalTime {
  const epochMinute = Math.floor(instant.getTime() / 60_000);
  const cached = lastMinute.get(timeZone);
  if (cached !== undefined && cached.epochMinute === epochMinute) return cached.local;
  const local = formatLocalTime(timeZone, instant);
  lastMinute.set(timeZone, { epochMinute, local });
  return local;
}

function formatLocalTime(timeZone: string, instant: Date): LocalTime {
  let year = '';
  let month = '';
  let day = '';
  let weekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    switch (part.type) {
      case 'year':
        year = part.value;
        break;
      case 'month':
        month = part.value;
        break;
      case 'day':
        day = part.value;
        break;
      case 'weekday':
        weekday = WEEKDAYS[part.value] ?? 0;
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
    }
  }
  return Object.freeze({
    date: `${year}-${month}-${day}`,
    isoWeekday: weekday,
    minuteOfDay: hour * 60 + minute,
  });
}

function previousDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! - 1)).toISOString().slice(0, 10);
}

function opensOn(
  hours: BusinessHours,
  holidays: readonly string[] | undefined,
  isoWeekday: number,
  date: string,
): boolean {
  return hours.days.includes(isoWeekday) && !(holidays?.includes(date) ?? false);
}

/**
 * Whether a vendor is open at `now`. A shift belongs to the day it opens on: an overnight
 * shift (close before open) that starts on an open, non-holiday day runs into the next morning.
 * Equal open and close minutes mean open all day on the listed days.
 */
export function isWithinBusinessHours(
  hours: BusinessHours,
  holidays: readonly string[] | undefined,
  now: Date,
): boolean {
  const local = localTimeIn(hours.timeZone, now);
  const { openMinute, closeMinute } = hours;
  if (openMinute === closeMinute) return opensOn(hours, holidays, local.isoWeekday, local.date);
  if (openMinute < closeMinute) {
    return (
      local.minuteOfDay >= openMinute &&
      local.minuteOfDay < closeMinute &&
      opensOn(hours, holidays, local.isoWeekday, local.date)
    );
  }
  // Overnight shift: evening part of today's shift, or morning part of yesterday's.
  if (local.minuteOfDay >= openMinute) {
    return opensOn(hours, holidays, local.isoWeekday, local.date);
  }
  if (local.minuteOfDay < closeMinute) {
    const yesterday = local.isoWeekday === 1 ? 7 : local.isoWeekday - 1;
    return opensOn(hours, holidays, yesterday, previousDate(local.date));
  }
  return false;
}
