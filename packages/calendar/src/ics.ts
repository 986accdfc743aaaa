// Holidays read from an iCalendar file, through ical.js. A subpath of its own, loaded only when
// a file is imported: the clocks and routing (every intake) never need the parser.
import ICAL from 'ical.js';
import type { CalendarProblem } from './calendar-versions.ts';

export interface ParsedHoliday {
  date: string;
  name: string;
}

/**
 * Holidays of an iCalendar (RFC 5545) file: each VEVENT an all-day date (`DTSTART;VALUE=DATE`),
 * a multi-day event one holiday per day. Every problem is listed; any problem means none is used.
 */
export function parseHolidayIcs(text: string): {
  holidays: ParsedHoliday[];
  problems: CalendarProblem[];
} {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (error) {
    return {
      holidays: [],
      problems: [{ path: 'ics', message: `not an iCalendar file: ${(error as Error).message}` }],
    };
  }
  const problems: CalendarProblem[] = [];
  if (root.name !== 'vcalendar')
    problems.push({
      path: 'ics',
      message: `expected a VCALENDAR, found ${root.name.toUpperCase()}`,
    });
  const events = root.getAllSubcomponents('vevent');
  if (events.length === 0) problems.push({ path: 'ics', message: 'the file has no VEVENT' });
  const holidays = new Map<string, string>();
  events.forEach((component, i) => {
    const path = `ics.VEVENT[${i}]`;
    const event = new ICAL.Event(component);
    const name = event.summary?.trim() || 'holiday';
    const start = component.getFirstPropertyValue('dtstart');
    if (!(start instanceof ICAL.Time)) {
      problems.push({ path, message: `${name}: no DTSTART` });
      return;
    }
    if (!start.isDate) {
      problems.push({
        path,
        message: `${name}: DTSTART must be a date (DTSTART;VALUE=DATE), not a date-time`,
      });
      return;
    }
    const endValue = component.getFirstPropertyValue('dtend');
    const end = endValue instanceof ICAL.Time ? endValue : null;
    const day = start.clone();
    // DTEND of an all-day event is exclusive; without one the event is that single day.
    let guard = 0;
    do {
      holidays.set(day.toString(), name);
      day.adjust(1, 0, 0, 0);
    } while (end !== null && day.compare(end) < 0 && ++guard < 366);
  });
  return {
    holidays: [...holidays]
      .map(([date, name]) => ({ date, name }))
      .sort((a, b) => (a.date < b.date ? -1 : 1)),
    problems,
  };
}
