// Business calendars and holiday sets for ops: create a calendar, add a version (a change is
// a new version; one in force is never edited), create a holiday set, import holidays from an
// iCalendar file. Each entry point validates everything first (every problem at once), then
// writes and audits in one transaction: bad input changes nothing.
import {
  type CalendarVersion,
  effectiveFromProblems,
  isKnownTimeZone,
  openingHoursProblems,
  versionInForce,
} from '@bvg/calendar';
import type { PrismaClient, TenantTx } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { DomainError, type Problem, validationError } from '../shared/domain-error.ts';
import { calendarVersionsInclude, calendarVersionsOf } from './calendar-data.ts';

export interface CalendarVersionInput {
  effectiveFrom: Date;
  /** ISO weekdays open: 1 = Monday … 7 = Sunday. */
  days: number[];
  openMinute: number;
  closeMinute: number;
  /** The holiday set the clock skips (none: only weekdays and hours count). */
  holidaySetCode?: string | null;
}

export interface CreateBusinessCalendarInput {
  code: string;
  name: string;
  timeZone: string;
  versions: CalendarVersionInput[];
  reason: string;
  requestId?: string | null;
}

export interface AddBusinessCalendarVersionInput extends CalendarVersionInput {
  calendarCode: string;
  reason: string;
  requestId?: string | null;
}

export interface HolidayInput {
  /** YYYY-MM-DD, a local date of the calendars counting on the set. */
  date: string;
  name: string;
}

export interface CreateHolidaySetInput {
  code: string;
  name: string;
  holidays?: HolidayInput[];
  reason: string;
  requestId?: string | null;
}

export interface ImportHolidaysInput {
  holidaySetCode: string;
  /** The iCalendar (RFC 5545) text: one all-day VEVENT per holiday. */
  ics: string;
  reason: string;
  requestId?: string | null;
}

export interface BusinessCalendarView {
  id: string;
  code: string;
  name: string;
  timeZone: string;
  createdAt: Date;
  /** Oldest first. */
  versions: (CalendarVersion & { holidaySetCode: string | null })[];
}

export interface HolidaySetView {
  id: string;
  code: string;
  name: string;
  holidays: HolidayInput[];
}

export interface ImportHolidaysResult {
  holidaySet: HolidaySetView;
  /** Dates added by this import. */
  added: string[];
  /** Dates the set already had. */
  unchanged: string[];
  /** Dates before today in the file: a clock already counted is never changed, so they are left out. */
  skippedPast: string[];
}

const CODE = /^[a-z0-9][a-z0-9-]{1,62}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_ICS_CHARS = 1_000_000;

function requireOps(actor: Actor): void {
  if (actor.kind !== 'INTERNAL' || !actor.roles.includes('ops'))
    throw new DomainError('FORBIDDEN', 'Only ops change business calendars');
}

function requireReader(actor: Actor): void {
  if (actor.kind !== 'INTERNAL')
    throw new DomainError('FORBIDDEN', 'Business calendars are read by internal staff');
}

const text = (problems: Problem[], path: string, value: string, max = 200) => {
  if (value.trim().length === 0) problems.push({ path, message: 'required' });
  else if (value.length > max) problems.push({ path, message: `at most ${max} characters` });
};

function codeProblems(problems: Problem[], path: string, code: string) {
  if (!CODE.test(code))
    problems.push({
      path,
      message:
        'lower-case letters, digits and dashes, 2 to 63 characters, starting with a letter or digit',
    });
}

/** A real calendar date, e.g. not 2026-02-30. */
const isDate = (d: string) =>
  DATE.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

async function holidaySetIds(
  tx: TenantTx,
  versions: readonly CalendarVersionInput[],
  problems: Problem[],
  pathOf: (i: number) => string,
): Promise<(string | null)[]> {
  const codes = [...new Set(versions.flatMap((v) => (v.holidaySetCode ? [v.holidaySetCode] : [])))];
  const sets = await tx.holidaySet.findMany({ where: { code: { in: codes } } });
  const byCode = new Map(sets.map((s) => [s.code, s.id]));
  return versions.map((v, i) => {
    if (!v.holidaySetCode) return null;
    const id = byCode.get(v.holidaySetCode);
    if (id === undefined)
      problems.push({ path: pathOf(i), message: `unknown holiday set ${v.holidaySetCode}` });
    return id ?? null;
  });
}

