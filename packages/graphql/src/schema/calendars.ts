// Business calendars, holiday sets and the SLA clocks' replay. Ops change calendars (a change
// is a new version; one in force is never edited); ops, vendor managers and auditors read them.
import {
  addBusinessCalendarVersion,
  type BusinessCalendarView,
  type ClockEntry,
  createBusinessCalendar,
  createHolidaySet,
  getBusinessCalendar,
  type HolidayInput,
  type HolidaySetView,
  type ImportHolidaysResult,
  importHolidays,
  listBusinessCalendars,
  listHolidaySets,
  listPlatformSlaTargets,
  type PlatformSlaTargetView,
  type ReplayedClock,
  readSlaTimeline,
  type SlaTimeline,
  setPlatformSlaTargets,
} from '@bvg/domain';
import { builder } from '../builder.ts';
import { PriorityEnum } from './cases.ts';

const opsOnly = { role: 'ops' } as const;
const calendarReaders = { anyRole: ['ops', 'vendor_manager', 'auditor'] } as const;
// The holding vendor sees its own assignment clocks; ops, auditors and specialists the case's.
const timelineReaders = {
  vendor: 'cases:read',
  anyRole: ['ops', 'auditor', 'specialist'],
} as const;

type VersionView = NonNullable<ReplayedClock['calendarVersion']> & {
  holidaySetCode?: string | null;
};

const BusinessCalendarVersion = builder
  .objectRef<VersionView>('BusinessCalendarVersion')
  .implement({
    description:
      'One immutable version of a business calendar: the opening hours and holidays in force from `effectiveFrom` until the next version.',
    // Read in calendars and in SLA timelines.
    authScopes: {
      vendor: 'cases:read',
      anyRole: ['ops', 'vendor_manager', 'auditor', 'specialist'],
    },
    fields: (t) => ({
      id: t.exposeID('id'),
      calendarCode: t.exposeString('calendarCode'),
      version: t.exposeInt('version'),
      effectiveFrom: t.field({ type: 'DateTime', resolve: (v) => v.effectiveFrom }),
      timeZone: t.exposeString('timeZone'),
      days: t.field({
        type: ['Int'],
        description: 'ISO weekdays open: 1 = Monday … 7 = Sunday.',
        resolve: (v) => [...v.days],
      }),
      openMinute: t.exposeInt('openMinute', { description: 'Minutes after local midnight.' }),
      closeMinute: t.exposeInt('closeMinute', { description: 'Minutes after local midnight.' }),
      holidaySetCode: t.string({ nullable: true, resolve: (v) => v.holidaySetCode ?? null }),
      holidays: t.stringList({
        description: 'Local dates (YYYY-MM-DD) the clock does not run, from the holiday set.',
        resolve: (v) => [...v.holidays],
      }),
    }),
  });

const BusinessCalendar = builder.objectRef<BusinessCalendarView>('BusinessCalendar').implement({
  description: 'Opening hours in a time zone, as effective-dated versions.',
  authScopes: calendarReaders,
  fields: (t) => ({
    id: t.exposeID('id'),
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    timeZone: t.exposeString('timeZone'),
    createdAt: t.field({ type: 'DateTime', resolve: (c) => c.createdAt }),
    versions: t.field({
      type: [BusinessCalendarVersion],
      description: 'Oldest first.',
      resolve: (c) => c.versions,
    }),
    versionInForce: t.field({
      type: BusinessCalendarVersion,
      nullable: true,
      description: 'The version in force at `at` (default: now).',
      args: { at: t.arg({ type: 'DateTime', required: false }) },
      resolve: (c, args) => {
        const at = (args.at ?? new Date()).getTime();
        return [...c.versions].reverse().find((v) => v.effectiveFrom.getTime() <= at) ?? null;
      },
    }),
  }),
});

const Holiday = builder.objectRef<HolidayInput>('Holiday').implement({
  authScopes: calendarReaders,
  fields: (t) => ({
    date: t.exposeString('date', { description: 'YYYY-MM-DD, a local date.' }),
    name: t.exposeString('name'),
  }),
});

const HolidaySet = builder.objectRef<HolidaySetView>('HolidaySet').implement({
  description: 'Dated holidays that business calendar versions reference.',
  authScopes: calendarReaders,
  fields: (t) => ({
    id: t.exposeID('id'),
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    holidays: t.field({ type: [Holiday], resolve: (s) => s.holidays }),
  }),
});

const ImportHolidaysResultType = builder
  .objectRef<ImportHolidaysResult>('ImportHolidaysResult')
  .implement({
    authScopes: opsOnly,
    fields: (t) => ({
      holidaySet: t.field({ type: HolidaySet, resolve: (r) => r.holidaySet }),
      added: t.exposeStringList('added', { description: 'Dates this import added.' }),
      unchanged: t.exposeStringList('unchanged', { description: 'Dates the set already had.' }),
      skippedPast: t.exposeStringList('skippedPast', {
        description:
          'Dates before today in the file, left out: clocks already counted keep their due times.',
      }),
    }),
  });

