import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  localDate,
  type OpeningHours,
} from './business-clock.ts';

const lisbon: OpeningHours = {
  timeZone: 'Europe/Lisbon',
  days: [1, 2, 3, 4, 5],
  openMinute: 8 * 60,
  closeMinute: 20 * 60,
  holidays: ['2026-08-17'],
};
const at = (iso: string) => new Date(iso).getTime();
const iso = (ms: number) => new Date(ms).toISOString();

describe('addBusinessMinutes', () => {
  it('counts within one working day', () => {
    // 10:00 Lisbon summer time is 09:00 UTC.
    expect(iso(addBusinessMinutes(at('2026-08-12T09:00:00Z'), 120, lisbon))).toBe(
      '2026-08-12T11:00:00.000Z',
    );
  });

  it('stops the clock overnight and over the weekend', () => {
    // Friday 19:00 local: one hour left that day, the other seven on Monday from 08:00.
    expect(iso(addBusinessMinutes(at('2026-08-07T18:00:00Z'), 480, lisbon))).toBe(
      '2026-08-10T14:00:00.000Z',
    );
  });

  it('starts at opening time when work arrives before it', () => {
    expect(iso(addBusinessMinutes(at('2026-08-12T03:00:00Z'), 30, lisbon))).toBe(
      '2026-08-12T07:30:00.000Z',
    );
  });

  it('skips holidays', () => {
    // Friday evening, Monday the 17th is a holiday: the clock resumes on Tuesday.
    expect(iso(addBusinessMinutes(at('2026-08-14T18:30:00Z'), 60, lisbon))).toBe(
      '2026-08-18T07:30:00.000Z',
    );
  });

  it('runs around the clock for a 24/7 team', () => {
    const always = {
      timeZone: 'Asia/Manila',
      days: [1, 2, 3, 4, 5, 6, 7],
      openMinute: 0,
      closeMinute: 1440,
      holidays: [],
    };
    expect(iso(addBusinessMinutes(at('2026-08-08T22:00:00Z'), 240, always))).toBe(
      '2026-08-09T02:00:00.000Z',
    );
  });
});

describe('localDate', () => {
  it('is the date on the wall clock of the zone', () => {
    expect(localDate('Asia/Kolkata', at('2026-08-14T20:00:00Z'))).toBe('2026-08-15');
    expect(localDate('America/Chicago', at('2026-08-15T03:00:00Z'))).toBe('2026-08-14');
  });
});

describe('businessMinutesBetween', () => {
  const weekdays: OpeningHours = {
    timeZone: 'Asia/Kolkata',
    days: [1, 2, 3, 4, 5],
    openMinute: 9 * 60,
    closeMinute: 18 * 60,
    holidays: ['2026-08-15'],
  };

  it('inverts addBusinessMinutes across nights, weekends and holidays', () => {
    // Friday 14 Aug 2026 17:00 IST; the 15th is a holiday (and a Saturday), then Sunday.
    const start = Date.parse('2026-08-14T17:00:00+05:30');
    for (const minutes of [30, 60, 61, 540, 1000]) {
      const due = addBusinessMinutes(start, minutes, weekdays);
      expect(businessMinutesBetween(start, due, weekdays)).toBe(minutes);
    }
  });

  it('counts nothing outside opening hours', () => {
    const saturday = Date.parse('2026-08-22T10:00:00+05:30');
    const sunday = Date.parse('2026-08-23T16:00:00+05:30');
    expect(businessMinutesBetween(saturday, sunday, weekdays)).toBe(0);
  });
});
