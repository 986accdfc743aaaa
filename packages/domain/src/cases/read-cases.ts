import type { CaseStatus, Prisma, PrismaClient, TenantTx } from '@bvg/db';
import { recordAuditMany } from '../audit/record-audit.ts';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { CaseNotFoundError, DomainError } from '../shared/domain-error.ts';
import { specialistTeams } from '../tier2/specialist.ts';
import {
  type CaseDataPolicy,
  type DataGrant,
  decideCaseDataPolicy,
  type Reader,
} from './data-access-policy.ts';

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
}

export interface Page {
  first: number;
  /** Keyset cursor: the last case id of the previous page. */
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

/** A page of cases (newest first), each audited as read. */
export async function listCases(
  prisma: PrismaClient,
  actor: Actor,
  input: { filter?: CaseFilter; page: Page; requestId?: string | null },
): Promise<CaseView[]> {
  // The API asks for one row more than it shows, to know whether another page follows.
  const first = Math.min(Math.max(input.page.first, 1), 101);
  const f = input.filter ?? {};
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
    const rows = await tx.case.findMany({
      where,
      include: caseWithSubject,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: first,
      ...(input.page.after ? { cursor: { id: input.page.after }, skip: 1 } : {}),
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
        details: { via: 'cases' },
      })),
    );
    return rows.map((row) => viewOf(reader, row));
  });
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
