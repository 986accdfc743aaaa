// The case read path: each read is one plain scoped transaction (`withScopedSql`: BEGIN and
// the row-level security scope in one round trip) of at most four statements — the cases with
// their subjects, scope sensitivity and the reader's policy version; the vendor's policy only
// when the process's cached one is stale; the events when the caller selected them; one
// multi-row audit insert.
import {
  type CaseStatus,
  type Prisma,
  type PrismaClient,
  type SqlTx,
  withScopedSql,
} from '@bvg/db';
import { recordAuditSql } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { scopeOf } from '../shared/actor-scope.ts';
import { CaseNotFoundError, validationError } from '../shared/domain-error.ts';
import {
  type CaseConditions,
  type CaseEventRow,
  caseByIdSql,
  caseRowOf,
  eventsOfCasesSql,
  newestCasesSql,
  type Readable,
  syncCasesSql,
} from './case-read-sql.ts';
import { type CaseDataPolicy, decideCaseDataPolicy, type Reader } from './data-access-policy.ts';
import { decodeSyncCursor, isSyncCursor, type SyncPosition } from './sync-cursor.ts';
import { vendorReader } from './vendor-reader-cache.ts';

export type { CaseEventRow } from './case-read-sql.ts';

export type CaseRow = Prisma.CaseGetPayload<{
  include: { subject: true; scope: { select: { sensitivity: true } } };
}>;
export interface CaseView {
  row: CaseRow;
  policy: CaseDataPolicy;
  /** The case's history, when the read was asked to bring it (`withEvents`). */
  events?: CaseEventRow[];
}

export interface CaseFilter {
  status?: CaseStatus[];
  scopeCode?: string[];
  regionCode?: string[];
  dueBefore?: Date;
  vendorId?: string;
  /**
   * Internal readers see real cases unless they ask for synthetic ones (true); a vendor sees
   * its own cases, which are all of one kind, whatever this says.
   */
  sandbox?: boolean;
  /**
   * Incremental sync: cases changed at or after this instant, in the order their changes
   * committed (see `listCases`). Only the first page needs it; the cursor carries on.
   */
  updatedSince?: Date;
}

export interface Page {
  first: number;
  /**
   * Keyset cursor: the last case id of the previous page, or in incremental sync the
   * `encodeSyncCursor` of the last case received.
   */
  after?: string | null;
}

/** Which cases the actor may read: a partner its own; a specialist (without a broader role)
 * its teams'; ops and auditors every case. */
function readableBy(actor: Actor): Readable {
  if (actor.kind === 'VENDOR') return { kind: 'vendor', vendorId: actor.vendorId };
  if (actor.kind !== 'INTERNAL' || !actor.roles.includes('specialist')) return { kind: 'all' };
  if (actor.roles.some((r) => r === 'ops' || r === 'auditor')) return { kind: 'all' };
  return { kind: 'teams', slugs: actor.teams ?? [] };
}

async function readerFor(
  prisma: PrismaClient,
  tx: SqlTx,
  actor: Actor,
  policyVersion: number | null,
): Promise<Reader> {
  if (actor.kind !== 'VENDOR') {
    return { kind: 'INTERNAL', roles: actor.kind === 'INTERNAL' ? actor.roles : [] };
  }
  return vendorReader(prisma, tx, actor.vendorId, policyVersion, new Date());
}

function viewOf(reader: Reader, row: CaseRow): CaseView {
  return {
    row,
    policy: decideCaseDataPolicy(reader, {
      regionCode: row.regionCode,
      scopeCode: row.scopeCode,
      scopeSensitivity: row.scope.sensitivity,
      erased: row.subject?.erasedAt != null,
    }),
  };
}

/** The rows' views, and with `withEvents` their histories from one more statement. */
async function viewsOf(
  prisma: PrismaClient,
  tx: SqlTx,
  actor: Actor,
  raw: Record<string, unknown>[],
  withEvents: boolean,
): Promise<CaseView[]> {
  if (raw.length === 0) return [];
  const rows = raw.map(caseRowOf);
  const reader = await readerFor(prisma, tx, actor, rows[0]!.policyVersion);
  const views = rows.map(({ row }) => viewOf(reader, row));
  if (withEvents) {
    const byCase = groupEvents(
      await tx.query<CaseEventRow>(
        eventsOfCasesSql(
          views.map((v) => v.row.id),
          null,
        ),
      ),
    );
    for (const view of views) view.events = byCase.get(view.row.id) ?? [];
  }
  return views;
}

function groupEvents(events: CaseEventRow[]): Map<string, CaseEventRow[]> {
  const byCase = new Map<string, CaseEventRow[]>();
  for (const e of events) {
    const list = byCase.get(e.caseId);
    if (list) list.push(e);
    else byCase.set(e.caseId, [e]);
  }
  return byCase;
}

/**
 * One case as the actor may see it (with `withEvents`, its history too, read in the same
 * transaction). A vendor asking for a case that is not its own gets NOT_FOUND, the same answer
 * as for a case that does not exist. The read is audited in the same transaction: if the audit
 * record cannot be written, the read fails.
 */
