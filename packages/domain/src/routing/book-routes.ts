// Decides and books the routes of a batch of cases (one case is a batch of one) with two
// statements however many cases there are (a third when a vendor fills up mid-batch): one
// locks the shared counters the decisions read (split counters, then daily intake rows, each
// in key order, so concurrent batches queue rather than deadlock), the pure engine decides
// every case in order from the locked values, and one statement writes every outcome (counters, assignments, cases, events, SLA due
// times, outbox messages, audit records, alerts). The caller commits right after, so the
// counters are held for one engine run and one write. At intake the cases do not exist yet:
// the same statement inserts them already routed (`create`), rather than inserting and then
// updating every row and index of each case.
import { Prisma, type SqlTx } from '@bvg/db';
import {
  type AssignedDecision,
  type CaseAttributes,
  type CounterRef,
  type Decision,
  decideBatch,
  intakeKey,
  type Ruleset,
  splitKey,
} from '@bvg/routing';
import {
  AlertTopic,
  alertNoticesSql,
  dedupeKeyOf,
  unroutedSeverity,
  upsertAlertsSql,
} from '../alerts/index.ts';
import { type Actor, actorVendorId } from '../shared/actor.ts';
import {
  defaultRoutingStateCache,
  type RoutingState,
  type RoutingStateCache,
} from './routing-state.ts';
import { unroutedExclusions, unroutedRetryDelayMs } from './unrouted.ts';

/** What the engine runs with when nothing has been published yet: every case is unrouted. */
const NO_RULESET: Ruleset = { id: 'none', version: 0, rules: [] };

// The in-house default for restricted scopes is not a stored rule and has no uuid.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rounds of "lock what the decisions read, decide again" before giving up (usually two). */
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
  /**
   * Cases to create (by case id) rather than update: each is inserted already routed, with its
   * subject and CREATED event, unless its (source, externalRef) exists by then (a concurrent
   * submission won): then nothing is written for it and its result is null.
   */
  create?: ReadonlyMap<string, NewCase>;
}

/** What intake knows of a case that does not exist yet (the routing attributes are `current`). */
export interface NewCase {
  source: string;
  externalRef: string;
  subjectRef: string;
  subject: {
    displayName: string | null;
    email: string | null;
    phone: string | null;
    description: string | null;
    minorSafetyDetail: unknown;
    attachments: unknown;
  };
  /** The CREATED event's data. */
  event: Record<string, unknown>;
  /** A sandbox tenant's synthetic case (see `generateSandboxCases`); real when absent. */
  sandbox?: boolean;
  /** The user's end-to-end clock from creation (platform targets); none when absent. */
  userDue?: { firstResponseDueAt: Date; resolutionDueAt: Date } | null;
}

export interface BookRouteResult {
  decision: Decision;
  status: 'OFFERED' | 'UNROUTED';
  caseVersion: number;
  assignmentId: string | null;
}

/** The ROUTED event's data for an offer: which assignment, ruleset, rule and check made it. */
export function routedEventData(decision: AssignedDecision, assignmentId: string) {
  return {
    assignmentId,
    rulesetVersion: decision.rulesetVersion,
    ruleId: decision.ruleId,
    selection: decision.selection,
    residency: decision.residencyCheck.requirement,
  };
}

