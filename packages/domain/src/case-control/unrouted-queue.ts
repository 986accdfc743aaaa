// The unrouted queue: cases nobody could take, most urgent first, each with why (which
// constraint excluded whom, from the UNROUTED event), and the automatic retry that routes them
// again on a schedule with backoff, and at once when capacity frees.
import { randomUUID } from 'node:crypto';
import type { CaseStatus, PrismaClient, TenantTx } from '@bvg/db';
import { sqlTxOf, systemScope, withScope } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import { slaDueTimesFor } from '../offers/index.ts';
import type { UnroutedExclusion } from '../routing/index.ts';
import {
  bookRoutes,
  DEFAULT_OFFER_LEASE_MS,
  loadRoutingState,
  type RouteItem,
} from '../routing/index.ts';
import type { Actor } from '../shared/actor.ts';
import { validationError } from '../shared/domain-error.ts';
import { type LockedCaseRow, lockCases } from './move-cases.ts';

export interface UnroutedCaseView {
  caseId: string;
  version: number;
  priority: string;
  region: string;
  scope: string;
  language: string;
  channel: string;
  tier: string;
  status: CaseStatus;
  createdAt: Date;
  routingAttempts: number;
  /** When the retry sweep next tries it; null while ops hold it (recalled by ops). */
  nextRetryAt: Date | null;
  /** When it went unrouted (the latest UNROUTED or RECALLED event). */
  unroutedAt: Date | null;
  /** The engine's reason (NO_ELIGIBLE_VENDOR, NO_MATCHING_RULE, …) or RECALLED_BY_OPS. */
  reason: string;
  summary: string;
  rulesetVersion: number | null;
  /** Vendors the caller excluded (they stay excluded on retries). */
  excludedVendorIds: string[];
  exclusions: UnroutedExclusion[];
}

export interface UnroutedFilter {
  priority?: readonly string[];
  scope?: readonly string[];
  region?: readonly string[];
}

interface UnroutedRow {
  id: string;
  version: number;
  priority: string;
  regionCode: string;
  scopeCode: string;
  language: string;
  channel: string;
  tier: string;
  createdAt: Date;
  routingAttempts: number;
  routingRetryAt: Date | null;
  eventType: string | null;
  eventData: Record<string, unknown> | null;
  occurredAt: Date | null;
}

const MAX_PAGE = 200;

/** The cursor of a page: the position of its last case in the queue's order. */
const encodeCursor = (r: { priority: string; createdAt: Date; id: string }) =>
  Buffer.from(`${r.priority}|${r.createdAt.toISOString()}|${r.id}`).toString('base64url');

function decodeCursor(cursor: string): { priority: string; createdAt: Date; id: string } {
  const [priority, at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!priority || !id || Number.isNaN(createdAt.getTime())) {
    throw validationError([{ path: 'after', message: 'is not a cursor of this list' }]);
  }
  return { priority, createdAt, id };
}

/**
 * UNROUTED cases, P1 first, oldest first within a priority, each with its reason. Pages
 * forward with `after` (the `cursor` of the last case read).
 */
export async function listUnroutedCases(
  prisma: PrismaClient,
  actor: Actor,
  input: {
    first?: number;
    after?: string | null;
    filter?: UnroutedFilter;
    requestId?: string | null;
  },
): Promise<{ cases: (UnroutedCaseView & { cursor: string })[]; hasNextPage: boolean }> {
  const first = Math.min(Math.max(input.first ?? 50, 1), MAX_PAGE);
  const after = input.after ? decodeCursor(input.after) : null;
  const f = input.filter ?? {};
  return withScope(prisma, systemScope('ops: unrouted queue'), async (tx) => {
    const rows = await tx.$queryRaw<UnroutedRow[]>`
      SELECT c.id::text AS id, c.version, c.priority::text AS priority, c."regionCode", c."scopeCode",
             c.language, c.channel::text AS channel, c.tier::text AS tier, c."createdAt",
             c."routingAttempts", c."routingRetryAt", e.type::text AS "eventType",
             e.data AS "eventData", e."occurredAt"
        FROM "Case" c
        LEFT JOIN LATERAL (
          SELECT x.type, x.data, x."occurredAt" FROM "CaseEvent" x
           WHERE x."caseId" = c.id AND x.type IN ('UNROUTED', 'RECALLED')
           ORDER BY x.id DESC LIMIT 1) e ON true
       WHERE c.status = 'UNROUTED' AND NOT c.sandbox -- a sandbox's synthetic cases are never ops' work
         AND (${f.priority ?? null}::text[] IS NULL OR c.priority::text = ANY(${f.priority ?? null}::text[]))
         AND (${f.scope ?? null}::text[] IS NULL OR c."scopeCode" = ANY(${f.scope ?? null}::text[]))
         AND (${f.region ?? null}::text[] IS NULL OR c."regionCode" = ANY(${f.region ?? null}::text[]))
         AND (${after?.priority ?? null}::text IS NULL
              OR (c.priority::text, c."createdAt", c.id)
                 > (${after?.priority ?? null}::text, ${after?.createdAt ?? null}::timestamptz, ${after?.id ?? null}::uuid))
       ORDER BY c.priority, c."createdAt", c.id
       LIMIT ${first + 1}`;
    await recordAudit(tx, {
      actor,
      action: 'case.unrouted.list',
      targetType: 'Case',
      requestId: input.requestId ?? null,
      details: { count: Math.min(rows.length, first), filter: { ...f } },
    });
    return {
      cases: rows.slice(0, first).map((r) => ({ ...viewOf(r), cursor: encodeCursor(r) })),
      hasNextPage: rows.length > first,
    };
  });
}