const CalendarVersionInput = builder.inputType('BusinessCalendarVersionInput', {
  fields: (t) => ({
    effectiveFrom: t.field({ type: 'DateTime', required: true }),
    days: t.intList({ required: true, description: 'ISO weekdays open: 1 = Monday … 7 = Sunday.' }),
    openMinute: t.int({ required: true, description: 'Minutes after local midnight (0–1440).' }),
    closeMinute: t.int({
      required: true,
      description: 'Minutes after local midnight (0–1440), after openMinute.',
    }),
    holidaySetCode: t.string({ required: false }),
  }),
});

const HolidayInputType = builder.inputType('HolidayInput', {
  fields: (t) => ({
    date: t.string({ required: true, description: 'YYYY-MM-DD.' }),
    name: t.string({ required: true }),
  }),
});

const SlaClockKindEnum = builder.enumType('SlaClockKind', {
  values: {
    USER: { description: "The user's end-to-end clock: from creation, on the platform's targets." },
    VENDOR: { description: "A vendor's clock: from its offer, on its contract's targets." },
  } as const,
});

const SlaClockEntryType = builder.objectRef<ClockEntry>('SlaClockEntry').implement({
  description: 'A start, pause, resume, first response, stop… with the due times after it.',
  authScopes: timelineReaders,
  fields: (t) => ({
    kind: t.exposeString('kind', {
      description: 'START, PAUSE, RESUME, FIRST_RESPONSE, STOP, REOPEN or HANDOFF.',
    }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    event: t.exposeString('event', { description: 'The case event that caused it.' }),
    firstResponseDueAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (e) => e.firstResponseDueAt,
    }),
    resolutionDueAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (e) => e.resolutionDueAt,
    }),
  }),
});

const SlaClockType = builder.objectRef<ReplayedClock>('SlaClock').implement({
  description: 'One SLA clock of a case, replayed from its events.',
  authScopes: timelineReaders,
  fields: (t) => ({
    clock: t.field({ type: SlaClockKindEnum, resolve: (c) => c.clock }),
    vendorId: t.id({ nullable: true, resolve: (c) => c.vendorId }),
    startedAt: t.field({ type: 'DateTime', resolve: (c) => c.startedAt }),
    calendarVersion: t.field({
      type: BusinessCalendarVersion,
      nullable: true,
      description: 'The calendar version the due times were counted on (null: round the clock).',
      resolve: (c) => c.calendarVersion,
    }),
    firstResponseMinutes: t.int({ nullable: true, resolve: (c) => c.firstResponseMinutes }),
    resolutionMinutes: t.int({ nullable: true, resolve: (c) => c.resolutionMinutes }),
    firstResponseDueAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (c) => c.firstResponseDueAt,
    }),
    resolutionDueAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (c) => c.resolutionDueAt,
    }),
    firstResponseAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (c) => c.firstResponseAt,
    }),
    stoppedAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.stoppedAt }),
    stopReason: t.string({ nullable: true, resolve: (c) => c.stopReason }),
    firstResponseBreached: t.exposeBoolean('firstResponseBreached'),
    resolutionBreached: t.exposeBoolean('resolutionBreached'),
    entries: t.field({ type: [SlaClockEntryType], resolve: (c) => c.entries }),
  }),
});

const SlaTimelineType = builder.objectRef<SlaTimeline>('SlaTimeline').implement({
  authScopes: timelineReaders,
  fields: (t) => ({
    caseId: t.exposeID('caseId'),
    asOf: t.field({
      type: 'DateTime',
      description: 'When a clock still running is judged.',
      resolve: (s) => s.asOf,
    }),
    clocks: t.field({ type: [SlaClockType], resolve: (s) => s.clocks }),
  }),
});

const targetReaders = { anyRole: ['ops', 'auditor'] } as const;

const PlatformSlaTarget = builder.objectRef<PlatformSlaTargetView>('PlatformSlaTarget').implement({
  description:
    "A target of the user's end-to-end clock: for cases of its region, scope and priority (null matches any; the most specific wins), counted on its calendar (null: round the clock).",
  authScopes: targetReaders,
  fields: (t) => ({
    id: t.exposeID('id'),
    regionCode: t.exposeString('regionCode', { nullable: true }),
    scopeCode: t.exposeString('scopeCode', { nullable: true }),
    priority: t.field({
      type: PriorityEnum,
      nullable: true,
      resolve: (p) => p.priority as never,
    }),
    firstResponseMinutes: t.exposeInt('firstResponseMinutes'),
    resolutionMinutes: t.exposeInt('resolutionMinutes'),
    calendarCode: t.exposeString('calendarCode', { nullable: true }),
  }),
});

