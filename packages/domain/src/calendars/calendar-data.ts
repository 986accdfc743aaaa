// Calendars as the clocks read them: a calendar's versions with their holiday sets' dates
// resolved, the version in force at an instant, and the calendar a vendor counts on.
import { type CalendarVersion, versionInForce } from '@bvg/calendar';
import { Prisma, type SqlTx, type TenantTx } from '@bvg/db';

/** The rows a calendar's versions are read from (include under a `BusinessCalendar`). */
export const calendarVersionsInclude = {
  versions: {
    orderBy: { effectiveFrom: 'asc' },
    include: { holidaySet: { include: { holidays: { orderBy: { date: 'asc' } } } } },
  },
} satisfies Prisma.BusinessCalendarInclude;

type CalendarRow = Prisma.BusinessCalendarGetPayload<{ include: typeof calendarVersionsInclude }>;

const dateOf = (d: Date) => d.toISOString().slice(0, 10);

/** A calendar row (with `calendarVersionsInclude`) → its versions, oldest first. */
export function calendarVersionsOf(calendar: CalendarRow): CalendarVersion[] {
  return calendar.versions.map((v) => ({
    id: v.id,
    calendarId: calendar.id,
    calendarCode: calendar.code,
    version: v.version,
    effectiveFrom: v.effectiveFrom,
    timeZone: calendar.timeZone,
    days: v.days,
    openMinute: v.openMinute,
    closeMinute: v.closeMinute,
    holidays: v.holidaySet?.holidays.map((h) => dateOf(h.date)) ?? [],
  }));
}

/** The versions of the given calendars, keyed by calendar id. */
export async function loadCalendarVersions(
  tx: TenantTx,
  calendarIds: readonly string[],
): Promise<Map<string, CalendarVersion[]>> {
  const rows = await tx.businessCalendar.findMany({
    where: { id: { in: [...new Set(calendarIds)] } },
    include: calendarVersionsInclude,
  });
  return new Map(rows.map((r) => [r.id, calendarVersionsOf(r)]));
}

/** The version of a calendar in force at `at` (null: unknown calendar, or none in force yet). */
export async function calendarInForce(
  tx: TenantTx,
  calendarId: string,
  at: Date,
): Promise<CalendarVersion | null> {
  const versions = await loadCalendarVersions(tx, [calendarId]);
  return versionInForce(versions.get(calendarId) ?? [], at);
}

/** A vendor as stored: its calendar, and the hours columns a vendor without one still counts on. */
export interface VendorCalendarSource {
  id: string;
  calendarId: string | null;
  timeZone: string;
  holidays: readonly string[];
  businessHours: unknown;
}

/**
 * The calendar id a vendor's clocks count on and its versions. A vendor made without a
 * calendar (older tooling) counts on its own hours columns, as one version in force since the
 * epoch under the id `vendor:<id>`.
 */
export function vendorCalendar(
  vendor: VendorCalendarSource,
  calendars: ReadonlyMap<string, readonly CalendarVersion[]>,
): { calendarId: string; versions: readonly CalendarVersion[] } {
  if (vendor.calendarId !== null) {
    return { calendarId: vendor.calendarId, versions: calendars.get(vendor.calendarId) ?? [] };
  }
  const hours = vendor.businessHours as { days: number[]; openMinute: number; closeMinute: number };
  const calendarId = `vendor:${vendor.id}`;
  return {
    calendarId,
    versions: [
      {
        id: calendarId,
        calendarId,
        calendarCode: calendarId,
        version: 1,
        effectiveFrom: new Date(0),
        timeZone: vendor.timeZone,
        days: hours.days,
        openMinute: hours.openMinute,
        closeMinute: hours.closeMinute,
        holidays: vendor.holidays,
      },
    ],
  };
}

/**
 * Every calendar's versions, keyed by calendar id, in one statement (routing's reference
 * load runs it on a cold cache, where every round trip counts).
 */
export async function loadAllCalendarVersions(tx: SqlTx): Promise<Map<string, CalendarVersion[]>> {
  const rows = await tx.query<Omit<CalendarVersion, 'effectiveFrom'> & { effectiveFrom: Date }>(
    Prisma.sql`
      SELECT v.id::text, v."calendarId"::text AS "calendarId", c.code AS "calendarCode", v.version,
             v."effectiveFrom", c."timeZone", v.days, v."openMinute", v."closeMinute",
             coalesce(array_agg(to_char(h.date, 'YYYY-MM-DD') ORDER BY h.date)
                        FILTER (WHERE h.date IS NOT NULL), '{}') AS holidays
        FROM "BusinessCalendarVersion" v
        JOIN "BusinessCalendar" c ON c.id = v."calendarId"
        LEFT JOIN "Holiday" h ON h."holidaySetId" = v."holidaySetId"
       GROUP BY v.id, c.id
       ORDER BY v."calendarId", v."effectiveFrom"`,
  );
  const byCalendar = new Map<string, CalendarVersion[]>();
  for (const row of rows) {
    const version = { ...row, effectiveFrom: new Date(row.effectiveFrom) };
    const list = byCalendar.get(row.calendarId);
    if (list) list.push(version);
    else byCalendar.set(row.calendarId, [version]);
  }
  return byCalendar;
}
