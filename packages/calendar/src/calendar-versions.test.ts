import { describe, expect, it } from 'vitest';
import { addBusinessMinutes } from './business-clock.ts';
import {
  type CalendarVersion,
  effectiveFromProblems,
  isKnownTimeZone,
  openingHoursOfVersion,
  openingHoursProblems,
  versionInForce,
} from './calendar-versions.ts';
import { parseHolidayIcs } from './ics.ts';

const version = (o: Partial<CalendarVersion>): CalendarVersion => ({
  id: 'v1',
  calendarId: 'c',
  calendarCode: 'manila',
  version: 1,
  effectiveFrom: new Date('2026-01-01T00:00:00Z'),
  timeZone: 'Asia/Manila',
  days: [1, 2, 3, 4, 5],
  openMinute: 9 * 60,
  closeMinute: 17 * 60,
  holidays: [],
  ...o,
});

const ics = (...events: string[]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Example//Holidays//EN',
    ...events,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
const allDay = (uid: string, date: string, summary: string, end?: string) =>
  [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTART;VALUE=DATE:${date}`,
    ...(end ? [`DTEND;VALUE=DATE:${end}`] : []),
    `SUMMARY:${summary}`,
    'END:VEVENT',
  ].join('\r\n');

describe('calendar versions', () => {
  const v1 = version({});
  const v2 = version({
    id: 'v2',
    version: 2,
    effectiveFrom: new Date('2026-03-15T00:00:00+08:00'),
    openMinute: 8 * 60,
  });

  it('uses the version in force at the instant: before the change the old hours, after it the new', () => {
    expect(versionInForce([v1, v2], new Date('2026-03-14T23:59:00+08:00'))?.id).toBe('v1');
    expect(versionInForce([v2, v1], new Date('2026-03-15T00:00:00+08:00'))?.id).toBe('v2');
    expect(versionInForce([v1, v2], new Date('2025-12-31T00:00:00Z'))).toBeNull();
  });

  it('skips a holiday of the version in force when counting business time', () => {
    const friday4pm = new Date('2026-03-20T16:00:00+08:00').getTime();
    const plain = addBusinessMinutes(friday4pm, 120, openingHoursOfVersion(v2));
    const withHoliday = addBusinessMinutes(
      friday4pm,
      120,
      openingHoursOfVersion({ ...v2, holidays: ['2026-03-23'] }),
    );
    expect(new Date(plain).toISOString()).toBe(new Date('2026-03-23T09:00:00+08:00').toISOString());
    expect(new Date(withHoliday).toISOString()).toBe(
      new Date('2026-03-24T09:00:00+08:00').toISOString(),
    );
  });

  it('lists every problem of opening hours at once', () => {
    const problems = openingHoursProblems({ days: [0, 3, 3], openMinute: 1500, closeMinute: 60 });
    expect(problems.map((p) => p.path)).toEqual(['days', 'days', 'openMinute', 'closeMinute']);
    expect(openingHoursProblems({ days: [1], openMinute: 0, closeMinute: 1440 })).toEqual([]);
  });

  it('refuses duplicate, overlapping and past effective instants', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const problems = effectiveFromProblems(
      [v1, v2],
      [{ effectiveFrom: v2.effectiveFrom }, { effectiveFrom: new Date('2026-02-01T00:00:00Z') }],
      now,
    );
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('already takes effect'),
      expect.stringContaining('overlaps'),
      expect.stringContaining('in the past'),
    ]);
  });

  it('knows time zones through Intl', () => {
    expect(isKnownTimeZone('Asia/Manila')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('holidays from an iCalendar file', () => {
  it('reads all-day events, a multi-day event as one holiday per day (DTEND exclusive)', () => {
    const parsed = parseHolidayIcs(
      ics(
        allDay('a', '20261225', 'Christmas Day', '20261227'),
        allDay('b', '20261230', 'Rizal Day'),
      ),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.holidays).toEqual([
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2026-12-26', name: 'Christmas Day' },
      { date: '2026-12-30', name: 'Rizal Day' },
    ]);
  });

  it('lists every event that is not an all-day date, and a file that does not parse', () => {
    const timed = [
      'BEGIN:VEVENT',
      'UID:c',
      'DTSTART:20261231T100000Z',
      'SUMMARY:Last Day',
      'END:VEVENT',
    ].join('\r\n');
    const noStart = ['BEGIN:VEVENT', 'UID:d', 'SUMMARY:Nothing', 'END:VEVENT'].join('\r\n');
    expect(parseHolidayIcs(ics(timed, noStart)).problems).toEqual([
      {
        path: 'ics.VEVENT[0]',
        message: expect.stringContaining('Last Day: DTSTART must be a date'),
      },
      { path: 'ics.VEVENT[1]', message: 'Nothing: no DTSTART' },
    ]);
    expect(parseHolidayIcs('this is not a calendar').problems).toEqual([
      { path: 'ics', message: expect.stringContaining('not an iCalendar file') },
    ]);
    expect(parseHolidayIcs(ics()).problems).toEqual([
      { path: 'ics', message: 'the file has no VEVENT' },
    ]);
  });
});
