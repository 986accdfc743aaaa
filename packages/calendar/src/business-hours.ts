// Whether a vendor is open at an instant (routing's business-hours constraint), on the same
// time-zone arithmetic as the SLA clocks.
import { utcOffsetMinutes } from './business-clock.ts';

/** A vendor's weekly shift in its own time zone. */
export interface BusinessHours {
  /** IANA time zone, e.g. `Asia/Kolkata`. */
  timeZone: string;
  /** ISO weekdays the vendor opens: 1 = Monday … 7 = Sunday. */
  days: readonly number[];
  /** Minutes after local midnight; `closeMinute < openMinute` means the shift runs past midnight. */
  openMinute: number;
  closeMinute: number;
}

export interface LocalTime {
  /** `YYYY-MM-DD` in the time zone. */
  date: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  isoWeekday: number;
  minuteOfDay: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Wall-clock date, weekday and minute of `instant` in an IANA time zone (throws RangeError for an unknown zone). */
export function localTimeIn(timeZone: string, instant: Date): LocalTime {
  const local = instant.getTime() + utcOffsetMinutes(timeZone, instant.getTime()) * MINUTE;
  const midnight = Math.floor(local / DAY) * DAY;
  const day = new Date(midnight);
  return {
    date: day.toISOString().slice(0, 10),
    isoWeekday: ((day.getUTCDay() + 6) % 7) + 1,
    minuteOfDay: Math.floor((local - midnight) / MINUTE),
  };
}

function previousDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
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
