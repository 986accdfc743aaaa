// Rows of the quarter's history, from the simulated cases: each case as it stood at the end of
// the period (its story cut there), its subject, assignments, events (with the SLA sweep's
// breach events where a clock ran out while the case was open), CSAT and QA; the routing
// counters the offers took; and the capacity the quarter needed.
import { CLOCK_RUNNING_STATUSES } from '@bvg/case-status';
import { demoId, type Prisma } from '@bvg/db';
import { VENDORS } from '../catalog.ts';
import { vendorId } from '../reference-data.ts';
import { DAY, MINUTE } from './arrivals.ts';
import type { CaseColumns, CaseStory, StoryEvent } from './case-story.ts';
import type { QuarterResult } from './quarter.ts';

export interface HistoryRows {
  cases: Prisma.CaseCreateManyInput[];
  subjects: Prisma.CaseSubjectCreateManyInput[];
  assignments: Prisma.AssignmentCreateManyInput[];
  events: Prisma.CaseEventCreateManyInput[];
  csat: Prisma.CsatResponseCreateManyInput[];
  qa: Prisma.QaEvaluationCreateManyInput[];
  dailyIntake: Prisma.VendorDailyIntakeCreateManyInput[];
  allocations: Prisma.RoutingAllocationCreateManyInput[];
}

/** Statuses the SLA sweep watches (a paused clock moves on resume instead). */
const CLOCK_RUNNING: ReadonlySet<string> = new Set(CLOCK_RUNNING_STATUSES);
const byKey = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => (a < b ? -1 : 1));
const date = (t: number | null) => (t === null ? null : new Date(t));

export function historyRows(quarter: QuarterResult, end: number): HistoryRows {
  const rows: HistoryRows = {
    cases: [],
    subjects: [],
    assignments: [],
    events: [],
    csat: [],
    qa: [],
    dailyIntake: [],
    allocations: [],
  };
  for (const c of quarter.cases) {
    const { story, arrival } = c;
    const caseId = arrival.caseId;
    const columns = story.columnsAt(end);
    const happened = [...story.events.filter((e) => e.at < end), ...breaches(story, end)].sort(
      (a, b) => a.at - b.at || a.version - b.version,
    );
    for (const e of happened) {
      rows.events.push({
        caseId,
        vendorId: e.vendorId,
        type: e.type,
        fromStatus: e.from,
        toStatus: e.to,
        version: e.version,
        actorKind: e.actor.kind,
        actorId: e.actor.id,
        data: e.data,
        occurredAt: new Date(e.at),
      });
    }
    const { routingRetryAt, claimedAt, ...rest } = columns;
    rows.cases.push({
      id: caseId,
      source: arrival.source,
      externalRef: arrival.externalRef,
      regionCode: arrival.attrs.region,
      scopeCode: arrival.attrs.scope,
      channel: arrival.attrs.channel,
      language: arrival.attrs.language,
      priority: arrival.attrs.priority,
      subjectRef: arrival.subjectRef,
      ...rest,
      routingRetryAt,
      claimedAt,
      createdAt: new Date(arrival.at),
      updatedAt: new Date(happened[happened.length - 1]?.at ?? arrival.at),
    });
    rows.subjects.push({ caseId, vendorId: columns.vendorId, ...arrival.subject });

    for (const a of story.assignments) {
      if (a.offeredAt >= end) continue;
      const accepted = a.acceptedAt !== null && a.acceptedAt < end ? a.acceptedAt : null;
      const ended = a.endedAt !== null && a.endedAt < end ? a.endedAt : null;
      const status =
        ended !== null ? (a.endStatus ?? 'ACCEPTED') : accepted !== null ? 'ACCEPTED' : 'OFFERED';
      rows.assignments.push({
        id: a.id,
        caseId,
        vendorId: a.vendorId,
        attempt: a.attempt,
        rulesetId: a.decision.rulesetId,
        rulesetVersion: a.decision.rulesetVersion,
        ruleId: a.decision.ruleId,
        residencyCheck: a.decision.residencyCheck as unknown as Prisma.InputJsonValue,
        explanation: a.decision.explanation as unknown as Prisma.InputJsonValue,
        status,
        offeredAt: new Date(a.offeredAt),
        leaseExpiresAt: new Date(a.offeredAt + 15 * MINUTE),
        acceptedAt: date(accepted),
        rejectedAt: a.endStatus === 'REJECTED' ? date(ended) : null,
        endedAt: date(ended),
        endReason: ended === null ? null : a.endReason,
      });
    }

    const f = c.feedback;
    if (f === null || columns.resolvedAt === null) continue;
    if (f.csat !== null && f.csat.at < end) {
      rows.csat.push({
        id: demoId(`csat:${caseId}`),
        caseId,
        vendorId: f.resolverId,
        score: f.csat.score,
        comment: f.csat.comment,
        respondedAt: new Date(f.csat.at),
        createdAt: new Date(f.csat.at),
      });
    }
    for (const [kind, qa] of [
      ['VENDOR', f.vendorQa],
      ['INTERNAL', f.internalQa],
    ] as const) {
      if (qa === null || qa.at >= end) continue;
      rows.qa.push({
        id: demoId(`qa:${caseId}:${kind === 'VENDOR' ? 'vendor' : 'internal'}`),
        caseId,
        vendorId: f.resolverId,
        evaluatorKind: kind,
        evaluatorId: qa.evaluatorId,
        rubric: qa.rubric,
        score: qa.score,
        criticalError: qa.criticalError,
        blind: kind === 'INTERNAL',
        evaluatedAt: new Date(qa.at),
        createdAt: new Date(qa.at),
      });
    }
  }
  for (const [, i] of byKey(quarter.intake)) {
    rows.dailyIntake.push({
      vendorId: i.vendorId,
      scopeCode: i.scope,
      day: new Date(`${i.day}T00:00:00Z`),
      count: i.n,
    });
  }
  for (const [, s] of byKey(quarter.splits)) {
    rows.allocations.push({ ruleId: s.ruleId, vendorId: s.vendorId, assigned: BigInt(s.n) });
  }
  return rows;
}