async function readCalendar(tx: TenantTx, code: string): Promise<BusinessCalendarView | null> {
  const row = await tx.businessCalendar.findUnique({
    where: { code },
    include: calendarVersionsInclude,
  });
  if (row === null) return null;
  const versions = calendarVersionsOf(row);
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    timeZone: row.timeZone,
    createdAt: row.createdAt,
    versions: versions.map((v, i) => ({
      ...v,
      holidaySetCode: row.versions[i]!.holidaySet?.code ?? null,
    })),
  };
}

/** The audit's picture of a version. */
const versionRecord = (v: CalendarVersionInput) => ({
  effectiveFrom: v.effectiveFrom.toISOString(),
  days: v.days,
  openMinute: v.openMinute,
  closeMinute: v.closeMinute,
  holidaySetCode: v.holidaySetCode ?? null,
});

/**
 * A new calendar with its first version(s). Versions may take effect in the past here: no
 * clock counts on a calendar nobody references yet.
 */
export async function createBusinessCalendar(
  prisma: PrismaClient,
  actor: Actor,
  input: CreateBusinessCalendarInput,
): Promise<BusinessCalendarView> {
  requireOps(actor);
  return withActorScope(prisma, actor, 'create a business calendar', async (tx) => {
    const problems: Problem[] = [];
    codeProblems(problems, 'code', input.code);
    text(problems, 'name', input.name);
    text(problems, 'reason', input.reason, 500);
    if (!isKnownTimeZone(input.timeZone))
      problems.push({ path: 'timeZone', message: `unknown time zone ${input.timeZone}` });
    if (input.versions.length === 0)
      problems.push({ path: 'versions', message: 'a calendar needs at least one version' });
    input.versions.forEach((v, i) => {
      problems.push(...openingHoursProblems(v, `versions.${i}`));
    });
    problems.push(...effectiveFromProblems([], input.versions, null));
    const setIds = await holidaySetIds(
      tx,
      input.versions,
      problems,
      (i) => `versions.${i}.holidaySetCode`,
    );
    if (await tx.businessCalendar.findUnique({ where: { code: input.code } }))
      problems.push({ path: 'code', message: `a calendar ${input.code} exists` });
    if (problems.length > 0) throw validationError(problems);

    const sorted = input.versions
      .map((v, i) => ({ v, setId: setIds[i]! }))
      .sort((a, b) => a.v.effectiveFrom.getTime() - b.v.effectiveFrom.getTime());
    const calendar = await tx.businessCalendar.create({
      data: {
        code: input.code,
        name: input.name,
        timeZone: input.timeZone,
        versions: {
          create: sorted.map(({ v, setId }, i) => ({
            version: i + 1,
            effectiveFrom: v.effectiveFrom,
            days: v.days,
            openMinute: v.openMinute,
            closeMinute: v.closeMinute,
            holidaySetId: setId,
          })),
        },
      },
    });
    await recordAudit(tx, {
      actor,
      action: 'business_calendar.create',
      targetType: 'BusinessCalendar',
      targetId: calendar.id,
      requestId: input.requestId ?? null,
      details: {
        reason: input.reason,
        before: null,
        after: {
          code: input.code,
          name: input.name,
          timeZone: input.timeZone,
          versions: sorted.map(({ v }) => versionRecord(v)),
        },
      },
    });
    return (await readCalendar(tx, input.code))!;
  });
}

/**
 * A new version of a calendar, in force from `effectiveFrom`: after every version it has and
 * not in the past (clocks already counted on a version keep its due times).
 */
