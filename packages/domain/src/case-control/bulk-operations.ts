// Moving many cases at once: ops describe the cases by a filter, look at a dry run (how many
// would go where), then start the operation. It freezes the matching case ids and is run by a
// worker job a chunk at a time; each chunk locks its cases, checks each still matches the
// filter, moves it through `moveLockedCases` and records its progress in the same
// transaction, so a crashed run resumes where it stopped and never moves a case twice.
import { PLACEABLE_STATUSES, RECALLABLE_STATUSES, statusIn } from '@bvg/case-status';
import type { BulkCaseOperation, CaseStatus, PrismaClient, TenantTx } from '@bvg/db';
import { systemScope, withScope } from '@bvg/db';
import { checkManualAssignment, decideBatch } from '@bvg/routing';
import { recordAudit } from '../audit/index.ts';
import { loadRoutingState } from '../routing/index.ts';
import type { Actor } from '../shared/actor.ts';
import { DomainError, type Problem, validationError } from '../shared/domain-error.ts';
import { withIdempotency } from '../shared/idempotency.ts';
import { excludedVendorProblems, reasonProblems } from './case-actions.ts';
import {
  type CaseMoveKind,
  type CaseMoveOutcome,
  type LockedCaseRow,
  lockCases,
  moveLockedCases,
} from './move-cases.ts';

/** Cases one operation may cover: larger moves are split by filter (e.g. created before). */
export const MAX_BULK_CASES = 50_000;
/** Cases per transaction when an operation runs. */
export const BULK_CHUNK_SIZE = 250;

export interface BulkCaseFilter {
  vendorId?: string | null;
  scope?: readonly string[] | null;
  region?: readonly string[] | null;
  status?: readonly CaseStatus[] | null;
  createdBefore?: Date | null;
}

export interface BulkCaseOperationInput {
  kind: CaseMoveKind;
  filter: BulkCaseFilter;
  reason: string;
  /** ASSIGN: the vendor or in-house team that takes the cases. */
  targetVendorId?: string | null;
  /** REROUTE: vendors the router must not choose. */
  excludeVendorIds?: readonly string[] | null;
  /** ASSIGN: exceed the target's capacity (hard constraints still apply). */
  overrideCapacity?: boolean | null;
  idempotencyKey?: string | null;
  requestId?: string | null;
}

/** How many cases one outcome covers: a vendor taking them, UNROUTED, RECALLED, or SKIPPED:<why>. */
export interface OutcomeCount {
  key: string;
  vendorId: string | null;
  vendorName: string | null;
  count: number;
}

export interface BulkPreview {
  total: number;
  outcomes: OutcomeCount[];
}