const PlatformSlaTargetInput = builder.inputType('PlatformSlaTargetInput', {
  fields: (t) => ({
    regionCode: t.string({ required: false, description: 'Null: any region.' }),
    scopeCode: t.string({ required: false, description: 'Null: any scope.' }),
    priority: t.field({ type: PriorityEnum, required: false, description: 'Null: any priority.' }),
    firstResponseMinutes: t.int({ required: true }),
    resolutionMinutes: t.int({ required: true }),
    calendarCode: t.string({ required: false, description: 'Null: round the clock.' }),
  }),
});

builder.queryFields((t) => ({
  platformSlaTargets: t.field({
    type: [PlatformSlaTarget],
    description: "The user's end-to-end clock targets.",
    authScopes: targetReaders,
    resolve: (_root, _args, ctx) => listPlatformSlaTargets(ctx.db, ctx.actor!),
  }),
  businessCalendars: t.field({
    type: [BusinessCalendar],
    authScopes: calendarReaders,
    resolve: (_root, _args, ctx) => listBusinessCalendars(ctx.db, ctx.actor!),
  }),
  businessCalendar: t.field({
    type: BusinessCalendar,
    nullable: true,
    authScopes: calendarReaders,
    args: { code: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => getBusinessCalendar(ctx.db, ctx.actor!, args.code),
  }),
  holidaySets: t.field({
    type: [HolidaySet],
    authScopes: calendarReaders,
    resolve: (_root, _args, ctx) => listHolidaySets(ctx.db, ctx.actor!),
  }),
  slaTimeline: t.field({
    type: SlaTimelineType,
    description:
      "Both SLA clocks of a case replayed from its events: starts, pauses, resumes, stops, due times, breaches and the calendar version used. A vendor holding the case sees its own assignment clocks only; another vendor's case is NOT_FOUND.",
    authScopes: timelineReaders,
    args: { caseId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => readSlaTimeline(ctx.db, ctx.actor!, String(args.caseId)),
  }),
}));

builder.mutationFields((t) => ({
  setPlatformSlaTargets: t.field({
    type: [PlatformSlaTarget],
    description:
      "Replaces the user's end-to-end clock targets as a whole; cases already created keep their due times. VALIDATION lists every problem. Audited with before and after.",
    authScopes: opsOnly,
    args: {
      targets: t.arg({ type: [PlatformSlaTargetInput], required: true }),
      reason: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      setPlatformSlaTargets(ctx.db, ctx.actor!, {
        targets: args.targets,
        reason: args.reason,
        requestId: ctx.requestId,
      }),
  }),
  createBusinessCalendar: t.field({
    type: BusinessCalendar,
    description: 'A new calendar with its first version(s). Audited.',
    authScopes: opsOnly,
    args: {
      code: t.arg.string({ required: true }),
      name: t.arg.string({ required: true }),
      timeZone: t.arg.string({ required: true, description: 'IANA, e.g. Asia/Manila.' }),
      versions: t.arg({ type: [CalendarVersionInput], required: true }),
      reason: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      createBusinessCalendar(ctx.db, ctx.actor!, { ...args, requestId: ctx.requestId }),
  }),
  addBusinessCalendarVersion: t.field({
    type: BusinessCalendar,
    description:
      'A new version in force from its effectiveFrom: after every version the calendar has, and not in the past. Audited with the version it replaces.',
    authScopes: opsOnly,
    args: {
      calendarCode: t.arg.string({ required: true }),
      version: t.arg({ type: CalendarVersionInput, required: true }),
      reason: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      addBusinessCalendarVersion(ctx.db, ctx.actor!, {
        ...args.version,
        calendarCode: args.calendarCode,
        reason: args.reason,
        requestId: ctx.requestId,
      }),
  }),
  createHolidaySet: t.field({
    type: HolidaySet,
    authScopes: opsOnly,
    description: 'Audited.',
    args: {
      code: t.arg.string({ required: true }),
      name: t.arg.string({ required: true }),
      holidays: t.arg({ type: [HolidayInputType], required: false }),
      reason: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      createHolidaySet(ctx.db, ctx.actor!, {
        code: args.code,
        name: args.name,
        holidays: args.holidays ?? [],
        reason: args.reason,
        requestId: ctx.requestId,
      }),
  }),
  importHolidays: t.field({
    type: ImportHolidaysResultType,
    description:
      'Adds the all-day events (DTSTART;VALUE=DATE) of an iCalendar file to a holiday set. A file that does not parse, or with an event that is not a date, changes nothing (VALIDATION listing every problem). Audited.',
    authScopes: opsOnly,
    args: {
      holidaySetCode: t.arg.string({ required: true }),
      ics: t.arg.string({ required: true, description: 'The iCalendar (RFC 5545) text.' }),
      reason: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      importHolidays(ctx.db, ctx.actor!, { ...args, requestId: ctx.requestId }),
  }),
}));
