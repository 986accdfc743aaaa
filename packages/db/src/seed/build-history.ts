// A quarter of case history, generated in memory: arrivals with weekday and hour seasonality,
// routing by the published rules, each case's lifecycle as append-only events, SLA clocks,
// CSAT answers and QA evaluations. Everything after `period.end` is cut off, which leaves
// the last days' cases open as the backlog.
import { createHash } from 'node:crypto';
import { addBusinessMinutes, localDate, type OpeningHours } from '@bvg/calendar';
import type { CaseStatus, Prisma } from '../generated/prisma/client.ts';
import {
  IN_HOUSE_SLA_GRID,
  SLA_GRID,
  slaTargetFor,
  vendorHolidays,
  vendorId,
} from './build-reference-data.ts';
import {
  type CaseAttrs,
  PUBLISHED_VERSION,
  type RouteChoice,
  routeDemoCase,
  ruleId,
  rulesetId,
} from './build-routing.ts';
import {
  FIRST_NAMES,
  HOURLY_INTAKE,
  INTAKE_UTC_OFFSET,
  LAST_NAMES,
  REGIONS,
  SCOPES,
  type ScopeDef,
  SOURCE_BY_CHANNEL,
  VENDORS,
  type VendorDef,
} from './demo-catalog.ts';
import type { DemoPeriod } from './demo-period.ts';
import { demoId } from './deterministic-id.ts';
import { Rng } from './prng.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface HistoryOptions {
  seed: number;
  period: DemoPeriod;
  /** Average intake per day across all markets. */
  casesPerDay: number;
}

export interface HistoryRows {
  cases: Prisma.CaseCreateManyInput[];
  subjects: Prisma.CaseSubjectCreateManyInput[];
  assignments: Prisma.AssignmentCreateManyInput[];
  events: Prisma.CaseEventCreateManyInput[];
  csat: Prisma.CsatResponseCreateManyInput[];
  qa: Prisma.QaEvaluationCreateManyInput[];
  dailyIntake: Prisma.VendorDailyIntakeCreateManyInput[];
  allocations: Prisma.RoutingAllocationCreateManyInput[];
  capacities: Prisma.VendorCapacityCreateManyInput[];
  /** Cases offered to each vendor per month, on average (slug → cases). */
  monthlyVolume: Map<string, number>;
}

const vendorBySlug = new Map(VENDORS.map((v) => [v.slug, v]));

function vendorOf(slug: string): VendorDef {
  const vendor = vendorBySlug.get(slug);
  if (vendor === undefined) throw new Error(`unknown demo vendor ${slug}`);
  return vendor;
}

const CHANNEL_PREFIX: Record<string, string> = {
  IN_APP: 'FB',
  WEBFORM: 'WF',
  EMAIL: 'EM',
  APPEAL: 'AP',
  INTERNAL_FORM: 'IF',
};

const QA_RUBRIC: readonly { item: string; weight: number }[] = [
  { item: 'Verification and greeting', weight: 10 },
  { item: 'Understanding of the issue', weight: 20 },
  { item: 'Policy accuracy', weight: 30 },
  { item: 'Resolution quality', weight: 25 },
  { item: 'Tone and empathy', weight: 15 },
];

const REJECT_REASONS = [
  'Language not staffed on this shift',
  'Outside contracted scope detail',
  'Queue at capacity',
];
const ESCALATION_REASONS = [
  'Needs policy exception',
  'Suspected coordinated abuse',
  'Legal request mentioned',
  'User threatens self-harm',
  'Account of a public figure',
];
const PENDING_REASONS = [
  'Asked the user for a screenshot',
  'Asked the user to confirm identity',
  'Waiting for the user to retry',
];
const CSAT_COMMENTS: Record<number, readonly string[]> = {
  1: ['Nobody actually read my message.', 'Still cannot get into my account.'],
  2: ['Took too long to hear back.', 'Had to explain everything twice.'],
  3: ['Solved in the end, but slow.'],
  4: ['Helpful, thanks.', 'Good answer.'],
  5: ['Quick and friendly, thank you!', 'Fixed it right away.'],
};