export interface BulkCaseOperationView {
  id: string;
  kind: CaseMoveKind;
  status: BulkCaseOperation['status'];
  reason: string;
  requestedBy: string;
  filter: BulkCaseFilter;
  targetVendorId: string | null;
  excludeVendorIds: string[];
  total: number;
  processed: number;
  succeeded: number;
  skipped: number;
  failed: number;
  outcomes: OutcomeCount[];
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validate(input: BulkCaseOperationInput): void {
  const problems: Problem[] = [...reasonProblems(input.reason)];
  const f = input.filter;
  const criteria = [
    f.vendorId,
    f.scope?.length,
    f.region?.length,
    f.status?.length,
    f.createdBefore,
  ];
  if (!criteria.some(Boolean)) {
    problems.push({
      path: 'filter',
      message: 'name at least one of vendorId, scope, region, status, createdBefore',
    });
  }
  if (f.vendorId && !UUID.test(f.vendorId)) {
    problems.push({ path: 'filter.vendorId', message: 'is not a vendor id' });
  }
  if (input.kind === 'ASSIGN' && !UUID.test(input.targetVendorId ?? '')) {
    problems.push({
      path: 'targetVendorId',
      message: 'is required to assign: the vendor that takes the cases',
    });
  }
  if (input.kind !== 'ASSIGN' && input.targetVendorId) {
    problems.push({ path: 'targetVendorId', message: `has no meaning for ${input.kind}` });
  }
  if (input.kind !== 'REROUTE' && input.excludeVendorIds?.length) {
    problems.push({ path: 'excludeVendorIds', message: `has no meaning for ${input.kind}` });
  }
  problems.push(...excludedVendorProblems(input.excludeVendorIds));
  if (problems.length > 0) throw validationError(problems);
}

/** The matching cases, in the order an operation processes them: most urgent, oldest first. */
async function selectCases(tx: TenantTx, filter: BulkCaseFilter): Promise<LockedCaseRow[]> {
  const rows = await tx.$queryRaw<LockedCaseRow[]>`
    SELECT id::text AS id, status::text AS status, version, "vendorId"::text AS "vendorId",
           "regionCode", "scopeCode", channel::text AS channel, language,
           priority::text AS priority, tier::text AS tier, "routingAttempts", "createdAt"
      FROM "Case"
     WHERE (${filter.vendorId ?? null}::uuid IS NULL OR "vendorId" = ${filter.vendorId ?? null}::uuid)
       AND (${nonEmpty(filter.scope)}::text[] IS NULL OR "scopeCode" = ANY(${nonEmpty(filter.scope)}::text[]))
       AND (${nonEmpty(filter.region)}::text[] IS NULL OR "regionCode" = ANY(${nonEmpty(filter.region)}::text[]))
       AND (${nonEmpty(filter.status)}::text[] IS NULL OR status::text = ANY(${nonEmpty(filter.status)}::text[]))
       AND (${filter.createdBefore ?? null}::timestamptz IS NULL OR "createdAt" < ${filter.createdBefore ?? null}::timestamptz)
     ORDER BY priority, "createdAt", id
     LIMIT ${MAX_BULK_CASES + 1}`;
  if (rows.length > MAX_BULK_CASES) {
    throw validationError([
      {
        path: 'filter',
        message: `matches more than ${MAX_BULK_CASES} cases; narrow it (e.g. createdBefore)`,
      },
    ]);
  }
  return rows;
}

const nonEmpty = <T>(list: readonly T[] | null | undefined): T[] | null =>
  list && list.length > 0 ? [...list] : null;

/** Whether a case (read under its lock) still matches the filter it was selected by. */
function stillMatches(c: LockedCaseRow, f: BulkCaseFilter): boolean {
  return (
    (!f.vendorId || c.vendorId === f.vendorId) &&
    (!f.scope?.length || f.scope.includes(c.scopeCode)) &&
    (!f.region?.length || f.region.includes(c.regionCode)) &&
    (!f.status?.length || f.status.includes(c.status as CaseStatus)) &&
    (!f.createdBefore || c.createdAt.getTime() < f.createdBefore.getTime())
  );
}

const holds = (c: LockedCaseRow) => c.vendorId !== null && statusIn(RECALLABLE_STATUSES, c.status);
const placeable = (c: LockedCaseRow) => holds(c) || statusIn(PLACEABLE_STATUSES, c.status);

/**
 * What the operation would do now, written nowhere: cases per vendor that would take them,
 * UNROUTED, RECALLED, and SKIPPED:<why>. A re-route's split is estimated from the current
 * capacity; the run decides each case again under its lock.
 */
export async function previewBulkCaseOperation(
  prisma: PrismaClient,
  actor: Actor,
  input: BulkCaseOperationInput,
  now: () => Date = () => new Date(),
): Promise<BulkPreview> {
  validate(input);
  return withScope(prisma, systemScope('ops: bulk dry run'), async (tx) => {
    const at = now();
    const cases = await selectCases(tx, input.filter);
    const state = await loadRoutingState(tx, { now: at });
    const counts = new Map<string, number>();
    const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
    if (input.kind === 'RECALL') {
      for (const c of cases) add(holds(c) ? `RECALLED` : 'SKIPPED:NOT_HELD');
    } else if (input.kind === 'ASSIGN') {
      const vendors = state.vendors.map((v) => ({
        ...v,
        capacity: v.capacity.map((x) => ({ ...x })),
      }));
      for (const c of cases) {
        if (!placeable(c)) {
          add('SKIPPED:NOT_MOVABLE');
          continue;
        }
        if (holds(c) && c.vendorId === input.targetVendorId) {
          add('SKIPPED:ALREADY_WITH_VENDOR');
          continue;
        }
        const check = checkManualAssignment({
          caseAttrs: attrs(c),
          vendorId: input.targetVendorId!,
          ruleset: state.published?.ruleset ?? { id: 'none', version: 0, rules: [] },
          vendors,
          regions: state.regions,
          scopes: state.scopes,
          now: at,
          overrideCapacity: input.overrideCapacity === true,
        });
        if (!check.allowed) {
          add(check.hard.length > 0 ? 'SKIPPED:HARD_CONSTRAINT' : 'SKIPPED:OVER_CAPACITY');
          continue;
        }
        add(input.targetVendorId!);
        const cap = vendors
          .find((v) => v.id === input.targetVendorId)
          ?.capacity.find((x) => x.scope === c.scopeCode);
        if (cap) {
          cap.openCases += 1;
          cap.intakeToday += 1;
        }
      }
    } else {
      const movable = cases.filter(placeable);
      for (let i = movable.length; i < cases.length; i++) add('SKIPPED:NOT_MOVABLE');
      const { decisions } = decideBatch({
        ruleset: state.published?.ruleset ?? { id: 'none', version: 0, rules: [] },
        vendors: state.vendors,
        regions: state.regions,
        scopes: state.scopes,
        now: at,
        cases: movable.map((c) => ({
          caseAttrs: attrs(c),
          excludeVendorIds: [
            ...(input.excludeVendorIds ?? []),
            ...(c.vendorId !== null && holds(c) ? [c.vendorId] : []),
          ],
        })),
        splits: new Map(),
        intake: new Map(),
      });
      for (const d of decisions) add(d.outcome === 'ASSIGNED' ? d.vendorId : 'UNROUTED');
    }
    await recordAudit(tx, {
      actor,
      action: 'case.bulk.preview',
      targetType: 'BulkCaseOperation',
      requestId: input.requestId ?? null,
      details: { kind: input.kind, filter: filterJson(input.filter), total: cases.length },
    });
    return { total: cases.length, outcomes: await outcomeCounts(tx, Object.fromEntries(counts)) };
  });
}

const attrs = (c: LockedCaseRow) => ({
  region: c.regionCode,
  scope: c.scopeCode,
  channel: c.channel,
  language: c.language,
  priority: c.priority,
  tier: c.tier,
});

const filterJson = (f: BulkCaseFilter) => ({
  vendorId: f.vendorId ?? null,
  scope: f.scope ? [...f.scope] : null,
  region: f.region ? [...f.region] : null,
  status: f.status ? [...f.status] : null,
  createdBefore: f.createdBefore ? f.createdBefore.toISOString() : null,
});

function filterOf(json: unknown): BulkCaseFilter {
  const f = (json ?? {}) as Record<string, unknown>;
  return {
    vendorId: (f.vendorId as string | null) ?? null,
    scope: (f.scope as string[] | null) ?? null,
    region: (f.region as string[] | null) ?? null,
    status: (f.status as CaseStatus[] | null) ?? null,
    createdBefore: typeof f.createdBefore === 'string' ? new Date(f.createdBefore) : null,
  };
}

/**
 * Creates the operation over the cases matching the filter now (their ids are frozen) and
 * hands it to `enqueue` once committed. The run is a worker job; a job that could not be
 * queued (Redis down) is queued again by the worker's sweep, so the operation is never lost.
 */
export async function startBulkCaseOperation(
  prisma: PrismaClient,
  actor: Extract<Actor, { kind: 'INTERNAL' }>,
  input: BulkCaseOperationInput,
  deps: { enqueue: (operationId: string) => Promise<void>; onEnqueueError?: (e: unknown) => void },
): Promise<BulkCaseOperationView> {
  validate(input);
  const { idempotencyKey, requestId, ...idempotentInput } = input;
  const id = await withScope(prisma, systemScope('ops: bulk operation'), (tx) =>
    withIdempotency(
      tx,
      idempotencyKey
        ? {
            principalKey: `internal:${actor.id}`,
            vendorId: null,
            key: idempotencyKey,
            operation: 'OPS_BULK',
            input: { ...idempotentInput, filter: filterJson(input.filter) },
          }
        : null,
      async () => {
        if (input.targetVendorId) {
          const vendor = await tx.vendor.findUnique({ where: { id: input.targetVendorId } });
          if (vendor === null) throw new DomainError('NOT_FOUND', 'Vendor not found');
        }
        const cases = await selectCases(tx, input.filter);
        const op = await tx.bulkCaseOperation.create({
          data: {
            kind: input.kind,
            filter: filterJson(input.filter),
            targetVendorId: input.targetVendorId ?? null,
            excludeVendorIds: [...(input.excludeVendorIds ?? [])],
            overrideCapacity: input.overrideCapacity === true,
            reason: input.reason,
            requestedBy: actor.id,
            caseIds: cases.map((c) => c.id),
            total: cases.length,
          },
          select: { id: true },
        });
        await recordAudit(tx, {
          actor,
          action: 'case.bulk.start',
          targetType: 'BulkCaseOperation',
          targetId: op.id,
          requestId: requestId ?? null,
          details: {
            kind: input.kind,
            reason: input.reason,
            filter: filterJson(input.filter),
            total: cases.length,
            targetVendorId: input.targetVendorId ?? null,
            excludeVendorIds: [...(input.excludeVendorIds ?? [])],
            overrideCapacity: input.overrideCapacity === true,
          },
        });
        return op.id;
      },
    ),
  );
  try {
    await deps.enqueue(id);
  } catch (error) {
    deps.onEnqueueError?.(error);
  }
  return getBulkCaseOperation(prisma, actor, id);
}

/** One operation and its progress. Unknown ids are NOT_FOUND. */
export async function getBulkCaseOperation(
  prisma: PrismaClient,
  _actor: Actor,
  id: string,
): Promise<BulkCaseOperationView> {
  return withScope(prisma, systemScope('ops: bulk operation progress'), async (tx) => {
    const op = UUID.test(id)
      ? await tx.bulkCaseOperation.findUnique({ where: { id }, omit: { caseIds: true } })
      : null;
    if (op === null) throw new DomainError('NOT_FOUND', 'Bulk operation not found');
    return viewOf(op, await outcomeCounts(tx, op.outcomes as Record<string, number>));
  });
}

function viewOf(
  op: Omit<BulkCaseOperation, 'caseIds'>,
  outcomes: OutcomeCount[],
): BulkCaseOperationView {
  return {
    id: op.id,
    kind: op.kind,
    status: op.status,
    reason: op.reason,
    requestedBy: op.requestedBy,
    filter: filterOf(op.filter),
    targetVendorId: op.targetVendorId,
    excludeVendorIds: op.excludeVendorIds,
    total: op.total,
    processed: op.processed,
    succeeded: op.succeeded,
    skipped: op.skipped,
    failed: op.failed,
    outcomes,
    error: op.error,
    createdAt: op.createdAt,
    startedAt: op.startedAt,
    finishedAt: op.finishedAt,
  };
}

async function outcomeCounts(
  tx: TenantTx,
  counts: Record<string, number>,
): Promise<OutcomeCount[]> {
  const vendorIds = Object.keys(counts).filter((k) => UUID.test(k));
  const vendors =
    vendorIds.length > 0
      ? await tx.vendor.findMany({
          where: { id: { in: vendorIds } },
          select: { id: true, name: true },
        })
      : [];
  const names = new Map(vendors.map((v) => [v.id, v.name]));
  return Object.entries(counts)
    .map(([key, count]) => ({
      key,
      vendorId: UUID.test(key) ? key : null,
      vendorName: names.get(key) ?? null,
      count,
    }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

const outcomeKey = (o: CaseMoveOutcome): string =>
  o.result === 'SKIPPED' ? `SKIPPED:${o.skip}` : o.result === 'OFFERED' ? o.vendorId! : o.result;

/**
 * Runs (or resumes) an operation to the end, a chunk per transaction, calling `onProgress`
 * after each. Safe to call again after a crash or concurrently: each chunk claims its place
 * under the operation's row lock, so no case is moved twice.
 */
export async function runBulkCaseOperation(
  prisma: PrismaClient,
  operationId: string,
  options: {
    now?: () => Date;
    chunkSize?: number;
    onProgress?: (view: BulkCaseOperationView) => Promise<void> | void;
  } = {},
): Promise<BulkCaseOperationView> {
  const now = options.now ?? (() => new Date());
  const chunkSize = options.chunkSize ?? BULK_CHUNK_SIZE;
  const system: Actor = { kind: 'SYSTEM', id: 'bulk-operation' };
  for (;;) {
    const step = await withScope(
      prisma,
      systemScope('ops: bulk operation chunk'),
      async (tx) => {
        const [op] = await tx.$queryRaw<BulkCaseOperation[]>`
          SELECT * FROM "BulkCaseOperation" WHERE id = ${operationId}::uuid FOR UPDATE`;
        if (op === undefined) throw new DomainError('NOT_FOUND', 'Bulk operation not found');
        if (op.status === 'SUCCEEDED' || op.status === 'FAILED') return { op, done: true };
        const at = now();
        const ids = op.caseIds.slice(op.processed, op.processed + chunkSize);
        const filter = filterOf(op.filter);
        const counts = { ...(op.outcomes as Record<string, number>) };
        let succeeded = 0;
        let skipped = 0;
        if (ids.length > 0) {
          const locked = await lockCases(tx, ids);
          const matching = locked.filter((c) => {
            if (stillMatches(c, filter)) return true;
            counts['SKIPPED:CHANGED'] = (counts['SKIPPED:CHANGED'] ?? 0) + 1;
            skipped += 1;
            return false;
          });
          // Cases deleted since (erasure keeps cases, so rare) count as changed too.
          const missing = ids.length - locked.length;
          if (missing > 0) {
            counts['SKIPPED:CHANGED'] = (counts['SKIPPED:CHANGED'] ?? 0) + missing;
            skipped += missing;
          }
          const outcomes = await moveLockedCases(
            tx,
            {
              kind: op.kind,
              actor: { kind: 'INTERNAL', id: op.requestedBy, roles: ['ops'] },
              reason: op.reason,
              requestId: `bulk:${op.id}`,
              now: at,
              excludeVendorIds: op.excludeVendorIds,
              ...(op.targetVendorId ? { targetVendorId: op.targetVendorId } : {}),
              overrideCapacity: op.overrideCapacity,
            },
            // In the operation's order, so the most urgent cases move first.
            orderLike(ids, matching),
          );
          for (const o of outcomes) {
            const key = outcomeKey(o);
            counts[key] = (counts[key] ?? 0) + 1;
            if (o.result === 'SKIPPED') skipped += 1;
            else succeeded += 1;
          }
        }
        const processed = op.processed + ids.length;
        const finished = processed >= op.total;
        const updated = await tx.bulkCaseOperation.update({
          where: { id: op.id },
          data: {
            status: finished ? 'SUCCEEDED' : 'RUNNING',
            processed,
            succeeded: op.succeeded + succeeded,
            skipped: op.skipped + skipped,
            outcomes: counts,
            startedAt: op.startedAt ?? at,
            ...(finished ? { finishedAt: at } : {}),
          },
        });
        if (finished) {
          await recordAudit(tx, {
            actor: system,
            action: 'case.bulk.finish',
            targetType: 'BulkCaseOperation',
            targetId: op.id,
            details: {
              processed,
              succeeded: updated.succeeded,
              skipped: updated.skipped,
              outcomes: counts,
            },
          });
        }
        return { op: updated, done: finished };
      },
      { retries: 3 },
    );
    const { caseIds: _ids, ...rest } = step.op;
    const view = await withScope(prisma, systemScope('ops: bulk operation progress'), async (tx) =>
      viewOf(rest, await outcomeCounts(tx, rest.outcomes as Record<string, number>)),
    );
    await options.onProgress?.(view);
    if (step.done) return view;
  }
}

/** `rows` in the order of `ids` (locking sorted them by id). */
function orderLike(ids: readonly string[], rows: readonly LockedCaseRow[]): LockedCaseRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}

/** Marks an operation FAILED (its job gave up): what it moved stays moved. */
export async function failBulkCaseOperation(
  prisma: PrismaClient,
  operationId: string,
  error: string,
): Promise<void> {
  await withScope(prisma, systemScope('ops: bulk operation failed'), (tx) =>
    tx.bulkCaseOperation.updateMany({
      where: { id: operationId, status: { in: ['QUEUED', 'RUNNING'] } },
      data: { status: 'FAILED', error: error.slice(0, 500), finishedAt: new Date() },
    }),
  );
}

/** Operations still QUEUED a while after they were made: their job may never have been queued. */
export async function findUnstartedBulkOperations(
  prisma: PrismaClient,
  options: { createdBefore: Date; limit?: number },
): Promise<string[]> {
  const rows = await withScope(prisma, systemScope('ops: bulk operations to queue again'), (tx) =>
    tx.bulkCaseOperation.findMany({
      where: { status: 'QUEUED', createdAt: { lt: options.createdBefore } },
      select: { id: true },
      orderBy: { createdAt: 'asc' },
      take: options.limit ?? 50,
    }),
  );
  return rows.map((r) => r.id);
}