/**
 * The SLA sweep's breach events: a clock whose due time passed while the case sat in a
 * watched status records one SLA_BREACHED at the case's version then (no status change).
 */
function breaches(story: CaseStory, end: number): StoryEvent[] {
  const out: StoryEvent[] = [];
  const seen = new Set<string>();
  const steps = story.steps;
  steps.forEach((step, i) => {
    const from = step.at;
    const until = Math.min(steps[i + 1]?.at ?? end, end);
    const c: CaseColumns = step.columns;
    if (!CLOCK_RUNNING.has(c.status) || c.vendorId === null) return;
    const clocks = [
      ['FIRST_RESPONSE', c.firstResponseAt === null ? c.firstResponseDueAt : null],
      ['RESOLUTION', c.resolutionDueAt],
    ] as const;
    for (const [clock, due] of clocks) {
      if (due === null) continue;
      const at = due.getTime();
      const key = `${clock}@${at}`;
      if (at < from || at >= until || seen.has(key)) continue;
      seen.add(key);
      out.push({
        type: 'SLA_BREACHED',
        from: null,
        to: null,
        version: c.version,
        vendorId: c.vendorId,
        actor: { kind: 'SYSTEM', id: 'sla-sweep' },
        data: { clock, dueAt: due.toISOString() },
        at,
      });
    }
  });
  return out;
}

/** Capacity contracted with headroom over what the quarter needed (from a sizing run). */
export function capacityRows(
  quarter: QuarterResult,
  periodStart: Date,
): Prisma.VendorCapacityCreateManyInput[] {
  const busiest = new Map<string, number>();
  for (const i of quarter.intake.values()) {
    const key = `${i.vendorId}|${i.scope}`;
    busiest.set(key, Math.max(busiest.get(key) ?? 0, i.n));
  }
  return VENDORS.flatMap((vendor) =>
    vendor.scopes.map((scopeCode) => {
      const key = `${vendorId(vendor.slug)}|${scopeCode}`;
      return {
        id: demoId(`capacity:${vendor.slug}:${scopeCode}`),
        vendorId: vendorId(vendor.slug),
        scopeCode,
        dailyIntakeCap: Math.max(10, Math.ceil(((busiest.get(key) ?? 0) * 1.3) / 5) * 5),
        openCaseCeiling: Math.max(
          20,
          Math.ceil(((quarter.peakOpen.get(key) ?? 0) * 1.25) / 10) * 10,
        ),
        updatedAt: periodStart,
      };
    }),
  );
}

/** Cases each vendor kept (offers not declined) per month, on average, by slug. */
export function monthlyVolume(quarter: QuarterResult, period: { start: Date; end: Date }) {
  const months = (period.end.getTime() - period.start.getTime()) / (DAY * 30.44);
  const kept = new Map<string, number>();
  for (const c of quarter.cases) {
    for (const a of c.story.assignments) {
      if (a.endStatus === 'REJECTED' || a.offeredAt >= period.end.getTime()) continue;
      kept.set(a.vendorId, (kept.get(a.vendorId) ?? 0) + 1);
    }
  }
  const out = new Map<string, number>();
  for (const vendor of VENDORS) {
    const n = kept.get(vendorId(vendor.slug));
    if (n !== undefined) out.set(vendor.slug, Math.round(n / months));
  }
  return out;
}