interface PendingEvent {
  at: number;
  type: Prisma.CaseEventCreateManyInput['type'];
  from: CaseStatus | null;
  to: CaseStatus | null;
  actorKind: Prisma.CaseEventCreateManyInput['actorKind'];
  actorId: string;
  vendor: string | null;
  data: Prisma.InputJsonValue;
}

interface PendingAssignment {
  attempt: number;
  vendor: string;
  route: RouteChoice;
  offeredAt: number;
  acceptedAt: number | null;
  rejectedAt: number | null;
  endedAt: number | null;
  endStatus: 'REJECTED' | 'ESCALATED' | 'COMPLETED' | null;
  endReason: string | null;
}

const roundSecond = (t: number) => Math.round(t / SECOND) * SECOND;

function openingHours(vendor: VendorDef, period: DemoPeriod): OpeningHours {
  return {
    timeZone: vendor.timeZone,
    ...vendor.businessHours,
    holidays: vendorHolidays(vendor, period),
  };
}

/** The arrival instants of every case of the period, with the market each comes from. */
function arrivals(rng: Rng, options: HistoryOptions): { at: number; region: string }[] {
  const { period, casesPerDay } = options;
  const days = Math.round((period.end.getTime() - period.start.getTime()) / DAY);
  const markets = REGIONS.filter((r) => r.intakeShare > 0).map(
    (r) => [r.code, r.intakeShare] as const,
  );
  const hours = HOURLY_INTAKE.map((w, h) => [h, w] as const);
  const out: { at: number; region: string }[] = [];
  for (let d = 0; d < days; d++) {
    const dayStart = period.start.getTime() + d * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    // Weekends are quieter; the factors average 1 over a week.
    const factor = weekday === 0 || weekday === 6 ? 0.8 : 1.08;
    const count = Math.round(casesPerDay * factor * rng.between(0.88, 1.12));
    for (let i = 0; i < count; i++) {
      const region = rng.weighted(markets);
      const localMinute = rng.weighted(hours) * 60 + rng.int(0, 59);
      const utcMinute = (((localMinute - (INTAKE_UTC_OFFSET[region] ?? 0)) % 1440) + 1440) % 1440;
      out.push({ at: dayStart + utcMinute * MINUTE + rng.int(0, 59) * SECOND, region });
    }
  }
  out.sort((a, b) => a.at - b.at);
  return out;
}

function rubricScores(rng: Rng, centre: number, noise: number, critical: boolean) {
  const rubric = QA_RUBRIC.map(({ item, weight }) => {
    const raw =
      critical && item === 'Policy accuracy' ? 0 : centre + rng.between(-noise, noise * 0.8);
    return { item, weight, score: Math.max(0, Math.min(100, Math.round(raw))) };
  });
  const score = Math.round(rubric.reduce((sum, r) => sum + r.weight * r.score, 0) / 10) / 10;
  return { rubric, score };
}

