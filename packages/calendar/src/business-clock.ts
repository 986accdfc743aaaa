// Business-hours arithmetic for SLA due times: a contract's targets
// count only the vendor's opening hours (outside holidays) unless they say otherwise.

import type { BusinessHours } from './business-hours.ts';

/**
 * A vendor's shift and holidays, as SLA clocks count them. The clock arithmetic below takes
 * shifts within one local day (open before close); routing's open-now check also takes
 * overnight ones.
 */
export interface OpeningHours extends BusinessHours {
  /** Local dates (YYYY-MM-DD) when the clock does not run. */
  holidays: readonly string[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

/** Minutes the zone is ahead of UTC at `instant` (cached per zone and UTC hour). */
export function utcOffsetMinutes(timeZone: string, instant: number): number {
  const hour = Math.floor(instant / 3_600_000);
  const key = `${timeZone}|${hour}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const at = hour * 3_600_000;
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const local = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
  );
  const offset = Math.round((local - at) / MINUTE);
  offsetCache.set(key, offset);
  return offset;
}

/** The local calendar date (YYYY-MM-DD) of `instant` in `timeZone`. */
export function localDate(timeZone: string, instant: number): string {
  return new Date(instant + utcOffsetMinutes(timeZone, instant) * MINUTE)
    .toISOString()
    .slice(0, 10);
}

const isoWeekday = (localMidnight: number) => ((new Date(localMidnight).getUTCDay() + 6) % 7) + 1;

/** The instant `minutes` of opening time after `start`. */
export function addBusinessMinutes(start: number, minutes: number, hours: OpeningHours): number {
  let remaining = minutes;
  let cursor = start;
  // A year of closed days would mean a misconfigured vendor; stop rather than spin.
  for (let guard = 0; guard < 366; guard++) {
    const offset = utcOffsetMinutes(hours.timeZone, cursor) * MINUTE;
    const local = cursor + offset;
    const midnight = Math.floor(local / DAY) * DAY;
    const open = midnight + hours.openMinute * MINUTE;
    const close = midnight + hours.closeMinute * MINUTE;
    const date = new Date(midnight).toISOString().slice(0, 10);
    if (
      hours.days.includes(isoWeekday(midnight)) &&
      !hours.holidays.includes(date) &&
      local < close
    ) {
      const from = Math.max(local, open);
      const available = (close - from) / MINUTE;
      if (remaining <= available) return from + remaining * MINUTE - offset;
      remaining -= available;
    }
    cursor = midnight + DAY - offset;
  }
  throw new Error(`no opening hours within a year in ${hours.timeZone}`);
}

/** Opening-time minutes between `start` and `end` (0 when end ≤ start). */
export function businessMinutesBetween(start: number, end: number, hours: OpeningHours): number {
  let total = 0;
  let cursor = start;
  for (let guard = 0; guard < 3660 && cursor < end; guard++) {
    const offset = utcOffsetMinutes(hours.timeZone, cursor) * MINUTE;
    const local = cursor + offset;
    const midnight = Math.floor(local / DAY) * DAY;
    const open = midnight + hours.openMinute * MINUTE;
    const close = midnight + hours.closeMinute * MINUTE;
    const date = new Date(midnight).toISOString().slice(0, 10);
    if (hours.days.includes(isoWeekday(midnight)) && !hours.holidays.includes(date)) {
      const from = Math.max(local, open);
      const to = Math.min(close, end + offset);
      if (to > from) total += (to - from) / MINUTE;
    }
    cursor = midnight + DAY - offset;
  }
  return total;
}