/** One result per item, in order; null only for a `create` case a concurrent submission made. */
export async function bookRoutes(
  tx: SqlTx,
  input: BookRoutesInput,
): Promise<(BookRouteResult | null)[]> {
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
    const written = await writeOutcomes(tx, input, batch.decisions);
    const cache = input.cache ?? defaultRoutingStateCache;
    for (const k of batch.increments.intake) cache.addOpenCases(k.vendorId, k.scope, k.n);
    return batch.decisions.map((decision, i) => {
      const item = input.items[i]!;
      if (!written.has(item.caseId)) return null;
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
 * Books decisions made without the engine (a sandbox tenant's synthetic cases, which routing
 * never sees): the same rows, in the same one statement, as `bookRoutes` writes for its own.
 * Returns the ids of the cases written.
 */
export function bookDecisions(
  tx: SqlTx,
  input: BookRoutesInput,
  decisions: readonly Decision[],
): Promise<Set<string>> {
  if (decisions.length !== input.items.length) {
    throw new Error('bookDecisions: one decision per item');
  }
  return writeOutcomes(tx, input, decisions);
}

/**
 * Books assignments ops chose by hand (`checkManualAssignment` allowed them): no rule and no
 * split counter, but the vendor's daily intake is locked and counted like any offer, and the
 * rows written are the router's (assignment, events, outbox, SLA due times).
 */
export async function bookManualAssignments(
  tx: SqlTx,
  input: BookRoutesInput & { decisions: readonly AssignedDecision[] },
): Promise<BookRouteResult[]> {
  const { state, now } = input;
  if (input.items.length === 0) return [];
  const intake = input.items.map((item, i) => ({
    vendorId: input.decisions[i]!.vendorId,
    scope: item.current.caseAttrs.scope,
  }));
  await lockCounters(tx, { splits: [], intake }, state, now, new Map(), new Map());
  await writeOutcomes(tx, input, [...input.decisions]);
  const cache = input.cache ?? defaultRoutingStateCache;
  for (const k of intake) cache.addOpenCases(k.vendorId, k.scope, 1);
  return input.decisions.map((decision, i) => ({
    decision,
    status: 'OFFERED',
    caseVersion: input.items[i]!.current.version + 1,
    assignmentId: input.items[i]!.assignmentId,
  }));
}

/**
 * Locks (creating when missing) the counter rows and reads their committed values. `ON
 * CONFLICT DO UPDATE` waits for a concurrent holder, then returns what it committed.
 */
async function lockCounters(
  tx: SqlTx,
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
  const rows = await tx.query<{ kind: string; a: string; b: string; n: number }>(Prisma.sql`
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
    SELECT * FROM split UNION ALL SELECT * FROM intake`);
  for (const row of rows) {
    if (row.kind === 'split') splits.set(splitKey(row.a, row.b), Number(row.n));
    else intake.set(intakeKey(row.a, row.b), Number(row.n));
  }
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/**
 * One statement: every outcome of the batch and the counter increments they make (counted from
 * the rows written, so the counters always equal the assignments). Returns the case ids written.
 */
async function writeOutcomes(
  tx: SqlTx,
  input: BookRoutesInput,
  decisions: readonly Decision[],
): Promise<Set<string>> {
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
        retry_at: new Date(now.getTime() + unroutedRetryDelayMs(current.routingAttempts + 1)),
        // The reason travels with the event: which constraint excluded whom, and whom the
        // caller excluded (a later retry excludes them again).
        dedupe_key: dedupeKeyOf('UNROUTED_CASE', item.caseId),
        severity: unroutedSeverity(current.caseAttrs.priority),
        data: {
          reason: decision.reason,
          rulesetVersion: decision.rulesetVersion,
          summary: decision.explanation.summary,
          excludeVendorIds: item.excludeVendorIds ?? [],
          exclusions: unroutedExclusions(decision.explanation, state.vendors),
        },
        audit: item.audit ? { ...item.audit.details, outcome: 'UNROUTED' } : null,
      });
      return;
    }
    const due = input.dueTimes?.(decision.vendorId, current.caseAttrs, state, now) ?? null;
    assigned.push({
      ...common,
      vendor_id: decision.vendorId,
      scope: current.caseAttrs.scope,
      tz: state.vendorTimeZones.get(decision.vendorId) ?? 'UTC',
      split_rule: decision.allocationKey?.ruleId ?? null,
      assignment_id: item.assignmentId,
      // Ops chose the vendor: no ruleset made this assignment.
      ruleset_id: decision.selection === 'OPS_ASSIGNED' ? null : rulesetId,
      ruleset_version:
        rulesetId === null || decision.selection === 'OPS_ASSIGNED'
          ? null
          : decision.rulesetVersion,
      rule_id: UUID.test(decision.ruleId) ? decision.ruleId : null,
      residency: decision.residencyCheck,
      explanation: decision.explanation,
      routed: routedEventData(decision, item.assignmentId),
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
  const rows = Prisma.sql`
    a0 AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(assigned)}::jsonb) AS x(
        n int, case_id uuid, version int, attempt int, from_status text, actor_kind text,
        actor_id text, actor_vendor uuid, request_id text, audit_action text, audit jsonb,
        vendor_id uuid, scope text, tz text, split_rule uuid, assignment_id uuid, ruleset_id uuid,
        ruleset_version int, rule_id uuid, residency jsonb, explanation jsonb, routed jsonb,
        lease timestamptz, first_due timestamptz, resolution_due timestamptz, offer jsonb)
    ), u0 AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(unrouted)}::jsonb) AS x(
        n int, case_id uuid, version int, attempt int, from_status text, actor_kind text,
        actor_id text, actor_vendor uuid, request_id text, audit_action text, audit jsonb,
        summary text, retry_at timestamptz, data jsonb, dedupe_key text, severity text)
    )`;
  const cases = input.create ? createCases(input, now) : updateCases(input, now);
  const written = await tx.query<{ id: string }>(Prisma.sql`
    WITH ${rows}, ${cases}, split AS (
      UPDATE "RoutingAllocation" r SET assigned = r.assigned + x.n
        FROM (SELECT split_rule, vendor_id, count(*)::int AS n FROM a
               WHERE split_rule IS NOT NULL GROUP BY split_rule, vendor_id) x
       WHERE r."ruleId" = x.split_rule AND r."vendorId" = x.vendor_id
    ), intake AS (
      UPDATE "VendorDailyIntake" i SET count = i.count + x.n
        FROM (SELECT vendor_id, scope, tz, count(*)::int AS n FROM a GROUP BY vendor_id, scope, tz) x
       WHERE i."vendorId" = x.vendor_id AND i."scopeCode" = x.scope
         AND i.day = (${now}::timestamptz AT TIME ZONE x.tz)::date
    ), assignment AS (
      INSERT INTO "Assignment" (id, "caseId", "vendorId", attempt, "rulesetId", "rulesetVersion",
                                "ruleId", "residencyCheck", explanation, status, "offeredAt", "leaseExpiresAt")
      SELECT assignment_id, case_id, vendor_id, attempt, ruleset_id, ruleset_version, rule_id,
             residency, explanation, 'OFFERED', ${now}::timestamptz, lease
        FROM a ORDER BY n
    ), events AS (
      INSERT INTO "CaseEvent" ("caseId", "vendorId", type, "fromStatus", "toStatus", version,
                               "actorKind", "actorId", "requestId", data, "occurredAt")
      SELECT e.case_id, e.vendor_id, e.type::"CaseEventType", e.from_status::"CaseStatus",
             e.to_status::"CaseStatus", e.version, e.actor_kind::"ActorKind", e.actor_id,
             e.request_id, e.data, ${now}::timestamptz
        FROM (
          -- Created cases' first event in the same insert, so it takes the lower id.
          SELECT b.n, 0 AS k, b.case_id, NULL::uuid AS vendor_id, 'CREATED' AS type,
                 NULL AS from_status, 'NEW' AS to_status, 1 AS version, b.actor_kind, b.actor_id,
                 b.request_id, b.data
            FROM born b
          UNION ALL
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
      ${upsertAlertsSql(Prisma.sql`
        SELECT n, 'UNROUTED_CASE' AS kind, severity, dedupe_key, summary AS message, case_id,
               NULL::uuid AS vendor_id, jsonb_build_object('reason', data->'reason') AS data,
               ${now}::timestamptz AS at
          FROM u`)}
    ), alert_notice AS (
      ${alertNoticesSql(Prisma.sql`SELECT * FROM alert WHERE created`, AlertTopic.Raised)}
    ), audit AS (
      INSERT INTO "AuditEvent" ("actorKind", "actorId", "vendorId", action, "targetType", "targetId",
                                "requestId", outcome, details)
      SELECT o.actor_kind::"ActorKind", o.actor_id, o.actor_vendor, o.audit_action, 'Case',
             o.case_id::text, o.request_id, 'OK', o.audit
        FROM (SELECT n, actor_kind, actor_id, actor_vendor, audit_action, case_id, request_id, audit FROM a
              UNION ALL
              SELECT n, actor_kind, actor_id, actor_vendor, audit_action, case_id, request_id, audit FROM u) o
       WHERE o.audit IS NOT NULL
       ORDER BY o.n
    )
    SELECT case_id::text AS id FROM a UNION ALL SELECT case_id::text FROM u`);
  return new Set(written.map((r) => r.id));
}

/** Existing cases (re-routing): `a` and `u` are every outcome; the cases and subjects change. */
function updateCases(input: BookRoutesInput, now: Date): Prisma.Sql {
  const setDue = input.dueTimes !== undefined;
  return Prisma.sql`
    a AS MATERIALIZED (SELECT * FROM a0), u AS MATERIALIZED (SELECT * FROM u0),
    offered AS (
      UPDATE "Case" c SET status = 'OFFERED', "vendorId" = a.vendor_id, "routingAttempts" = a.attempt,
                          version = a.version, "updatedAt" = ${now}::timestamptz, "routingRetryAt" = NULL,
                          "firstResponseDueAt" = CASE WHEN ${setDue} THEN a.first_due ELSE c."firstResponseDueAt" END,
                          "resolutionDueAt" = CASE WHEN ${setDue} THEN a.resolution_due ELSE c."resolutionDueAt" END
        FROM a WHERE c.id = a.case_id
    ), unrouted AS (
      UPDATE "Case" c SET status = 'UNROUTED', "vendorId" = NULL, "routingAttempts" = u.attempt,
                          version = u.version, "updatedAt" = ${now}::timestamptz,
                          "routingRetryAt" = u.retry_at
        FROM u WHERE c.id = u.case_id
    ), subject AS (
      UPDATE "CaseSubject" s SET "vendorId" = o.vendor_id
        FROM (SELECT case_id, vendor_id FROM a UNION ALL SELECT case_id, NULL FROM u) o
       WHERE s."caseId" = o.case_id
    ), born AS (
      -- Nothing is created when re-routing.
      SELECT NULL::int AS n, NULL::uuid AS case_id, NULL::text AS actor_kind,
             NULL::text AS actor_id, NULL::text AS request_id, NULL::jsonb AS data
       WHERE false
    )`;
}

/**
 * New cases (intake): inserted already routed, in (source, externalRef) order so concurrent
 * batches queue on a shared key rather than deadlock; `a` and `u` keep only the cases inserted
 * (a concurrent identical submission makes `ON CONFLICT` wait for it, then skip).
 */
function createCases(input: BookRoutesInput, now: Date): Prisma.Sql {
  const fresh = input.items.map((item, n) => {
    const c = input.create!.get(item.caseId);
    if (c === undefined) throw new Error('bookRoutes: a case to create has no new-case data');
    const attrs = item.current.caseAttrs;
    return {
      n,
      case_id: item.caseId,
      source: c.source,
      external_ref: c.externalRef,
      region: attrs.region,
      scope: attrs.scope,
      channel: attrs.channel,
      language: attrs.language,
      priority: attrs.priority,
      tier: attrs.tier,
      subject_ref: c.subjectRef,
      display_name: c.subject.displayName,
      email: c.subject.email,
      phone: c.subject.phone,
      description: c.subject.description,
      minor: c.subject.minorSafetyDetail ?? null,
      attachments: c.subject.attachments ?? [],
      actor_kind: item.actor.kind,
      actor_id: item.actor.id,
      request_id: item.requestId,
      event: c.event,
      sandbox: c.sandbox === true,
      user_first_due: c.userDue?.firstResponseDueAt.toISOString() ?? null,
      user_resolution_due: c.userDue?.resolutionDueAt.toISOString() ?? null,
    };
  });
  const setDue = input.dueTimes !== undefined;
  return Prisma.sql`
    fresh AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(fresh)}::jsonb) AS x(
        n int, case_id uuid, source text, external_ref text, region text, scope text, channel text,
        language text, priority text, tier text, subject_ref text, display_name text, email text,
        phone text, description text, minor jsonb, attachments jsonb, actor_kind text,
        actor_id text, request_id text, event jsonb, sandbox boolean,
        user_first_due timestamptz, user_resolution_due timestamptz)
    ), made AS (
      INSERT INTO "Case" (id, source, "externalRef", "regionCode", "scopeCode", channel, language,
                          priority, tier, status, "subjectRef", "vendorId", version, "routingAttempts",
                          "firstResponseDueAt", "resolutionDueAt", "routingRetryAt", "createdAt", "updatedAt", sandbox,
                          "userFirstResponseDueAt", "userResolutionDueAt")
      SELECT f.case_id, f.source, f.external_ref, f.region, f.scope, f.channel::"Channel",
             f.language, f.priority::"Priority", f.tier::"Tier",
             coalesce(o.status, 'UNROUTED')::"CaseStatus", f.subject_ref, o.vendor_id,
             o.version, o.attempt,
             CASE WHEN ${setDue} THEN o.first_due END, CASE WHEN ${setDue} THEN o.resolution_due END,
             o.retry_at, ${now}::timestamptz, ${now}::timestamptz, f.sandbox,
             f.user_first_due, f.user_resolution_due
        FROM fresh f
        JOIN (SELECT case_id, 'OFFERED' AS status, vendor_id, version, attempt, first_due, resolution_due,
                     NULL::timestamptz AS retry_at FROM a0
              UNION ALL
              SELECT case_id, 'UNROUTED', NULL, version, attempt, NULL, NULL, retry_at FROM u0) o USING (case_id)
       ORDER BY f.source, f.external_ref
      ON CONFLICT (source, "externalRef") DO NOTHING
      RETURNING id
    ),
    a AS MATERIALIZED (SELECT * FROM a0 WHERE case_id IN (SELECT id FROM made)),
    u AS MATERIALIZED (SELECT * FROM u0 WHERE case_id IN (SELECT id FROM made)),
    subject AS (
      INSERT INTO "CaseSubject" ("caseId", "vendorId", "displayName", email, phone, description,
                                 "minorSafetyDetail", attachments)
      SELECT f.case_id, a.vendor_id, f.display_name, f.email, f.phone, f.description, f.minor,
             f.attachments
        FROM fresh f JOIN made m ON m.id = f.case_id LEFT JOIN a ON a.case_id = f.case_id
    ), born AS (
      SELECT f.n, f.case_id, f.actor_kind, f.actor_id, f.request_id, f.event AS data
        FROM fresh f JOIN made m ON m.id = f.case_id
    )`;
}
