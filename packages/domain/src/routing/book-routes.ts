// Decides and books the routes of a batch of cases (one case is a batch of one) with two
// statements however many cases there are: one locks the shared counters the decisions read
// (split counters, then daily intake rows, each in key order, so concurrent batches queue
// rather than deadlock), the pure engine decides every case in order from the locked values,
// and one statement writes every outcome (counters, assignments, cases, events, SLA due
// times, outbox messages, audit records, alerts). The caller commits right after, so the
// counters are held for one engine run and one write.
import type { TenantTx } from '@bvg/db';
import {
  type CaseAttributes,
  type CounterRef,
  type Decision,
  decideBatch,
  intakeKey,
  type Ruleset,
  splitKey,
} from '@bvg/routing';
import { type Actor, actorVendorId } from '../shared/actor.ts';
import {
  defaultRoutingStateCache,
  type RoutingState,
  type RoutingStateCache,
} from './routing-state.ts';

/** What the engine runs with when nothing has been published yet: every case is unrouted. */
const NO_RULESET: Ruleset = { id: 'none', version: 0, rules: [] };

// The in-house default for restricted scopes is not a stored rule and has no uuid.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rounds of "lock what the decisions read, decide again" before giving up (never seen > 2). */
const MAX_LOCK_ROUNDS = 8;

export interface DueTimes {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
}

/** The case's SLA due times if `vendorId` takes it; null when its contract sets none. */
export type DueTimesFor = (
  vendorId: string,
  caseAttrs: CaseAttributes,
  state: RoutingState,
  now: Date,
) => DueTimes | null;

export interface RouteItem {
  caseId: string;
  /** The case as the caller holds it (locked, or created in this transaction). */
  current: {
    caseAttrs: CaseAttributes;
    status: string;
    version: number;
    routingAttempts: number;
  };
  actor: Actor;
  requestId: string | null;
  assignmentId: string;
  leaseExpiresAt: Date;
  excludeVendorIds?: readonly string[];
  /** Also writes this audit record; `details.outcome` is set to the case's new status. */
  audit?: { action: string; details: Record<string, unknown> };
}

export interface BookRoutesInput {
  state: RoutingState;
  now: Date;
  items: readonly RouteItem[];
  /** Sets each assigned case's SLA due times (null: no contract target). Absent leaves them. */
  dueTimes?: DueTimesFor;
  /** Also writes each offer's `case.assigned` outbox message. */
  announce: boolean;
  /** The cache the state came from: it counts these offers as open cases. */
  cache?: RoutingStateCache;
}

export interface BookRouteResult {
  decision: Decision;
  status: 'OFFERED' | 'UNROUTED';
  caseVersion: number;
  assignmentId: string | null;
}

export async function bookRoutes(tx: TenantTx, input: BookRoutesInput): Promise<BookRouteResult[]> {
  const { state, now } = input;
  if (input.items.length === 0) return [];
  const splits = new Map<string, number>();
  const intake = new Map<string, number>();
  for (let round = 0; round < MAX_LOCK_ROUNDS; round++) {
    const batch = decideBatch({
      ruleset: state.published?.ruleset ?? NO_RULESET,
      vendors: state.vendors,
      regions: state.regions,
      scopes: state.scopes,
      now,
      cases: input.items.map((item) => ({
        caseAttrs: item.current.caseAttrs,
        ...(item.excludeVendorIds ? { excludeVendorIds: item.excludeVendorIds } : {}),
      })),
      splits,
      intake,
    });
    if (batch.missing.splits.length > 0 || batch.missing.intake.length > 0) {
      await lockCounters(tx, batch.missing, state, now, splits, intake);
      continue;
    }
    await writeOutcomes(tx, input, batch.decisions, batch.increments);
    const cache = input.cache ?? defaultRoutingStateCache;
    for (const k of batch.increments.intake) cache.addOpenCases(k.vendorId, k.scope, k.n);
    return batch.decisions.map((decision, i) => {
      const item = input.items[i]!;
      const assigned = decision.outcome === 'ASSIGNED';
      return {
        decision,
        status: assigned ? 'OFFERED' : 'UNROUTED',
        caseVersion: item.current.version + 1,
        assignmentId: assigned ? item.assignmentId : null,
      };
    });
  }
  throw new Error('routing: the counters a batch reads kept changing; gave up locking them');
}

/**
 * Locks (creating when missing) the counter rows and reads their committed values. `ON
 * CONFLICT DO UPDATE` waits for a concurrent holder, then returns what it committed.
 */
