// Business calendars and the two SLA clocks over the API: holidays imported from an iCalendar
// file and skipped by a clock, a calendar version taking effect mid-month, both clocks across
// a re-route and an escalation replayed (slaTimeline) to the due times the live path stored,
// and bad input refused whole.
import { randomBytes } from 'node:crypto';
import { createPrismaClient, type PrismaClient, systemScope, withScope } from '@bvg/db';
import { createRoutingRuleset, publishRoutingRuleset, rerouteCase, submitCases } from '@bvg/domain';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ops as OPS_ACTOR } from './dispatch-harness.ts';

let stack: TestStack;
let app: PrismaClient;
let opsToken: string;
let intakeToken: string;
const tag = randomBytes(3).toString('hex');
const v: Record<'alpha' | 'beta' | 'tier2', { id: string; slug: string; clientId: string }> =
  {} as never;
const HOUR = 3_600_000;
const ZONE = 'Asia/Kolkata';

/** The local date (YYYY-MM-DD) in the test's zone, `days` after now's. */
const localDate = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(
    new Date(Date.now() + days * 24 * HOUR),
  );

/** A holiday file in the standard format (RFC 5545, all-day events). */
const holidayFile = (...holidays: [date: string, name: string][]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Support Ops//Holidays//EN',
    'CALSCALE:GREGORIAN',
    ...holidays.flatMap(([date, name], i) => [
      'BEGIN:VEVENT',
      `UID:holiday-${i}@support.example`,
      'DTSTAMP:20261101T000000Z',
      `DTSTART;VALUE=DATE:${date.replaceAll('-', '')}`,
      `SUMMARY:${name}`,
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
    '',
  ].join('\r\n');

const gql = <T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  token = opsToken,
) => stack.graphql<T>(query, variables, token);

const CREATE_CALENDAR = `mutation($code: String!, $name: String!, $timeZone: String!, $versions: [BusinessCalendarVersionInput!]!, $reason: String!) {
  createBusinessCalendar(code: $code, name: $name, timeZone: $timeZone, versions: $versions, reason: $reason) {
    id code versions { id version effectiveFrom holidays } } }`;

async function calendar(code: string, versions: Record<string, unknown>[]) {
  const res = await gql<{ createBusinessCalendar: { id: string; versions: { id: string }[] } }>(
    CREATE_CALENDAR,
    { code, name: code, timeZone: ZONE, versions, reason: 'test calendars' },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createBusinessCalendar;
}

beforeAll(async () => {
  stack = await createTestStack();
  app = createPrismaClient({ url: stack.db.appUrl, max: 2 });
  await stack.seed.referenceData();
  opsToken = await stack.internalToken(['ops']);
  intakeToken = await stack.internalToken(['intake'], 'in-app-feedback');

  // The platform's holidays come from a file; the user's clock runs round the clock otherwise.
  const set = await gql(
    'mutation($code: String!) { createHolidaySet(code: $code, name: "India", reason: "test") { id } }',
    { code: `in-${tag}` },
  );
  expect(set.errors).toBeUndefined();
  const platform = await calendar(`platform-${tag}`, [
    {
      effectiveFrom: '2026-01-01T00:00:00Z',
      days: [1, 2, 3, 4, 5, 6, 7],
      openMinute: 0,
      closeMinute: 1440,
      holidaySetCode: `in-${tag}`,
    },
  ]);
  // Vendors work weekdays 09:00–18:00; from 15 November 2026 alpha opens at 07:00.
  const weekdays = { days: [1, 2, 3, 4, 5], openMinute: 540, closeMinute: 1080 };
  const alphaCal = await calendar(`alpha-${tag}`, [
    { effectiveFrom: '2026-01-01T00:00:00Z', ...weekdays },
    { effectiveFrom: '2026-11-15T00:00:00+05:30', ...weekdays, openMinute: 420 },
  ]);
  const betaCal = await calendar(`beta-${tag}`, [
    { effectiveFrom: '2026-01-01T00:00:00Z', ...weekdays },
  ]);

  v.alpha = await stack.seed.vendor({ slug: `alpha-${tag}`, calendarId: alphaCal.id });
  v.beta = await stack.seed.vendor({ slug: `beta-${tag}`, calendarId: betaCal.id });
  v.tier2 = await stack.seed.vendor({ slug: `t2-${tag}`, kind: 'IN_HOUSE' });
  for (const vendor of [v.alpha, v.beta, v.tier2]) {
    await stack.owner.vendorCertification.create({
      data: { vendorId: vendor.id, regionCode: 'IN', scopeCode: 'GENERAL', language: 'en' },
    });
    await stack.owner.vendorCapacity.create({
      data: {
        vendorId: vendor.id,
        scopeCode: 'GENERAL',
        openCaseCeiling: 1000,
        dailyIntakeCap: 100_000,
      },
    });
  }
  for (const vendor of [v.alpha, v.beta]) {
    await stack.owner.contract.create({
      data: {
        vendorId: vendor.id,
        reference: `${vendor.slug}-2026`,
        periodStart: new Date('2026-01-01'),
        periodEnd: new Date('2027-12-31'),
        effectiveFrom: new Date('2026-01-01'),
        pricePerCaseMinor: 350,
        creditTerms: {},
        slaTargets: {
          create: [{ firstResponseMinutes: 120, resolutionMinutes: 960, businessHoursOnly: true }],
        },
      },
    });
  }
  await stack.owner.platformSlaTarget.create({
    data: { firstResponseMinutes: 60, resolutionMinutes: 2880, calendarId: platform.id },
  });
  await withScope(app, systemScope('test: rules'), async (tx) => {
    const change = { actor: OPS_ACTOR, reason: 'clock world' };
    const draft = await createRoutingRuleset(tx, {
      ...change,
      name: 'clock world',
      rules: [
        {
          name: 'Tier 1 to alpha, else beta',
          match: { region: ['IN'], scope: ['GENERAL'], tier: ['T1'] },
          targets: [{ vendorId: v.alpha.id, weight: 100 }],
          fallbacks: [v.beta.id],
        },
        {
          name: 'Tier 2 in-house',
          match: { tier: ['T2'] },
          targets: [{ vendorId: v.tier2.id, weight: 100 }],
          fallbacks: [],
        },
      ],
    });
    await publishRoutingRuleset(tx, { ...change, version: draft.version, now: new Date() });
  });
});
afterAll(async () => {
  await app?.$disconnect();
  await stack?.close();
});

let n = 0;
const submission = () => ({
  source: 'in-app-feedback',
  externalRef: `clock-${tag}-${n++}`,
  region: 'IN',
  scope: 'GENERAL',
  channel: 'IN_APP' as const,
  language: 'en',
  priority: 'P3' as const,
  subjectRef: 'user-1',
});

async function submit(): Promise<string> {
  const res = await gql<{ submitCase: { caseId: string; vendorId: string } }>(
    'mutation($input: SubmitCaseInput!) { submitCase(input: $input) { caseId vendorId } }',
    { input: submission() },
    intakeToken,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.submitCase.caseId;
}

const TIMELINE = `query($id: ID!) { slaTimeline(caseId: $id) { clocks {
  clock vendorId startedAt firstResponseDueAt resolutionDueAt firstResponseAt stoppedAt stopReason
  firstResponseBreached resolutionBreached calendarVersion { id calendarCode version holidays }
  entries { kind event firstResponseDueAt resolutionDueAt } } } }`;
type Clock = {
  clock: 'USER' | 'VENDOR';
  vendorId: string | null;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  stopReason: string | null;
  calendarVersion: { id: string; calendarCode: string; version: number; holidays: string[] } | null;
  entries: { kind: string; event: string }[];
};
async function timeline(caseId: string, token = opsToken): Promise<Clock[]> {
  const res = await gql<{ slaTimeline: { clocks: Clock[] } }>(TIMELINE, { id: caseId }, token);
  expect(res.errors).toBeUndefined();
  return res.data!.slaTimeline.clocks;
}
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('business calendars and the two SLA clocks', () => {
  it('imports an iCalendar holiday file over the API; the user clock then skips the holiday', async () => {
    const holiday = localDate(2);
    const res = await gql<{
      importHolidays: { added: string[]; holidaySet: { holidays: { date: string }[] } };
    }>(
      'mutation($code: String!, $ics: String!) { importHolidays(holidaySetCode: $code, ics: $ics, reason: "national holidays 2026") { added holidaySet { holidays { date } } } }',
      {
        code: `in-${tag}`,
        ics: holidayFile([holiday, 'Festival'], ['2020-01-26', 'Republic Day 2020']),
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.importHolidays.added).toEqual([holiday]);
    const audit = await stack.owner.auditEvent.findFirstOrThrow({
      where: { action: 'holiday_set.import' },
    });
    expect(audit.details).toMatchObject({
      reason: 'national holidays 2026',
      before: { holidays: 0 },
      after: { holidays: 1 },
    });

    const caseId = await submit();
    const c = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });
    // Two days of round-the-clock time, with the holiday two local days ahead skipped: 72 h.
    expect(c.userResolutionDueAt!.getTime() - c.createdAt.getTime()).toBe(72 * HOUR);
    expect(c.userFirstResponseDueAt!.getTime() - c.createdAt.getTime()).toBe(HOUR);
    const [user] = await timeline(caseId);
    expect(user!.clock).toBe('USER');
    expect(user!.calendarVersion!.holidays).toEqual([holiday]);
    expect(user!.resolutionDueAt).toBe(iso(c.userResolutionDueAt));
  });

  it('counts a case before a mid-month version on the old hours and one after on the new', async () => {
    const submitAt = async (local: string) => {
      const [out] = await submitCases(app, [{ actor: OPS_INTAKE, input: submission() }], {
        now: () => new Date(local),
      });
      if (!out?.ok) throw new Error('not submitted');
      return stack.owner.case.findUniqueOrThrow({ where: { id: out.result.caseId } });
    };
    // Friday evenings, offered to alpha at once: due 2 business hours from Monday's opening.
    const before = await submitAt('2026-11-13T20:00:00+05:30');
    const after = await submitAt('2026-11-20T20:00:00+05:30');
    expect([before.vendorId, after.vendorId]).toEqual([v.alpha.id, v.alpha.id]);
    expect(before.firstResponseDueAt).toEqual(new Date('2026-11-16T11:00:00+05:30'));
    expect(after.firstResponseDueAt).toEqual(new Date('2026-11-23T09:00:00+05:30'));
    const versions = async (id: string) =>
      (await timeline(id))
        .filter((k) => k.clock === 'VENDOR')
        .map((k) => k.calendarVersion!.version);
    expect(await versions(before.id)).toEqual([1]);
    expect(await versions(after.id)).toEqual([2]);
  });

  it('keeps the user clock across a re-route and an escalation; the replay gives the stored due times', async () => {
    const caseId = await submit();
    const created = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(created.vendorId).toBe(v.alpha.id);

    // Ops re-route the case to beta: the vendor clock starts again, the user clock does not.
    const moved = await gql<{ rerouteCase: { vendorId: string; version: number } }>(
      'mutation($input: RerouteCaseInput!) { rerouteCase(input: $input) { vendorId version } }',
      { input: { caseId, version: created.version, reason: 'alpha backlogged' } },
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.rerouteCase.vendorId).toBe(v.beta.id);
    const rerouted = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(iso(rerouted.userFirstResponseDueAt)).toBe(iso(created.userFirstResponseDueAt));
    expect(iso(rerouted.userResolutionDueAt)).toBe(iso(created.userResolutionDueAt));

    // Beta answers, waits on the user, then escalates; the router hands it to the team.
    const beta = await stack.vendorToken(v.beta);
    let version = moved.data!.rerouteCase.version;
    for (const [name, extra] of [
      ['acceptCase', {}],
      ['recordResponse', {}],
      ['setCasePending', {}],
      ['resumeCase', {}],
      ['escalateCase', { reason: 'needs a specialist' }],
    ] as const) {
      const inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
      const res = await gql<Record<string, { version: number }>>(
        `mutation($input: ${inputType}!) { ${name}(input: $input) { version } }`,
        { input: { caseId, version, ...extra } },
        beta,
      );
      expect(res.errors, name).toBeUndefined();
      version = res.data![name]!.version;
      if (name === 'resumeCase') {
        // The replay at this point agrees with both clocks' stored due times.
        const now = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });
        const clocks = await timeline(caseId);
        const user = clocks.find((k) => k.clock === 'USER')!;
        const betaClock = clocks.find((k) => k.vendorId === v.beta.id)!;
        expect([user.firstResponseDueAt, user.resolutionDueAt]).toEqual([
          iso(now.userFirstResponseDueAt),
          iso(now.userResolutionDueAt),
        ]);
        expect([betaClock.firstResponseDueAt, betaClock.resolutionDueAt]).toEqual([
          iso(now.firstResponseDueAt),
          iso(now.resolutionDueAt),
        ]);
        expect(betaClock.entries.map((e) => e.kind)).toEqual([
          'START',
          'FIRST_RESPONSE',
          'PAUSE',
          'RESUME',
        ]);
      }
    }
    await withScope(app, systemScope('test: escalation'), (tx) =>
      rerouteCase(tx, { caseId, fromVendorId: v.beta.id, reason: 'ESCALATED', now: new Date() }),
    );
    const escalated = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });
    expect([escalated.vendorId, escalated.tier]).toEqual([v.tier2.id, 'T2']);

    const clocks = await timeline(caseId);
    expect(clocks.map((k) => [k.clock, k.vendorId, k.stopReason])).toEqual([
      ['USER', null, null],
      ['VENDOR', v.alpha.id, 'RECALLED'],
      ['VENDOR', v.beta.id, 'ESCALATED'],
      ['VENDOR', v.tier2.id, null],
    ]);
    const user = clocks[0]!;
    expect([user.firstResponseDueAt, user.resolutionDueAt]).toEqual([
      iso(escalated.userFirstResponseDueAt),
      iso(escalated.userResolutionDueAt),
    ]);
    expect(user.entries.map((e) => e.kind)).toEqual(['START', 'FIRST_RESPONSE', 'PAUSE', 'RESUME']);
    // The in-house team keeps no contract targets: its clock has no due times, as stored.
    expect([clocks[3]!.firstResponseDueAt, clocks[3]!.resolutionDueAt]).toEqual([
      iso(escalated.firstResponseDueAt),
      iso(escalated.resolutionDueAt),
    ]);
    const read = await gql<{ case: Record<string, string | null> }>(
      'query($id: ID!) { case(id: $id) { userFirstResponseDueAt userResolutionDueAt } }',
      { id: caseId },
    );
    expect(read.data!.case).toEqual({
      userFirstResponseDueAt: iso(escalated.userFirstResponseDueAt),
      userResolutionDueAt: iso(escalated.userResolutionDueAt),
    });

    // Beta no longer holds the case: its timeline is not beta's to read.
    const refused = await stack.graphql(TIMELINE, { id: caseId }, beta);
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('shows the holding vendor its own assignment clock only', async () => {
    const caseId = await submit();
    const alpha = await stack.vendorToken(v.alpha);
    const clocks = await timeline(caseId, alpha);
    expect(clocks.map((k) => [k.clock, k.vendorId])).toEqual([['VENDOR', v.alpha.id]]);
  });

  it('refuses bad calendars and holiday files whole, listing every problem, writing nothing', async () => {
    const calendarsBefore = await stack.owner.businessCalendar.count();
    const bad = await gql(CREATE_CALENDAR, {
      code: `bad-${tag}`,
      name: 'Bad',
      timeZone: 'Mars/Olympus_Mons',
      versions: [
        {
          effectiveFrom: '2026-01-01T00:00:00Z',
          days: [0, 1],
          openMinute: 600,
          closeMinute: 1500,
          holidaySetCode: 'nope',
        },
        { effectiveFrom: '2026-01-01T00:00:00Z', days: [1], openMinute: 540, closeMinute: 1080 },
      ],
      reason: 'test',
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const problems = (bad.errors![0]!.extensions!.problems as { path: string }[]).map(
      (p) => p.path,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'timeZone',
        'versions.0.days',
        'versions.0.closeMinute',
        'versions.1.effectiveFrom',
        'versions.0.holidaySetCode',
      ]),
    );
    expect(await stack.owner.businessCalendar.count()).toBe(calendarsBefore);

    // A version in the past and overlapping the one in force, with bad hours: all at once.
    const version = await gql(
      'mutation($code: String!, $version: BusinessCalendarVersionInput!) { addBusinessCalendarVersion(calendarCode: $code, version: $version, reason: "earlier opening") { id } }',
      {
        code: `beta-${tag}`,
        version: {
          effectiveFrom: '2025-06-01T00:00:00Z',
          days: [8],
          openMinute: 540,
          closeMinute: 540,
        },
      },
    );
    expect(version.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(
      (version.errors![0]!.extensions!.problems as { path: string }[]).map((p) => p.path).sort(),
    ).toEqual(['closeMinute', 'days', 'effectiveFrom', 'effectiveFrom']);
    expect(
      await stack.owner.businessCalendarVersion.count({
        where: { calendar: { code: `beta-${tag}` } },
      }),
    ).toBe(1);

    // A file that does not parse, and one with a timed event: nothing imported.
    const holidaysBefore = await stack.owner.holiday.count();
    for (const ics of [
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n',
      holidayFile([localDate(5), 'Fine']).replace(
        'END:VCALENDAR',
        [
          'BEGIN:VEVENT',
          'UID:timed@support.example',
          'DTSTART:20261231T100000Z',
          'SUMMARY:Half day',
          'END:VEVENT',
          'END:VCALENDAR',
        ].join('\r\n'),
      ),
    ]) {
      const res = await gql(
        'mutation($ics: String!, $code: String!) { importHolidays(holidaySetCode: $code, ics: $ics, reason: "test") { added } }',
        { ics, code: `in-${tag}` },
      );
      expect(res.errors?.[0]?.extensions?.code).toBe('VALIDATION');
      expect((res.errors![0]!.extensions!.problems as unknown[]).length).toBeGreaterThan(0);
    }
    expect(await stack.owner.holiday.count()).toBe(holidaysBefore);

    // Only ops change calendars.
    const manager = await stack.internalToken(['vendor_manager']);
    const refused = await gql(
      'mutation { createHolidaySet(code: "x-set", name: "X", reason: "test") { id } }',
      {},
      manager,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("sets a vendor's calendar over the API: new cases' vendor due times follow it", async () => {
    const UPDATE = `mutation($input: UpdateVendorInput!) { updateVendor(input: $input) { id } }`;
    // Evenings, weekdays 13:00–22:00.
    await calendar(`late-${tag}`, [
      {
        effectiveFrom: '2026-01-01T00:00:00Z',
        days: [1, 2, 3, 4, 5],
        openMinute: 780,
        closeMinute: 1320,
      },
    ]);
    const submitAt = async (local: string) => {
      const [out] = await submitCases(app, [{ actor: OPS_INTAKE, input: submission() }], {
        now: () => new Date(local),
      });
      if (!out?.ok) throw new Error('not submitted');
      return stack.owner.case.findUniqueOrThrow({ where: { id: out.result.caseId } });
    };
    const friday = '2026-11-20T20:00:00+05:30';
    const before = await submitAt(friday);
    expect(before.firstResponseDueAt).toEqual(new Date('2026-11-23T09:00:00+05:30'));

    // Unknown calendar, with another bad field: every problem named, nothing written.
    const bad = await gql(UPDATE, {
      input: { vendorId: v.alpha.id, calendarCode: `nope-${tag}`, name: ' ', reason: 'evenings' },
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(
      (bad.errors![0]!.extensions!.problems as { path: string }[]).map((p) => p.path).sort(),
    ).toEqual(['calendarCode', 'name']);
    const alpha = await stack.owner.vendor.findUniqueOrThrow({ where: { id: v.alpha.id } });
    expect(alpha.calendarId).not.toBeNull();

    const set = await gql(UPDATE, {
      input: { vendorId: v.alpha.id, calendarCode: `late-${tag}`, reason: 'evening shift' },
    });
    expect(set.errors).toBeUndefined();
    const audit = await stack.owner.auditEvent.findFirstOrThrow({
      where: { action: 'vendor.update', targetId: v.alpha.id },
      orderBy: { id: 'desc' },
    });
    const late = await stack.owner.businessCalendar.findUniqueOrThrow({
      where: { code: `late-${tag}` },
    });
    expect(audit.details).toMatchObject({
      reason: 'evening shift',
      before: { calendarId: alpha.calendarId },
      after: { calendarId: late.id },
    });

    // Routing sees the change on its next decision: open until 22:00, two hours from now.
    const after = await submitAt(friday);
    expect(after.vendorId).toBe(v.alpha.id);
    expect(after.firstResponseDueAt).toEqual(new Date('2026-11-20T22:00:00+05:30'));
    // The case offered before keeps its due time.
    const kept = await stack.owner.case.findUniqueOrThrow({ where: { id: before.id } });
    expect(kept.firstResponseDueAt).toEqual(before.firstResponseDueAt);

    const back = await gql(UPDATE, {
      input: { vendorId: v.alpha.id, calendarCode: `alpha-${tag}`, reason: 'day shift again' },
    });
    expect(back.errors).toBeUndefined();
  });

  it("replaces the platform's targets over the API: new cases count on them, old ones keep theirs", async () => {
    const TARGETS = `{ id regionCode scopeCode priority firstResponseMinutes resolutionMinutes calendarCode }`;
    const SET = `mutation($targets: [PlatformSlaTargetInput!]!, $reason: String!) {
      setPlatformSlaTargets(targets: $targets, reason: $reason) ${TARGETS} }`;
    type Target = { id: string; regionCode: string | null; calendarCode: string | null };
    const auditor = await stack.internalToken(['auditor']);
    const read = await gql<{ platformSlaTargets: Target[] }>(
      `{ platformSlaTargets ${TARGETS} }`,
      {},
      auditor,
    );
    expect(read.errors).toBeUndefined();
    const [everywhere] = read.data!.platformSlaTargets;
    expect(read.data!.platformSlaTargets).toHaveLength(1);
    expect(everywhere).toMatchObject({ regionCode: null, calendarCode: `platform-${tag}` });

    const submitAt = async (local: string) => {
      const [out] = await submitCases(app, [{ actor: OPS_INTAKE, input: submission() }], {
        now: () => new Date(local),
      });
      if (!out?.ok) throw new Error('not submitted');
      return stack.owner.case.findUniqueOrThrow({ where: { id: out.result.caseId } });
    };
    const at = '2026-11-20T20:00:00+05:30';
    const old = await submitAt(at);
    expect(old.userFirstResponseDueAt).toEqual(new Date('2026-11-20T21:00:00+05:30'));

    // Every problem at once; nothing written.
    const bad = await gql(SET, {
      reason: 'faster in India',
      targets: [
        { regionCode: 'XX', firstResponseMinutes: 30, resolutionMinutes: 600 },
        { scopeCode: 'NOPE', firstResponseMinutes: 0, resolutionMinutes: 600 },
        {
          regionCode: 'IN',
          firstResponseMinutes: 120,
          resolutionMinutes: 60,
          calendarCode: 'none',
        },
        { regionCode: 'IN', firstResponseMinutes: 30, resolutionMinutes: 600 },
      ],
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect((bad.errors![0]!.extensions!.problems as { path: string }[]).map((p) => p.path)).toEqual(
      [
        'targets.0.regionCode',
        'targets.1.scopeCode',
        'targets.1.firstResponseMinutes',
        'targets.2.calendarCode',
        'targets.2.resolutionMinutes',
        'targets.3.regionCode',
      ],
    );
    expect(await stack.owner.platformSlaTarget.count()).toBe(1);

    const set = await gql<{ setPlatformSlaTargets: Target[] }>(SET, {
      reason: 'faster in India',
      targets: [
        { firstResponseMinutes: 60, resolutionMinutes: 2880, calendarCode: `platform-${tag}` },
        {
          regionCode: 'IN',
          firstResponseMinutes: 30,
          resolutionMinutes: 600,
          calendarCode: `platform-${tag}`,
        },
      ],
    });
    expect(set.errors).toBeUndefined();
    const targets = set.data!.setPlatformSlaTargets;
    expect(targets.map((t) => t.regionCode)).toEqual(['IN', null]);
    // The unchanged target keeps its row (the cases that started on it name it).
    expect(targets[1]!.id).toBe(everywhere!.id);
    const audit = await stack.owner.auditEvent.findFirstOrThrow({
      where: { action: 'platform_sla_targets.set' },
      orderBy: { id: 'desc' },
    });
    expect(audit.details).toMatchObject({
      reason: 'faster in India',
      before: [{ id: everywhere!.id }],
      after: [{ regionCode: 'IN' }, { id: everywhere!.id }],
    });

    // A new case in India counts on the new target; the old one keeps its due times and its replay.
    const fresh = await submitAt(at);
    expect(fresh.userFirstResponseDueAt).toEqual(new Date('2026-11-20T20:30:00+05:30'));
    expect(fresh.userResolutionDueAt).toEqual(new Date('2026-11-21T06:00:00+05:30'));
    const kept = await stack.owner.case.findUniqueOrThrow({ where: { id: old.id } });
    expect(kept.userFirstResponseDueAt).toEqual(old.userFirstResponseDueAt);
    const [user] = await timeline(old.id);
    expect(user!.firstResponseDueAt).toBe(iso(old.userFirstResponseDueAt));
  });
});

const OPS_INTAKE = { kind: 'INTAKE', id: 'in-app-feedback' } as const;