export function buildHistory(options: HistoryOptions): HistoryRows {
  const { seed, period } = options;
  const end = period.end.getTime();
  const rows: HistoryRows = {
    cases: [],
    subjects: [],
    assignments: [],
    events: [],
    csat: [],
    qa: [],
    dailyIntake: [],
    allocations: [],
    capacities: [],
    monthlyVolume: new Map(),
  };
  const hoursBySlug = new Map(VENDORS.map((v) => [v.slug, openingHours(v, period)]));
  const intake = new Map<string, number>();
  const allocation = new Map<string, number>();
  const openIntervals = new Map<string, [number, number][]>();
  const offered = new Map<string, number>();

  const list = arrivals(Rng.for(seed, 'arrivals'), options);
  const usersPerRegion = Math.max(50, Math.round((list.length / REGIONS.length) * 0.8));

  list.forEach(({ at: arrival, region }, index) => {
    const rng = Rng.for(seed, `case:${index}`);
    const regionDef = REGIONS.find((r) => r.code === region);
    if (regionDef === undefined) throw new Error(`unknown region ${region}`);
    const scope = rng.weighted(SCOPES.map((s) => [s, s.intakeShare] as const)) as ScopeDef;
    const language = rng.weighted(regionDef.languages);
    const channel = rng.weighted(scope.channels);
    const priority = rng.weighted(scope.priorities);
    const attrs: CaseAttrs = {
      region,
      scope: scope.code,
      channel,
      language,
      priority,
      tier: scope.sensitivity === 'RESTRICTED' ? 'T2' : 'T1',
    };
    const t0 = roundSecond(arrival);
    const day = new Date(t0).toISOString().slice(0, 10).replaceAll('-', '');
    const externalRef = `${CHANNEL_PREFIX[channel]}-${day}-${String(index + 1).padStart(5, '0')}`;
    const source = SOURCE_BY_CHANNEL[channel];
    const caseId = demoId(`case:${seed}:${externalRef}`);

    const events: PendingEvent[] = [];
    const assignments: PendingAssignment[] = [];
    let last = t0;
    /** Keeps the timeline strictly increasing, whole seconds. */
    const after = (candidate: number) => {
      last = Math.max(roundSecond(candidate), last + SECOND);
      return last;
    };
    const push = (e: Omit<PendingEvent, 'at'>, at: number) => events.push({ ...e, at });
    // One agent works the case at each vendor.
    const agents = new Map<string, string>();
    const agentOf = (slug: string) => {
      let agent = agents.get(slug);
      if (agent === undefined) {
        agent =
          vendorOf(slug).kind === 'IN_HOUSE'
            ? `${slug}:specialist-${rng.int(1, 25)}`
            : `${slug}:agent-${rng.int(1, 60)}`;
        agents.set(slug, agent);
      }
      return agent;
    };
    const actorKindOf = (slug: string) =>
      vendorOf(slug).kind === 'IN_HOUSE' ? 'INTERNAL' : 'VENDOR';

    push(
      {
        type: 'CREATED',
        from: null,
        to: 'NEW',
        actorKind: 'INTAKE',
        actorId: source,
        vendor: null,
        data: { source, externalRef, channel },
      },
      t0,
    );

    const offer = (route: RouteChoice, at: number, from: CaseStatus) => {
      const attempt = assignments.length + 1;
      const routedAt = after(at);
      push(
        {
          type: 'ROUTED',
          from,
          to: 'ROUTED',
          actorKind: 'SYSTEM',
          actorId: 'router',
          vendor: route.vendorSlug,
          data: {
            attempt,
            rulesetVersion: PUBLISHED_VERSION,
            ruleId: ruleId(PUBLISHED_VERSION, route.rule.key),
            vendorId: vendorId(route.vendorSlug),
            selection: route.selection,
          },
        },
        routedAt,
      );
      const offeredAt = after(routedAt + rng.int(1, 3) * SECOND);
      push(
        {
          type: 'OFFERED',
          from: 'ROUTED',
          to: 'OFFERED',
          actorKind: 'SYSTEM',
          actorId: 'dispatcher',
          vendor: route.vendorSlug,
          data: { attempt, leaseSeconds: 900 },
        },
        offeredAt,
      );
      const a: PendingAssignment = {
        attempt,
        vendor: route.vendorSlug,
        route,
        offeredAt,
        acceptedAt: null,
        rejectedAt: null,
        endedAt: null,
        endStatus: null,
        endReason: null,
      };
      assignments.push(a);
      if (route.selection === 'WEIGHTED') {
        const key = `${ruleId(PUBLISHED_VERSION, route.rule.key)}|${vendorId(route.vendorSlug)}`;
        allocation.set(key, (allocation.get(key) ?? 0) + 1);
      }
      return a;
    };
    const accept = (a: PendingAssignment) => {
      const q = vendorOf(a.vendor).quality;
      a.acceptedAt = after(
        a.offeredAt + rng.between(q.acceptMinutes[0], q.acceptMinutes[1]) * MINUTE,
      );
      push(
        {
          type: 'ACCEPTED',
          from: 'OFFERED',
          to: 'ACCEPTED',
          actorKind: actorKindOf(a.vendor),
          actorId: agentOf(a.vendor),
          vendor: a.vendor,
          data: { attempt: a.attempt },
        },
        a.acceptedAt,
      );
    };
    const route = (excluded: Set<string>, tier = attrs.tier) => {
      const choice = routeDemoCase({ ...attrs, tier }, excluded, rng);
      if (choice === null)
        throw new Error(`demo rules leave ${region}/${scope.code}/${language} unrouted`);
      return choice;
    };

    // Routing, with an occasional rejection that sends the case to another eligible vendor.
    const excluded = new Set<string>();
    let current = offer(route(excluded), t0 + rng.int(1, 4) * SECOND, 'NEW');
    const firstVendor = vendorOf(current.vendor);
    if (firstVendor.kind === 'BPO' && rng.chance(firstVendor.quality.rejectRate)) {
      current.rejectedAt = after(current.offeredAt + rng.between(2, 14) * MINUTE);
      current.endedAt = current.rejectedAt;
      current.endStatus = 'REJECTED';
      current.endReason = rng.pick(REJECT_REASONS);
      push(
        {
          type: 'REJECTED',
          from: 'OFFERED',
          to: 'REJECTED',
          actorKind: 'VENDOR',
          actorId: agentOf(current.vendor),
          vendor: current.vendor,
          data: { attempt: current.attempt, reason: current.endReason },
        },
        current.rejectedAt,
      );
      excluded.add(current.vendor);
      current = offer(route(excluded), current.rejectedAt + 2 * SECOND, 'REJECTED');
    }
    accept(current);

    // SLA clocks run from intake on the first accepting vendor's contract.
    const owner = vendorOf(current.vendor);
    const ownerHours = hoursBySlug.get(owner.slug) as OpeningHours;
    const target = slaTargetFor(
      owner.kind === 'IN_HOUSE' ? IN_HOUSE_SLA_GRID : SLA_GRID,
      scope.code,
      priority,
    );
    const addClock = (from: number, minutes: number) =>
      roundSecond(
        target.businessHoursOnly
          ? addBusinessMinutes(from, minutes, ownerHours)
          : from + minutes * MINUTE,
      );
    const firstResponseDueAt = addClock(t0, target.firstResponseMinutes);
    const resolutionBaseDueAt = addClock(t0, target.resolutionMinutes);
    const q = owner.quality;
    const acceptedAt = current.acceptedAt as number;

    let firstResponseAt: number;
    if (rng.chance(q.firstResponseMet)) {
      firstResponseAt = addClock(acceptedAt, target.firstResponseMinutes * rng.between(0.05, 0.8));
    } else {
      firstResponseAt =
        Math.max(firstResponseDueAt, acceptedAt) +
        target.firstResponseMinutes * rng.between(0.1, 1.2) * MINUTE +
        MINUTE;
    }
    firstResponseAt = after(firstResponseAt);
    push(
      {
        type: 'RESPONDED',
        from: 'ACCEPTED',
        to: 'IN_PROGRESS',
        actorKind: actorKindOf(owner.slug),
        actorId: agentOf(owner.slug),
        vendor: owner.slug,
        data: { first: true },
      },
      firstResponseAt,
    );
    if (firstResponseAt > firstResponseDueAt) {
      push(
        {
          type: 'SLA_BREACHED',
          from: null,
          to: null,
          actorKind: 'SYSTEM',
          actorId: 'sla-monitor',
          vendor: owner.slug,
          data: { clock: 'FIRST_RESPONSE', dueAt: new Date(firstResponseDueAt).toISOString() },
        },
        firstResponseDueAt,
      );
    }
    let workFrom = firstResponseAt;

    let pausedMs = 0;
    let pendingAt: number | null = null;
    let resumedAt: number | null = null;
    if (rng.chance(q.pendingRate)) {
      pendingAt = after(firstResponseAt + rng.between(2, 90) * MINUTE);
      push(
        {
          type: 'PENDING_USER',
          from: 'IN_PROGRESS',
          to: 'PENDING_USER',
          actorKind: actorKindOf(owner.slug),
          actorId: agentOf(owner.slug),
          vendor: owner.slug,
          data: { reason: rng.pick(PENDING_REASONS) },
        },
        pendingAt,
      );
      // A few users take weeks to answer: the aged backlog at the end of the quarter.
      const waitHours = rng.chance(0.04) ? rng.between(7 * 24, 40 * 24) : rng.between(1, 48);
      resumedAt = after(pendingAt + waitHours * HOUR);
      pausedMs = resumedAt - pendingAt;
      push(
        {
          type: 'RESUMED',
          from: 'PENDING_USER',
          to: 'IN_PROGRESS',
          actorKind: 'INTAKE',
          actorId: source,
          vendor: owner.slug,
          data: { pausedSeconds: pausedMs / SECOND },
        },
        resumedAt,
      );
      workFrom = resumedAt;
    }
    const resolutionDueAt = resolutionBaseDueAt + pausedMs;

    let escalatedAt: number | null = null;
    let resolver = owner;
    if (owner.kind === 'BPO' && rng.chance(q.escalationRate)) {
      escalatedAt = after(workFrom + rng.between(10, 480) * MINUTE);
      current.endedAt = escalatedAt;
      current.endStatus = 'ESCALATED';
      current.endReason = rng.pick(ESCALATION_REASONS);
      push(
        {
          type: 'ESCALATED',
          from: 'IN_PROGRESS',
          to: 'ESCALATED',
          actorKind: 'VENDOR',
          actorId: agentOf(owner.slug),
          vendor: owner.slug,
          data: { reason: current.endReason, toTier: 'T2' },
        },
        escalatedAt,
      );
      current = offer(route(new Set(), 'T2'), escalatedAt + 3 * SECOND, 'ESCALATED');
      accept(current);
      resolver = vendorOf(current.vendor);
      workFrom = after((current.acceptedAt as number) + rng.between(10, 60) * MINUTE);
      push(
        {
          type: 'RESPONDED',
          from: 'ACCEPTED',
          to: 'IN_PROGRESS',
          actorKind: actorKindOf(resolver.slug),
          actorId: agentOf(resolver.slug),
          vendor: resolver.slug,
          data: { first: false },
        },
        workFrom,
      );
    }

    const rq = resolver.quality;
    let resolvedAt: number;
    if (rng.chance(rq.resolutionMet) && resolutionDueAt > workFrom + 20 * MINUTE) {
      resolvedAt = workFrom + (resolutionDueAt - workFrom) * rng.between(0.05, 0.7);
    } else {
      resolvedAt =
        Math.max(resolutionDueAt, workFrom) +
        (resolutionDueAt - t0) * rng.between(0.05, 0.5) +
        10 * MINUTE;
    }
    resolvedAt = after(resolvedAt);
    const reopened = rng.chance(rq.reopenRate);
    const fcrDraw = rng.chance(Math.min(0.98, rq.firstContactResolution / (1 - rq.pendingRate)));
    // Known when the case is resolved; a later reopen takes it back.
    const firstContactResolution = fcrDraw && pendingAt === null && escalatedAt === null;
    const resolutionCode = rng.pick(scope.resolutionCodes);
    const handleSeconds = Math.round(
      rng.between(0.5, 1.6) *
        (resolver.slug === 'pacific-bridge' ? 1050 : 780) *
        (pendingAt === null ? 1 : 1.3),
    );
    const resolve = (at: number, fcr: boolean) =>
      push(
        {
          type: 'RESOLVED',
          from: 'IN_PROGRESS',
          to: 'RESOLVED',
          actorKind: actorKindOf(resolver.slug),
          actorId: agentOf(resolver.slug),
          vendor: resolver.slug,
          data: { resolutionCode, firstContactResolution: fcr, handleSeconds },
        },
        at,
      );
    resolve(resolvedAt, firstContactResolution);
    if (resolvedAt > resolutionDueAt) {
      push(
        {
          type: 'SLA_BREACHED',
          from: null,
          to: null,
          actorKind: 'SYSTEM',
          actorId: 'sla-monitor',
          vendor: resolver.slug,
          data: { clock: 'RESOLUTION', dueAt: new Date(resolutionDueAt).toISOString() },
        },
        resolutionDueAt,
      );
    }
    let finalResolvedAt = resolvedAt;
    if (reopened) {
      const reopenedAt = after(resolvedAt + rng.between(4, 60) * HOUR);
      push(
        {
          type: 'REOPENED',
          from: 'RESOLVED',
          to: 'REOPENED',
          actorKind: 'INTAKE',
          actorId: source,
          vendor: resolver.slug,
          data: { reason: 'User replied that the issue is not solved' },
        },
        reopenedAt,
      );
      const respondedAgain = after(reopenedAt + rng.between(20, 360) * MINUTE);
      push(
        {
          type: 'RESPONDED',
          from: 'REOPENED',
          to: 'IN_PROGRESS',
          actorKind: actorKindOf(resolver.slug),
          actorId: agentOf(resolver.slug),
          vendor: resolver.slug,
          data: { first: false },
        },
        respondedAgain,
      );
      finalResolvedAt = after(respondedAgain + rng.between(1, 36) * HOUR);
      resolve(finalResolvedAt, false);
    }
    const closedAt = after(finalResolvedAt + 72 * HOUR);
    push(
      {
        type: 'CLOSED',
        from: 'RESOLVED',
        to: 'CLOSED',
        actorKind: 'SYSTEM',
        actorId: 'auto-close',
        vendor: resolver.slug,
        data: { after: 'P3D' },
      },
      closedAt,
    );
    current.endedAt = closedAt;
    current.endStatus = 'COMPLETED';
    current.endReason = 'CLOSED';

    // Feedback and quality reviews (drawn for every case so the stream does not depend on `end`).
    const csatDraw = rng.chance(0.35);
    const csatAt = roundSecond(resolvedAt + rng.between(0.5, 48) * HOUR);
    const breached = resolvedAt > resolutionDueAt || firstResponseAt > firstResponseDueAt;
    const csatWeights = resolver.quality.csat.map((w, i) =>
      breached ? w * [2.2, 1.8, 1.2, 0.8, 0.6][i]! : w,
    );
    const csatScore = rng.weighted(csatWeights.map((w, i) => [i + 1, w] as const));
    const csatComment = rng.chance(0.3) ? rng.pick(CSAT_COMMENTS[csatScore] ?? ['']) : null;
    const qaDraw = rng.chance(0.08);
    const internalDraw = rng.chance(0.25);
    const qaAt = roundSecond(resolvedAt + rng.between(1, 5) * DAY);
    const internalAt = roundSecond(resolvedAt + rng.between(3, 10) * DAY);
    const critical = rng.chance(resolver.slug === 'pacific-bridge' ? 0.06 : 0.025);
    const vendorQa = rubricScores(rng, resolver.quality.qaCentre, 12, critical);
    // Internal auditors are stricter, and now and then far apart — what calibration is for.
    const gap = rng.chance(0.2) ? rng.between(10, 18) : rng.between(-2, 6);
    const internalQa = rubricScores(rng, vendorQa.score - gap, 6, critical);
    const qaEvaluator = `${resolver.slug}:qa-${rng.int(1, 3)}`;
    const internalEvaluator = `internal:qa-auditor-${rng.int(1, 3)}`;
    const userNo = rng.int(1, usersPerRegion);
    const phoneDigits = String(rng.int(10_000_000, 99_999_999));
    const withPhone = rng.chance(0.4);
    const withAttachment = rng.chance(0.15);
    const description = rng.pick(scope.descriptions);
    const minorDetail =
      scope.sensitivity === 'RESTRICTED'
        ? {
            reportedBy: rng.pick(['in-app report', 'trusted flagger', 'parent or guardian']),
            minorAgeBand: rng.pick(['under 13', '13-15', '16-17']),
            contentType: rng.pick(['direct message', 'video', 'live stream', 'comment']),
            imminentRisk: rng.chance(0.15),
          }
        : null;

    // Cut the timeline at the end of the period.
    events.sort((a, b) => a.at - b.at);
    const happened = events.filter((e) => e.at < end);
    const seen = (type: PendingEvent['type']) => happened.some((e) => e.type === type);
    let status: CaseStatus = 'NEW';
    for (const e of happened) if (e.to !== null) status = e.to;
    const lastAt = happened[happened.length - 1]?.at ?? t0;
    const visible = assignments.filter((a) => a.offeredAt < end);
    const holder = visible[visible.length - 1];
    const isDone = status === 'RESOLVED' || status === 'CLOSED';
    const resolvedEvents = happened.filter((e) => e.type === 'RESOLVED');
    const lastResolved = resolvedEvents[resolvedEvents.length - 1];
    const resumedSeen = resumedAt !== null && resumedAt < end;

    happened.forEach((e, i) => {
      rows.events.push({
        caseId,
        vendorId: e.vendor === null ? null : vendorId(e.vendor),
        type: e.type,
        fromStatus: e.from,
        toStatus: e.to,
        version: i + 1,
        actorKind: e.actorKind,
        actorId: e.actorId,
        data: e.data,
        occurredAt: new Date(e.at),
      });
    });

    rows.cases.push({
      id: caseId,
      source,
      externalRef,
      regionCode: region,
      scopeCode: scope.code,
      channel,
      language,
      priority,
      tier: escalatedAt !== null && escalatedAt < end ? 'T2' : attrs.tier === 'T2' ? 'T2' : 'T1',
      status,
      subjectRef: `usr_${createHash('sha1').update(`${seed}:${region}:${userNo}`).digest('hex').slice(0, 20)}`,
      vendorId: holder === undefined ? null : vendorId(holder.vendor),
      version: happened.length,
      routingAttempts: visible.length,
      firstResponseDueAt: new Date(firstResponseDueAt),
      resolutionDueAt: new Date(resumedSeen ? resolutionDueAt : resolutionBaseDueAt),
      firstResponseAt: firstResponseAt < end ? new Date(firstResponseAt) : null,
      resolvedAt: isDone && lastResolved !== undefined ? new Date(lastResolved.at) : null,
      closedAt: status === 'CLOSED' ? new Date(closedAt) : null,
      slaPausedAt: status === 'PENDING_USER' && pendingAt !== null ? new Date(pendingAt) : null,
      slaPausedSeconds: resumedSeen ? pausedMs / SECOND : 0,
      firstContactResolution: isDone ? firstContactResolution && !seen('REOPENED') : null,
      resolutionCode: isDone ? resolutionCode : null,
      createdAt: new Date(t0),
      updatedAt: new Date(lastAt),
    });

    const regionIndex = REGIONS.indexOf(regionDef);
    const firstNames = FIRST_NAMES[region] ?? ['Alex'];
    const lastNames = LAST_NAMES[region] ?? ['Doe'];
    const userId = (regionIndex + 1) * 100_000 + userNo;
    rows.subjects.push({
      caseId,
      vendorId: holder === undefined ? null : vendorId(holder.vendor),
      displayName: `${firstNames[(userNo * 7) % firstNames.length]} ${lastNames[(userNo * 13) % lastNames.length]}`,
      email: `user${userId}@example.test`,
      phone: withPhone ? `+${regionDef.code === 'US' ? '1' : '00'} 555 ${phoneDigits}` : null,
      description,
      minorSafetyDetail: minorDetail ?? undefined,
      attachments: withAttachment
        ? [{ name: 'screenshot-1.png', contentType: 'image/png', sizeBytes: 180_000 + userNo }]
        : [],
    });

    for (const a of visible) {
      const accepted = a.acceptedAt !== null && a.acceptedAt < end ? a.acceptedAt : null;
      const ended = a.endedAt !== null && a.endedAt < end ? a.endedAt : null;
      const status =
        ended !== null ? (a.endStatus ?? 'COMPLETED') : accepted !== null ? 'ACCEPTED' : 'OFFERED';
      rows.assignments.push({
        id: demoId(`assignment:${caseId}:${a.attempt}`),
        caseId,
        vendorId: vendorId(a.vendor),
        attempt: a.attempt,
        rulesetId: rulesetId(PUBLISHED_VERSION),
        rulesetVersion: PUBLISHED_VERSION,
        ruleId: ruleId(PUBLISHED_VERSION, a.route.rule.key),
        residencyCheck: a.route.residencyCheck,
        explanation: a.route.explanation,
        status,
        offeredAt: new Date(a.offeredAt),
        leaseExpiresAt: status === 'OFFERED' ? new Date(a.offeredAt + 15 * MINUTE) : null,
        acceptedAt: accepted === null ? null : new Date(accepted),
        rejectedAt: a.rejectedAt !== null && a.rejectedAt < end ? new Date(a.rejectedAt) : null,
        endedAt: ended === null ? null : new Date(ended),
        endReason: ended === null ? null : a.endReason,
      });
      if (a.endStatus === 'REJECTED') continue;
      const v = vendorOf(a.vendor);
      const intakeKey = `${a.vendor}|${scope.code}|${localDate(v.timeZone, a.offeredAt)}`;
      intake.set(intakeKey, (intake.get(intakeKey) ?? 0) + 1);
      offered.set(a.vendor, (offered.get(a.vendor) ?? 0) + 1);
      const intervals = openIntervals.get(`${a.vendor}|${scope.code}`) ?? [];
      intervals.push([a.offeredAt, Math.min(a.endedAt ?? end, end)]);
      openIntervals.set(`${a.vendor}|${scope.code}`, intervals);
    }

    if (seen('RESOLVED')) {
      const resolverId = vendorId(resolver.slug);
      if (csatDraw && csatAt < end) {
        rows.csat.push({
          id: demoId(`csat:${caseId}`),
          caseId,
          vendorId: resolverId,
          score: csatScore,
          comment: csatComment,
          respondedAt: new Date(csatAt),
          createdAt: new Date(csatAt),
        });
      }
      if (qaDraw && qaAt < end) {
        rows.qa.push({
          id: demoId(`qa:${caseId}:vendor`),
          caseId,
          vendorId: resolverId,
          evaluatorKind: 'VENDOR',
          evaluatorId: qaEvaluator,
          rubric: vendorQa.rubric,
          score: vendorQa.score,
          criticalError: critical,
          blind: false,
          evaluatedAt: new Date(qaAt),
          createdAt: new Date(qaAt),
        });
        if (internalDraw && internalAt < end) {
          rows.qa.push({
            id: demoId(`qa:${caseId}:internal`),
            caseId,
            vendorId: resolverId,
            evaluatorKind: 'INTERNAL',
            evaluatorId: internalEvaluator,
            rubric: internalQa.rubric,
            score: internalQa.score,
            criticalError: critical,
            blind: true,
            evaluatedAt: new Date(internalAt),
            createdAt: new Date(internalAt),
          });
        }
      }
    }
  });

  for (const [key, count] of [...intake].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [slug, scopeCode, day] = key.split('|') as [string, string, string];
    rows.dailyIntake.push({
      vendorId: vendorId(slug),
      scopeCode,
      day: new Date(`${day}T00:00:00Z`),
      count,
    });
  }
  for (const [key, assigned] of [...allocation].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [rid, vid] = key.split('|') as [string, string];
    rows.allocations.push({ ruleId: rid, vendorId: vid, assigned: BigInt(assigned) });
  }
  // Capacity is contracted with headroom over what the quarter actually needed.
  for (const vendor of VENDORS) {
    for (const scopeCode of vendor.scopes) {
      let busiestDay = 0;
      for (const [key, count] of intake)
        if (key.startsWith(`${vendor.slug}|${scopeCode}|`))
          busiestDay = Math.max(busiestDay, count);
      rows.capacities.push({
        id: demoId(`capacity:${vendor.slug}:${scopeCode}`),
        vendorId: vendorId(vendor.slug),
        scopeCode,
        dailyIntakeCap: Math.max(10, Math.ceil((busiestDay * 1.3) / 5) * 5),
        openCaseCeiling: Math.max(
          20,
          Math.ceil((maxOpen(openIntervals.get(`${vendor.slug}|${scopeCode}`) ?? []) * 1.25) / 10) *
            10,
        ),
        updatedAt: period.start,
      });
    }
  }
  const months = (end - period.start.getTime()) / (DAY * 30.44);
  for (const [slug, count] of offered) rows.monthlyVolume.set(slug, Math.round(count / months));
  return rows;
}

/** The most intervals open at one instant. */
function maxOpen(intervals: readonly [number, number][]): number {
  const points: [number, number][] = [];
  for (const [from, to] of intervals) points.push([from, 1], [to, -1]);
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, delta] of points) {
    open += delta;
    most = Math.max(most, open);
  }
  return most;
}