async function lockCounters(
  tx: TenantTx,
  missing: CounterRef,
  state: RoutingState,
  now: Date,
  splits: Map<string, number>,
  intake: Map<string, number>,
): Promise<void> {
  const splitRows = [...missing.splits]
    .sort((x, y) => cmp(x.ruleId, y.ruleId) || cmp(x.vendorId, y.vendorId))
    .map((k, n) => ({ ...k, n }));
  const intakeRows = [...missing.intake]
    .sort((x, y) => cmp(x.vendorId, y.vendorId) || cmp(x.scope, y.scope))
    .map((k, n) => ({ ...k, n, tz: state.vendorTimeZones.get(k.vendorId) ?? 'UTC' }));
  const rows = await tx.$queryRaw<{ kind: string; a: string; b: string; n: number }[]>`
    WITH split AS (
      INSERT INTO "RoutingAllocation" ("ruleId", "vendorId", assigned)
      SELECT r."ruleId", r."vendorId", 0
        FROM jsonb_to_recordset(${JSON.stringify(splitRows)}::jsonb)
             AS r("ruleId" uuid, "vendorId" uuid, n int)
       ORDER BY r.n
      ON CONFLICT ("ruleId", "vendorId") DO UPDATE SET assigned = "RoutingAllocation".assigned
      RETURNING 'split' AS kind, "ruleId"::text AS a, "vendorId"::text AS b, assigned::int AS n
    ), intake AS (
      INSERT INTO "VendorDailyIntake" ("vendorId", "scopeCode", day, count)
      SELECT r."vendorId", r.scope, (${now}::timestamptz AT TIME ZONE r.tz)::date, 0
        FROM jsonb_to_recordset(${JSON.stringify(intakeRows)}::jsonb)
             AS r("vendorId" uuid, scope text, tz text, n int)
       -- After the split counters: every batch locks them first.
       WHERE (SELECT count(*) FROM split) >= 0
       ORDER BY r.n
      ON CONFLICT ("vendorId", "scopeCode", day) DO UPDATE SET count = "VendorDailyIntake".count
      RETURNING 'intake' AS kind, "vendorId"::text AS a, "scopeCode" AS b, count AS n
    )
    SELECT * FROM split UNION ALL SELECT * FROM intake`;
  for (const row of rows) {
    if (row.kind === 'split') splits.set(splitKey(row.a, row.b), Number(row.n));
    else intake.set(intakeKey(row.a, row.b), Number(row.n));
  }
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** One statement: every counter increment and every outcome of the batch. */
async function writeOutcomes(
  tx: TenantTx,
  input: BookRoutesInput,
  decisions: Decision[],
  increments: ReturnType<typeof decideBatch>['increments'],
): Promise<void> {
  const { state, now } = input;
  const rulesetId = state.published?.id ?? null;
  const assigned: Record<string, unknown>[] = [];
  const unrouted: Record<string, unknown>[] = [];
  decisions.forEach((decision, n) => {
    const item = input.items[n]!;
    const { current, actor } = item;
    const version = current.version + 1;
    const common = {
      n,
      case_id: item.caseId,
      version,
      attempt: current.routingAttempts + 1,
      from_status: current.status,
      actor_kind: actor.kind,
      actor_id: actor.id,
      actor_vendor: actorVendorId(actor),
      request_id: item.requestId,
      audit_action: item.audit?.action ?? null,
    };
    if (decision.outcome !== 'ASSIGNED') {
      unrouted.push({
        ...common,
        summary: decision.explanation.summary,
        data: {
          reason: decision.reason,
          rulesetVersion: decision.rulesetVersion,
          summary: decision.explanation.summary,
        },
        audit: item.audit ? { ...item.audit.details, outcome: 'UNROUTED' } : null,
      });
      return;
    }
    const due = input.dueTimes?.(decision.vendorId, current.caseAttrs, state, now) ?? null;
    assigned.push({
      ...common,
      vendor_id: decision.vendorId,
      assignment_id: item.assignmentId,
      ruleset_id: rulesetId,
      ruleset_version: rulesetId === null ? null : decision.rulesetVersion,
      rule_id: UUID.test(decision.ruleId) ? decision.ruleId : null,
      residency: decision.residencyCheck,
      explanation: decision.explanation,
      routed: {
        assignmentId: item.assignmentId,
        rulesetVersion: decision.rulesetVersion,
        ruleId: decision.ruleId,
        selection: decision.selection,
        residency: decision.residencyCheck.requirement,
      },
      lease: item.leaseExpiresAt.toISOString(),
      first_due: due?.firstResponseDueAt.toISOString() ?? null,
      resolution_due: due?.resolutionDueAt.toISOString() ?? null,
      offer: {
        caseId: item.caseId,
        version,
        offerExpiresAt: item.leaseExpiresAt.toISOString(),
        vendorId: decision.vendorId,
      },
      audit: item.audit ? { ...item.audit.details, outcome: 'OFFERED' } : null,
    });
  });
  const intakeRows = increments.intake.map((k) => ({
    ...k,
    tz: state.vendorTimeZones.get(k.vendorId) ?? 'UTC',
  }));
  const setDue = input.dueTimes !== undefined;
  await tx.$executeRaw`
    WITH a AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(assigned)}::jsonb) AS x(
        n int, case_id uuid, version int, attempt int, from_status text, actor_kind text,
        actor_id text, actor_vendor uuid, request_id text, audit_action text, audit jsonb,
        vendor_id uuid, assignment_id uuid, ruleset_id uuid, ruleset_version int, rule_id uuid,
        residency jsonb, explanation jsonb, routed jsonb, lease timestamptz,
        first_due timestamptz, resolution_due timestamptz, offer jsonb)
    ), u AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(unrouted)}::jsonb) AS x(
        n int, case_id uuid, version int, attempt int, from_status text, actor_kind text,
        actor_id text, actor_vendor uuid, request_id text, audit_action text, audit jsonb,
        summary text, data jsonb)
    ), split AS (
      UPDATE "RoutingAllocation" r SET assigned = r.assigned + x.n
        FROM jsonb_to_recordset(${JSON.stringify(increments.splits)}::jsonb)
             AS x("ruleId" uuid, "vendorId" uuid, n int)
       WHERE r."ruleId" = x."ruleId" AND r."vendorId" = x."vendorId"
    ), intake AS (
      UPDATE "VendorDailyIntake" i SET count = i.count + x.n
        FROM jsonb_to_recordset(${JSON.stringify(intakeRows)}::jsonb)
             AS x("vendorId" uuid, scope text, tz text, n int)
       WHERE i."vendorId" = x."vendorId" AND i."scopeCode" = x.scope
         AND i.day = (${now}::timestamptz AT TIME ZONE x.tz)::date
    ), assignment AS (
      INSERT INTO "Assignment" (id, "caseId", "vendorId", attempt, "rulesetId", "rulesetVersion",
                                "ruleId", "residencyCheck", explanation, status, "offeredAt", "leaseExpiresAt")
      SELECT assignment_id, case_id, vendor_id, attempt, ruleset_id, ruleset_version, rule_id,
             residency, explanation, 'OFFERED', ${now}::timestamptz, lease
        FROM a ORDER BY n
    ), offered AS (
      UPDATE "Case" c SET status = 'OFFERED', "vendorId" = a.vendor_id, "routingAttempts" = a.attempt,
                          version = a.version, "updatedAt" = ${now}::timestamptz,
                          "firstResponseDueAt" = CASE WHEN ${setDue} THEN a.first_due ELSE c."firstResponseDueAt" END,
                          "resolutionDueAt" = CASE WHEN ${setDue} THEN a.resolution_due ELSE c."resolutionDueAt" END
        FROM a WHERE c.id = a.case_id
    ), unrouted AS (
      UPDATE "Case" c SET status = 'UNROUTED', "vendorId" = NULL, "routingAttempts" = u.attempt,
                          version = u.version, "updatedAt" = ${now}::timestamptz
        FROM u WHERE c.id = u.case_id
    ), subject AS (
      UPDATE "CaseSubject" s SET "vendorId" = o.vendor_id
        FROM (SELECT case_id, vendor_id FROM a UNION ALL SELECT case_id, NULL FROM u) o
       WHERE s."caseId" = o.case_id
    ), events AS (
      INSERT INTO "CaseEvent" ("caseId", "vendorId", type, "fromStatus", "toStatus", version,
                               "actorKind", "actorId", "requestId", data, "occurredAt")
      SELECT e.case_id, e.vendor_id, e.type::"CaseEventType", e.from_status::"CaseStatus",
             e.to_status::"CaseStatus", e.version, e.actor_kind::"ActorKind", e.actor_id,
             e.request_id, e.data, ${now}::timestamptz
        FROM (
          SELECT a.n, k.k, a.case_id, a.vendor_id, k.type, k.from_status, k.to_status, a.version,
                 a.actor_kind, a.actor_id, a.request_id, k.data
            FROM a, LATERAL (VALUES (1, 'ROUTED', a.from_status, 'ROUTED', a.routed),
                                    (2, 'OFFERED', 'ROUTED', 'OFFERED',
                                     jsonb_build_object('assignmentId', a.assignment_id::text)))
                    AS k(k, type, from_status, to_status, data)
          UNION ALL
          SELECT u.n, 1, u.case_id, NULL, 'UNROUTED', u.from_status, 'UNROUTED', u.version,
                 u.actor_kind, u.actor_id, u.request_id, u.data
            FROM u
        ) e
       ORDER BY e.n, e.k
    ), outbox AS (
      INSERT INTO "OutboxMessage" (topic, "vendorId", "caseId", payload)
      SELECT 'webhook.case.assigned', vendor_id, case_id,
             jsonb_build_object('type', 'case.assigned', 'data', offer)
        FROM a WHERE ${input.announce} ORDER BY n
    ), alert AS (
      INSERT INTO "Alert" (kind, "caseId", message, "createdAt")
      SELECT 'UNROUTED_CASE', case_id, summary, ${now}::timestamptz FROM u ORDER BY n
    )
    INSERT INTO "AuditEvent" ("actorKind", "actorId", "vendorId", action, "targetType", "targetId",
                              "requestId", outcome, details)
    SELECT o.actor_kind::"ActorKind", o.actor_id, o.actor_vendor, o.audit_action, 'Case',
           o.case_id::text, o.request_id, 'OK', o.audit
      FROM (SELECT n, actor_kind, actor_id, actor_vendor, audit_action, case_id, request_id, audit FROM a
            UNION ALL
            SELECT n, actor_kind, actor_id, actor_vendor, audit_action, case_id, request_id, audit FROM u) o
     WHERE o.audit IS NOT NULL
     ORDER BY o.n`;
}