function viewOf(r: UnroutedRow): UnroutedCaseView {
  const data = r.eventData ?? {};
  const recalled = r.eventType === 'RECALLED';
  return {
    caseId: r.id,
    version: r.version,
    priority: r.priority,
    region: r.regionCode,
    scope: r.scopeCode,
    language: r.language,
    channel: r.channel,
    tier: r.tier,
    status: 'UNROUTED',
    createdAt: r.createdAt,
    routingAttempts: r.routingAttempts,
    nextRetryAt: r.routingRetryAt,
    unroutedAt: r.occurredAt,
    reason: recalled ? 'RECALLED_BY_OPS' : String(data.reason ?? 'UNKNOWN'),
    summary: recalled
      ? `Recalled by ops from vendor ${String(data.fromVendorId ?? '?')}: ${String(data.reason ?? '')}`
      : String(data.summary ?? ''),
    rulesetVersion: typeof data.rulesetVersion === 'number' ? data.rulesetVersion : null,
    excludedVendorIds: Array.isArray(data.excludeVendorIds)
      ? (data.excludeVendorIds as string[])
      : [],
    exclusions: Array.isArray(data.exclusions) ? (data.exclusions as UnroutedExclusion[]) : [],
  };
}

/**
 * Scopes whose capacity may have freed since `since`: a case resolved or closed there, a
 * vendor's capacity changed; `*` when a change may free any scope (a vendor, a certification,
 * a ruleset published).
 */
async function scopesFreedSince(prisma: PrismaClient, since: Date): Promise<string[]> {
  const rows = await withScope(
    prisma,
    systemScope('unrouted retry: capacity freed'),
    (tx) =>
      tx.$queryRaw<{ scope: string }[]>`
      SELECT DISTINCT scope FROM (
        SELECT c."scopeCode" AS scope FROM "CaseEvent" e JOIN "Case" c ON c.id = e."caseId"
         WHERE e.type IN ('RESOLVED', 'CLOSED') AND e."occurredAt" > ${since}
        UNION ALL SELECT "scopeCode" FROM "VendorCapacity" WHERE "updatedAt" > ${since}
        UNION ALL SELECT '*' FROM "Vendor" WHERE "updatedAt" > ${since}
        UNION ALL SELECT '*' FROM "VendorCertification" WHERE "certifiedAt" > ${since}
        UNION ALL SELECT '*' FROM "RoutingRuleset" WHERE "publishedAt" > ${since}
      ) s`,
  );
  return rows.map((r) => r.scope);
}

export interface RetryUnroutedResult {
  /** Cases made due at once because capacity freed in their scope. */
  madeDue: number;
  tried: number;
  offered: number;
  stillUnrouted: number;
}

const SYSTEM: Actor = { kind: 'SYSTEM', id: 'unrouted-retry' };

/**
 * Routes due UNROUTED cases again, most urgent first: those whose backoff ended, and — when
 * `freedSince` is given — at once every unrouted case in a scope where capacity freed since
 * then. Cases ops hold (recalled) are left alone. A case unrouted again gets its next retry
 * further off; its vendors excluded before stay excluded; its alert is not raised twice.
 */