export async function addBusinessCalendarVersion(
  prisma: PrismaClient,
  actor: Actor,
  input: AddBusinessCalendarVersionInput,
  options: { now?: Date } = {},
): Promise<BusinessCalendarView> {
  requireOps(actor);
  const now = options.now ?? new Date();
  return withActorScope(prisma, actor, 'add a business calendar version', async (tx) => {
    // Versions are numbered in order: concurrent additions to one calendar queue here.
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "BusinessCalendar" WHERE code = ${input.calendarCode} FOR UPDATE`;
    const before = await readCalendar(tx, input.calendarCode);
    if (locked.length === 0 || before === null)
      throw new DomainError('NOT_FOUND', `No business calendar ${input.calendarCode}`);
    const problems: Problem[] = [];
    text(problems, 'reason', input.reason, 500);
    problems.push(...openingHoursProblems(input));
    problems.push(...effectiveFromProblems(before.versions, [input], now));
    const [setId] = await holidaySetIds(tx, [input], problems, () => 'holidaySetCode');
    if (problems.length > 0) throw validationError(problems);

    const number = Math.max(0, ...before.versions.map((v) => v.version)) + 1;
    await tx.businessCalendarVersion.create({
      data: {
        calendarId: before.id,
        version: number,
        effectiveFrom: input.effectiveFrom,
        days: input.days,
        openMinute: input.openMinute,
        closeMinute: input.closeMinute,
        holidaySetId: setId ?? null,
      },
    });
    const inForce = versionInForce(before.versions, now);
    await recordAudit(tx, {
      actor,
      action: 'business_calendar.add_version',
      targetType: 'BusinessCalendar',
      targetId: before.id,
      requestId: input.requestId ?? null,
      details: {
        reason: input.reason,
        version: number,
        before: inForce
          ? {
              version: inForce.version,
              effectiveFrom: inForce.effectiveFrom.toISOString(),
              days: inForce.days,
              openMinute: inForce.openMinute,
              closeMinute: inForce.closeMinute,
              holidaySetCode:
                before.versions.find((v) => v.id === inForce.id)?.holidaySetCode ?? null,
            }
          : null,
        after: versionRecord(input),
      },
    });
    return (await readCalendar(tx, input.calendarCode))!;
  });
}

function holidayProblems(holidays: readonly HolidayInput[], problems: Problem[]) {
  const seen = new Set<string>();
  holidays.forEach((h, i) => {
    if (!isDate(h.date))
      problems.push({ path: `holidays.${i}.date`, message: `not a date (YYYY-MM-DD): ${h.date}` });
    else if (seen.has(h.date))
      problems.push({ path: `holidays.${i}.date`, message: `${h.date} is listed twice` });
    seen.add(h.date);
    text(problems, `holidays.${i}.name`, h.name);
  });
}

async function readHolidaySet(tx: TenantTx, code: string): Promise<HolidaySetView | null> {
  const row = await tx.holidaySet.findUnique({
    where: { code },
    include: { holidays: { orderBy: { date: 'asc' } } },
  });
  return row === null
    ? null
    : {
        id: row.id,
        code: row.code,
        name: row.name,
        holidays: row.holidays.map((h) => ({
          date: h.date.toISOString().slice(0, 10),
          name: h.name,
        })),
      };
}

export async function createHolidaySet(
  prisma: PrismaClient,
  actor: Actor,
  input: CreateHolidaySetInput,
): Promise<HolidaySetView> {
  requireOps(actor);
  return withActorScope(prisma, actor, 'create a holiday set', async (tx) => {
    const problems: Problem[] = [];
    codeProblems(problems, 'code', input.code);
    text(problems, 'name', input.name);
    text(problems, 'reason', input.reason, 500);
    const holidays = input.holidays ?? [];
    holidayProblems(holidays, problems);
    if (await tx.holidaySet.findUnique({ where: { code: input.code } }))
      problems.push({ path: 'code', message: `a holiday set ${input.code} exists` });
    if (problems.length > 0) throw validationError(problems);
    const set = await tx.holidaySet.create({
      data: {
        code: input.code,
        name: input.name,
        holidays: {
          create: holidays.map((h) => ({ date: new Date(`${h.date}T00:00:00Z`), name: h.name })),
        },
      },
    });
    await recordAudit(tx, {
      actor,
      action: 'holiday_set.create',
      targetType: 'HolidaySet',
      targetId: set.id,
      requestId: input.requestId ?? null,
      details: {
        reason: input.reason,
        before: null,
        after: { code: input.code, name: input.name, holidays },
      },
    });
    return (await readHolidaySet(tx, input.code))!;
  });
}

/**
 * Adds the holidays of an iCalendar file to a set. A file that does not parse, or has an
 * event that is not an all-day date, is refused whole (VALIDATION, every problem listed).
 * Dates before today (UTC) are left out: clocks already counted keep their due times.
 */
export async function importHolidays(
  prisma: PrismaClient,
  actor: Actor,
  input: ImportHolidaysInput,
  options: { now?: Date } = {},
): Promise<ImportHolidaysResult> {
  requireOps(actor);
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  return withActorScope(prisma, actor, 'import holidays', async (tx) => {
    const problems: Problem[] = [];
    text(problems, 'reason', input.reason, 500);
    const parsed =
      input.ics.length > MAX_ICS_CHARS
        ? {
            holidays: [],
            problems: [{ path: 'ics', message: `at most ${MAX_ICS_CHARS} characters` }],
          }
        : // Loaded on first use only: see @bvg/calendar/ics.
          (await import('@bvg/calendar/ics')).parseHolidayIcs(input.ics);
    problems.push(...parsed.problems);
    await tx.$queryRaw`SELECT id FROM "HolidaySet" WHERE code = ${input.holidaySetCode} FOR UPDATE`;
    const before = await readHolidaySet(tx, input.holidaySetCode);
    if (before === null)
      problems.push({
        path: 'holidaySetCode',
        message: `unknown holiday set ${input.holidaySetCode}`,
      });
    if (problems.length > 0) throw validationError(problems, 'The holiday file was not imported');

    const have = new Set(before!.holidays.map((h) => h.date));
    const skippedPast = parsed.holidays.filter((h) => h.date < today).map((h) => h.date);
    const unchanged = parsed.holidays.filter((h) => h.date >= today && have.has(h.date));
    const fresh = parsed.holidays.filter((h) => h.date >= today && !have.has(h.date));
    if (fresh.length > 0) {
      await tx.holiday.createMany({
        data: fresh.map((h) => ({
          holidaySetId: before!.id,
          date: new Date(`${h.date}T00:00:00Z`),
          name: h.name,
        })),
      });
    }
    await recordAudit(tx, {
      actor,
      action: 'holiday_set.import',
      targetType: 'HolidaySet',
      targetId: before!.id,
      requestId: input.requestId ?? null,
      details: {
        reason: input.reason,
        before: { holidays: before!.holidays.length },
        after: { holidays: before!.holidays.length + fresh.length },
        added: fresh,
        skippedPast,
      },
    });
    return {
      holidaySet: (await readHolidaySet(tx, input.holidaySetCode))!,
      added: fresh.map((h) => h.date),
      unchanged: unchanged.map((h) => h.date),
      skippedPast,
    };
  });
}

export async function listBusinessCalendars(
  prisma: PrismaClient,
  actor: Actor,
): Promise<BusinessCalendarView[]> {
  requireReader(actor);
  return withActorScope(prisma, actor, 'read business calendars', async (tx) => {
    const codes = await tx.businessCalendar.findMany({
      select: { code: true },
      orderBy: { code: 'asc' },
    });
    const out: BusinessCalendarView[] = [];
    for (const { code } of codes) out.push((await readCalendar(tx, code))!);
    return out;
  });
}

export async function getBusinessCalendar(
  prisma: PrismaClient,
  actor: Actor,
  code: string,
): Promise<BusinessCalendarView | null> {
  requireReader(actor);
  return withActorScope(prisma, actor, 'read a business calendar', (tx) => readCalendar(tx, code));
}

export async function listHolidaySets(
  prisma: PrismaClient,
  actor: Actor,
): Promise<HolidaySetView[]> {
  requireReader(actor);
  return withActorScope(prisma, actor, 'read holiday sets', async (tx) => {
    const rows = await tx.holidaySet.findMany({
      orderBy: { code: 'asc' },
      include: { holidays: { orderBy: { date: 'asc' } } },
    });
    return rows.map((row) => ({
      id: row.id,
      code: row.code,
      name: row.name,
      holidays: row.holidays.map((h) => ({
        date: h.date.toISOString().slice(0, 10),
        name: h.name,
      })),
    }));
  });
}