export async function readCase(
  prisma: PrismaClient,
  actor: Actor,
  input: { caseId: string; requestId?: string | null; withEvents?: boolean },
): Promise<CaseView> {
  const notFound = () => new CaseNotFoundError(input.caseId);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.caseId)) {
    throw notFound();
  }
  return withScopedSql(prisma, scopeOf(actor, 'read a case'), async (tx) => {
    const raw = await tx.query<Record<string, unknown>>(
      caseByIdSql(readableBy(actor), input.caseId),
    );
    const [view] = await viewsOf(prisma, tx, actor, raw, input.withEvents === true);
    if (!view) throw notFound();
    await recordAuditSql(tx, [
      {
        actor,
        action: 'case.read',
        targetType: 'Case',
        targetId: view.row.id,
        requestId: input.requestId ?? null,
        details: {
          fields: Object.entries(view.policy)
            .filter(([, d]) => d.allowed)
            .map(([f]) => f),
        },
      },
    ]);
    return view;
  });
}

/**
 * A page of cases, each audited as read: newest first, or in incremental sync (a filter with
 * `updatedSince`, or an `after` cursor of such a listing) in the order of the transactions
 * that last changed them. That order cannot be overtaken by a late commit: only changes of
 * transactions older than every transaction still running (the snapshot's xmin) are listed,
 * so nothing can later appear before a cursor already handed out. A case changed again moves
 * to its new place and is listed again; an unchanged one never is. With `withEvents`, each
 * case's history comes along, read in the same transaction by one statement for the page.
 */
export async function listCases(
  prisma: PrismaClient,
  actor: Actor,
  input: { filter?: CaseFilter; page: Page; requestId?: string | null; withEvents?: boolean },
): Promise<CaseView[]> {
  // The API asks for one row more than it shows, to know whether another page follows.
  const first = Math.min(Math.max(input.page.first, 1), 101);
  const f = input.filter ?? {};
  const after = input.page.after || null;
  const sync = f.updatedSince !== undefined || (after !== null && isSyncCursor(after));
  let position: SyncPosition | null = null;
  if (sync && after !== null) {
    position = decodeSyncCursor(after);
    if (!position) {
      throw validationError([
        {
          path: 'after',
          message:
            'is not a cursor of an updatedSince listing: pass the endCursor of the previous page',
        },
      ]);
    }
  }
  const readable = readableBy(actor);
  // A vendor always sees its own (its filters of vendor and kind are ignored); a specialist
  // narrows to one of its teams.
  const conditions: CaseConditions = {
    status: f.status,
    scopeCode: f.scopeCode,
    regionCode: f.regionCode,
    dueBefore: f.dueBefore,
    ...(actor.kind === 'VENDOR' ? {} : { sandbox: f.sandbox === true, vendorId: f.vendorId }),
  };
  return withScopedSql(prisma, scopeOf(actor, 'list cases'), async (tx) => {
    const raw = sync
      ? await tx.query<Record<string, unknown>>(
          syncCasesSql(
            readable,
            conditions,
            { watermark: await syncWatermark(tx), position, updatedSince: f.updatedSince },
            first,
          ),
        )
      : await tx.query<Record<string, unknown>>(newestCasesSql(readable, conditions, after, first));
    const views = await viewsOf(prisma, tx, actor, raw, input.withEvents === true);
    await recordAuditSql(
      tx,
      views.map(({ row }) => ({
        actor,
        action: 'case.read',
        targetType: 'Case',
        targetId: row.id,
        requestId: input.requestId ?? null,
        details: { via: sync ? 'cases.sync' : 'cases' },
      })),
    );
    return views;
  });
}

/**
 * The top of the part of the sync order a page may take. Every transaction with an id under
 * the current snapshot's xmin has ended, so no commit still to come can land below it. Read
 * first, in its own statement: rows under it are settled, so a later snapshot sees the same
 * ones (bar those changed again since, which move above it).
 */
async function syncWatermark(tx: SqlTx): Promise<bigint> {
  const [mark] = await tx.query<{ watermark: string }>({
    text: 'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS watermark',
    values: [],
  });
  return BigInt(mark!.watermark);
}

/** The case's history, oldest first, if the actor may see the case. */
export async function listCaseEvents(
  prisma: PrismaClient,
  actor: Actor,
  caseId: string,
): Promise<CaseEventRow[]> {
  return (await listEventsOfCases(prisma, actor, [caseId])).get(caseId) ?? [];
}

/**
 * The histories of many cases in one transaction and one statement, oldest first within each
 * (for the API's batched `Case.events`). A specialist reads the history of its teams' cases
 * only (earlier holders' events too); row-level security limits a vendor to its own.
 */
export async function listEventsOfCases(
  prisma: PrismaClient,
  actor: Actor,
  caseIds: readonly string[],
): Promise<Map<string, CaseEventRow[]>> {
  if (caseIds.length === 0) return new Map();
  return withScopedSql(prisma, scopeOf(actor, 'read case events'), async (tx) =>
    groupEvents(await tx.query<CaseEventRow>(eventsOfCasesSql(caseIds, readableBy(actor)))),
  );
}