export async function retryUnroutedCases(
  prisma: PrismaClient,
  options: { now: Date; freedSince?: Date | null; limit?: number; chunkSize?: number },
): Promise<RetryUnroutedResult> {
  const { now } = options;
  let madeDue = 0;
  if (options.freedSince) {
    const scopes = await scopesFreedSince(prisma, options.freedSince);
    if (scopes.length > 0) {
      const all = scopes.includes('*');
      madeDue = await withScope(
        prisma,
        systemScope('unrouted retry: capacity freed'),
        (tx) =>
          tx.$executeRaw`
          UPDATE "Case" SET "routingRetryAt" = ${now}
           WHERE status = 'UNROUTED' AND "routingRetryAt" > ${now}
             AND (${all} OR "scopeCode" = ANY(${scopes}::text[]))`,
      );
    }
  }
  const due = await withScope(
    prisma,
    systemScope('unrouted retry: due cases'),
    (tx) =>
      tx.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM "Case"
       WHERE status = 'UNROUTED' AND "routingRetryAt" <= ${now}
       ORDER BY priority, "createdAt", id
       LIMIT ${options.limit ?? 500}`,
  );
  const result: RetryUnroutedResult = { madeDue, tried: 0, offered: 0, stillUnrouted: 0 };
  const chunkSize = options.chunkSize ?? 100;
  for (let i = 0; i < due.length; i += chunkSize) {
    const ids = due.slice(i, i + chunkSize).map((r) => r.id);
    const outcomes = await withScope(
      prisma,
      systemScope('unrouted retry'),
      async (tx) => {
        // Still unrouted and due under the lock: ops may have placed it meanwhile.
        const locked = (await lockCases(tx, ids)).filter(
          (c) => c.status === 'UNROUTED' && c.vendorId === null,
        );
        const dueNow = await stillDue(tx, locked, now);
        if (dueNow.length === 0) return [];
        const excluded = await excludedBefore(
          tx,
          dueNow.map((c) => c.id),
        );
        const state = await loadRoutingState(tx, { now });
        const items: RouteItem[] = dueNow.map((c) => ({
          caseId: c.id,
          current: {
            caseAttrs: {
              region: c.regionCode,
              scope: c.scopeCode,
              channel: c.channel,
              language: c.language,
              priority: c.priority,
              tier: c.tier,
            },
            status: c.status,
            version: c.version,
            routingAttempts: c.routingAttempts,
          },
          actor: SYSTEM,
          requestId: null,
          assignmentId: randomUUID(),
          leaseExpiresAt: new Date(now.getTime() + DEFAULT_OFFER_LEASE_MS),
          ...(excluded.get(c.id)?.length ? { excludeVendorIds: excluded.get(c.id)! } : {}),
        }));
        return bookRoutes(sqlTxOf(tx), {
          state,
          now,
          items,
          dueTimes: slaDueTimesFor,
          announce: true,
        });
      },
      { retries: 3 },
    );
    for (const o of outcomes) {
      if (o === null) continue;
      result.tried += 1;
      if (o.status === 'OFFERED') result.offered += 1;
      else result.stillUnrouted += 1;
    }
  }
  return result;
}

async function stillDue(
  tx: TenantTx,
  locked: LockedCaseRow[],
  now: Date,
): Promise<LockedCaseRow[]> {
  if (locked.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM "Case"
     WHERE id = ANY(${locked.map((c) => c.id)}::uuid[]) AND "routingRetryAt" <= ${now}`;
  const ids = new Set(rows.map((r) => r.id));
  return locked.filter((c) => ids.has(c.id));
}

/** The vendors each case's latest UNROUTED decision excluded by request (kept on retries). */
async function excludedBefore(tx: TenantTx, caseIds: string[]): Promise<Map<string, string[]>> {
  const rows = await tx.$queryRaw<{ caseId: string; excluded: string[] | null }[]>`
    SELECT c.id::text AS "caseId",
           ARRAY(SELECT jsonb_array_elements_text(e.data -> 'excludeVendorIds')) AS excluded
      FROM unnest(${caseIds}::uuid[]) AS c(id)
      JOIN LATERAL (
        SELECT x.data FROM "CaseEvent" x WHERE x."caseId" = c.id AND x.type = 'UNROUTED'
         ORDER BY x.id DESC LIMIT 1) e ON true
     WHERE jsonb_typeof(e.data -> 'excludeVendorIds') = 'array'`;
  return new Map(rows.map((r) => [r.caseId, r.excluded ?? []]));
}
