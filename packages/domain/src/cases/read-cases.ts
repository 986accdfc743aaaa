import type { CaseStatus, Prisma, PrismaClient, TenantTx } from '@bvg/db';
import { recordAuditMany } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { CaseNotFoundError, DomainError, validationError } from '../shared/domain-error.ts';
import { specialistTeams } from '../teams/index.ts';
import {
  type CaseDataPolicy,
  type DataGrant,
  decideCaseDataPolicy,
  type Reader,
} from './data-access-policy.ts';
import { decodeSyncCursor, isSyncCursor, type SyncPosition } from './sync-cursor.ts';

const caseWithSubject = {
  subject: true,
  scope: { select: { sensitivity: true } },
} satisfies Prisma.CaseInclude;

export type CaseRow = Prisma.CaseGetPayload<{ include: typeof caseWithSubject }>;
export interface CaseView {
  row: CaseRow;
  policy: CaseDataPolicy;
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

async function readerFor(tx: TenantTx, actor: Actor, at: Date): Promise<Reader> {
  if (actor.kind !== 'VENDOR') {
    return { kind: 'INTERNAL', roles: actor.kind === 'INTERNAL' ? actor.roles : [] };
  }
  const vendor = await tx.vendor.findUniqueOrThrow({
    where: { id: actor.vendorId },
    select: {
      kind: true,
      // The contract in force is the latest one that has started: an expired contract keeps
      // governing until its successor is entered, as renewals usually run late.
      contracts: {
        where: { periodStart: { lte: at } },
        orderBy: { periodStart: 'desc' },
        take: 1,
        select: { dataAccess: { select: { regionCode: true, scopeCode: true, fields: true } } },
      },
    },
  });
  const grants: DataGrant[] = vendor.contracts.flatMap((c) => c.dataAccess);
  return { kind: 'VENDOR', vendorKind: vendor.kind, grants };
}

/**
 * The vendors whose cases the actor may read: a partner its own; a specialist (without a
 * broader role) its teams'; ops and auditors every case (null).
 */
async function readableVendors(tx: TenantTx, actor: Actor): Promise<string[] | null> {
  if (actor.kind === 'VENDOR') return [actor.vendorId];
  if (actor.kind !== 'INTERNAL' || !actor.roles.includes('specialist')) return null;
  if (actor.roles.some((r) => r === 'ops' || r === 'auditor')) return null;
  return (await specialistTeams(tx, actor)).map((t) => t.id);
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

/**
 * One case as the actor may see it. A vendor asking for a case that is not its own gets
 * NOT_FOUND, the same answer as for a case that does not exist. The read is audited in the
 * same transaction: if the audit record cannot be written, the read fails.
 */
export async function readCase(
  prisma: PrismaClient,
  actor: Actor,
  input: { caseId: string; requestId?: string | null },
): Promise<CaseView> {
  const notFound = () => new CaseNotFoundError(input.caseId);
  if (!/^[0-9a-f-]{36}$/i.test(input.caseId)) throw notFound();
  return withActorScope(prisma, actor, 'read a case', async (tx) => {
    const vendors = await readableVendors(tx, actor);
    const row = await tx.case.findFirst({
      // The explicit vendor filter is the API's wall; row-level security is the database's.
      where: { id: input.caseId, ...(vendors ? { vendorId: { in: vendors } } : {}) },
      include: caseWithSubject,
    });
    if (!row) throw notFound();
    const reader = await readerFor(tx, actor, new Date());
    const view = viewOf(reader, row);
    await recordAuditMany(tx, [
      {
        actor,
        action: 'case.read',
        targetType: 'Case',
        targetId: row.id,
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
 * to its new place and is listed again; an unchanged one never is.
 */
export async function listCases(
  prisma: PrismaClient,
  actor: Actor,
  input: { filter?: CaseFilter; page: Page; requestId?: string | null },
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
  const base: Prisma.CaseWhereInput = {
    ...(f.status?.length ? { status: { in: f.status } } : {}),
    ...(f.scopeCode?.length ? { scopeCode: { in: f.scopeCode } } : {}),
    ...(f.regionCode?.length ? { regionCode: { in: f.regionCode } } : {}),
    ...(f.dueBefore ? { resolutionDueAt: { lt: f.dueBefore } } : {}),
    ...(actor.kind === 'VENDOR' ? {} : { sandbox: f.sandbox === true }),
  };
  return withActorScope(prisma, actor, 'list cases', async (tx) => {
    const vendors = await readableVendors(tx, actor);
    // A vendor always sees its own (its filter is ignored); a specialist narrows to one team.
    const allowed =
      vendors && f.vendorId && actor.kind !== 'VENDOR'
        ? vendors.filter((v) => v === f.vendorId)
        : vendors;
    const where: Prisma.CaseWhereInput = {
      ...base,
      ...(allowed ? { vendorId: { in: allowed } } : f.vendorId ? { vendorId: f.vendorId } : {}),
    };
    const rows = sync
      ? await tx.case.findMany({
          where: { ...where, AND: await syncWindow(tx, f.updatedSince, position) },
          include: caseWithSubject,
          orderBy: [{ changeTxid: 'asc' }, { id: 'asc' }],
          take: first,
        })
      : await tx.case.findMany({
          where,
          include: caseWithSubject,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: first,
          ...(after ? { cursor: { id: after }, skip: 1 } : {}),
        });
    const reader = await readerFor(tx, actor, new Date());
    await recordAuditMany(
      tx,
      rows.map((row) => ({
        actor,
        action: 'case.read',
        targetType: 'Case',
        targetId: row.id,
        requestId: input.requestId ?? null,
        details: { via: sync ? 'cases.sync' : 'cases' },
      })),
    );
    return rows.map((row) => viewOf(reader, row));
  });
}

/**
 * The part of the sync order a page may take: after the cursor (or, on the first page,
 * changed since `updatedSince`), and below the watermark. Every transaction with an id under
 * the current snapshot's xmin has ended, so no commit still to come can land there. The
 * watermark is read first, in its own statement: rows under it are settled, so a later
 * snapshot sees the same ones (bar those changed again since, which move above it).
 */
async function syncWindow(
  tx: TenantTx,
  updatedSince: Date | undefined,
  position: SyncPosition | null,
): Promise<Prisma.CaseWhereInput[]> {
  const [mark] = await tx.$queryRaw<{ watermark: string }[]>`
    SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS watermark`;
  const window: Prisma.CaseWhereInput[] = [{ changeTxid: { lt: BigInt(mark!.watermark) } }];
  if (position) {
    window.push({
      OR: [
        { changeTxid: { gt: position.changeTxid } },
        { changeTxid: position.changeTxid, id: { gt: position.caseId } },
      ],
    });
  } else if (updatedSince) {
    window.push({ updatedAt: { gte: updatedSince } });
  }
  return window;
}

/** The case's history, oldest first, if the actor may see the case. */
export async function listCaseEvents(prisma: PrismaClient, actor: Actor, caseId: string) {
  return withActorScope(prisma, actor, 'read case events', async (tx) => {
    const vendors = await readableVendors(tx, actor);
    // A specialist reads the history of its teams' cases only (earlier holders' events too).
    if (vendors && actor.kind === 'INTERNAL') {
      const held = await tx.case.count({ where: { id: caseId, vendorId: { in: vendors } } });
      if (held === 0) return [];
    }
    return tx.caseEvent.findMany({ where: { caseId }, orderBy: { id: 'asc' } });
  });
}
