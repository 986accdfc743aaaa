// Ops read alerts and move them on: OPEN → ACKNOWLEDGED (someone is on it) → RESOLVED (with a
// note saying what was done). Each change is audited and announced to the ops endpoint, so a
// pager can close its incident when the alert is resolved here.
import type { AlertKind, AlertSeverity, AlertStatus, Prisma, PrismaClient } from '@bvg/db';
import { Prisma as P, sqlTxOf, systemScope, withScope } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { DomainError, type Problem, validationError } from '../shared/domain-error.ts';
import { AlertTopic } from './alert-kinds.ts';
import { alertNoticesSql } from './raise-alert.ts';

export interface AlertFilter {
  status?: readonly AlertStatus[];
  kind?: readonly AlertKind[];
  severity?: readonly AlertSeverity[];
  vendorId?: string;
  caseId?: string;
  raisedAfter?: Date;
}

export type AlertRow = Prisma.AlertGetPayload<object>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Alerts, most recently raised first; keyset pages on (lastRaisedAt, id). */
export async function listAlerts(
  prisma: PrismaClient,
  input: { filter?: AlertFilter; first: number; after?: string | null },
): Promise<AlertRow[]> {
  const f = input.filter ?? {};
  const problems: Problem[] = [];
  if (f.vendorId && !UUID.test(f.vendorId))
    problems.push({ path: 'filter.vendorId', message: 'is not an id' });
  if (f.caseId && !UUID.test(f.caseId))
    problems.push({ path: 'filter.caseId', message: 'is not an id' });
  if (input.after && !UUID.test(input.after))
    problems.push({ path: 'after', message: 'is not a cursor from this list' });
  if (problems.length > 0) throw validationError(problems);
  const where: Prisma.AlertWhereInput = {
    ...(f.status?.length ? { status: { in: [...f.status] } } : {}),
    ...(f.kind?.length ? { kind: { in: [...f.kind] } } : {}),
    ...(f.severity?.length ? { severity: { in: [...f.severity] } } : {}),
    ...(f.vendorId ? { vendorId: f.vendorId } : {}),
    ...(f.caseId ? { caseId: f.caseId } : {}),
    ...(f.raisedAfter ? { lastRaisedAt: { gt: f.raisedAfter } } : {}),
  };
  return withScope(prisma, systemScope('list alerts'), (tx) =>
    tx.alert.findMany({
      where,
      orderBy: [{ lastRaisedAt: 'desc' }, { id: 'desc' }],
      take: Math.min(Math.max(input.first, 1), 201),
      ...(input.after ? { cursor: { id: input.after }, skip: 1 } : {}),
    }),
  );
}

export async function readAlert(prisma: PrismaClient, id: string): Promise<AlertRow> {
  const row = UUID.test(id)
    ? await withScope(prisma, systemScope('read an alert'), (tx) =>
        tx.alert.findUnique({ where: { id } }),
      )
    : null;
  if (!row) throw new DomainError('NOT_FOUND', 'Alert not found');
  return row;
}

function checkNote(note: string | null | undefined, required: boolean): string | null {
  const problems: Problem[] = [];
  const text = note?.trim() ?? '';
  if (required && text.length === 0) {
    problems.push({ path: 'note', message: 'say what was done' });
  }
  if (text.length > 2000)
    problems.push({ path: 'note', message: 'is longer than 2000 characters' });
  if (problems.length > 0) throw validationError(problems);
  return text.length > 0 ? text : null;
}

/** Someone is on it: OPEN → ACKNOWLEDGED. */
export async function acknowledgeAlert(
  prisma: PrismaClient,
  actor: Actor,
  input: { alertId: string; note?: string | null; requestId?: string | null },
  now: () => Date = () => new Date(),
): Promise<AlertRow> {
  const note = checkNote(input.note, false);
  return moveAlert(
    prisma,
    actor,
    input,
    ['OPEN'],
    'ACKNOWLEDGED',
    (at) => ({
      acknowledgedAt: at,
      acknowledgedBy: actor.id,
      acknowledgeNote: note,
    }),
    now,
    note,
  );
}

/** Done, with a note of what was done: OPEN or ACKNOWLEDGED → RESOLVED. */
export async function resolveAlert(
  prisma: PrismaClient,
  actor: Actor,
  input: { alertId: string; note: string; requestId?: string | null },
  now: () => Date = () => new Date(),
): Promise<AlertRow> {
  const note = checkNote(input.note, true);
  return moveAlert(
    prisma,
    actor,
    input,
    ['OPEN', 'ACKNOWLEDGED'],
    'RESOLVED',
    (at) => ({
      resolvedAt: at,
      resolvedBy: actor.id,
      resolutionNote: note,
    }),
    now,
    note,
  );
}

async function moveAlert(
  prisma: PrismaClient,
  actor: Actor,
  input: { alertId: string; requestId?: string | null },
  from: readonly AlertStatus[],
  to: AlertStatus,
  fields: (at: Date) => Prisma.AlertUpdateManyMutationInput,
  now: () => Date,
  note: string | null,
): Promise<AlertRow> {
  if (!UUID.test(input.alertId)) throw new DomainError('NOT_FOUND', 'Alert not found');
  return withScope(prisma, systemScope(`alert ${to.toLowerCase()}`), async (tx) => {
    const current = await tx.alert.findUnique({ where: { id: input.alertId } });
    if (!current) throw new DomainError('NOT_FOUND', 'Alert not found');
    if (!from.includes(current.status)) {
      throw new DomainError(
        'INVALID_TRANSITION',
        `An ${current.status} alert cannot become ${to}`,
        { status: current.status, allowedFrom: [...from] },
      );
    }
    const at = now();
    // Conditional on the status read: a concurrent change makes this match nothing.
    const moved = await tx.alert.updateMany({
      where: { id: current.id, status: current.status },
      data: { status: to, ...fields(at) },
    });
    if (moved.count !== 1)
      throw new DomainError('CONFLICT', 'The alert changed meanwhile; read it again');
    await sqlTxOf(tx).execute(
      alertNoticesSql(
        P.sql`SELECT * FROM "Alert" WHERE id = ${current.id}::uuid`,
        to === 'RESOLVED' ? AlertTopic.Resolved : AlertTopic.Acknowledged,
      ),
    );
    await recordAudit(tx, {
      actor,
      action: to === 'RESOLVED' ? 'alert.resolve' : 'alert.acknowledge',
      targetType: 'Alert',
      targetId: current.id,
      requestId: input.requestId ?? null,
      details: { kind: current.kind, from: current.status, to, note },
    });
    return tx.alert.findUniqueOrThrow({ where: { id: current.id } });
  });
}
