// Transitions the platform makes, not the vendor: the user writes back after a resolution
// (REOPENED, counts against first-contact resolution) or while the partner waits for them
// (RESUMED, the paused time given back as a partner's resume gives it), and resolved cases
// close after a quiet period. The vendor holding the case hears of both through a `case.updated` webhook
// (caseUpdateRecipient: changes made by others than the holding vendor).
import type { PrismaClient, TenantTx } from '@bvg/db';
import { systemScope, withScope } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import { announce } from '../dispatch/index.ts';
import type { Actor } from '../shared/actor.ts';
import { DomainError, validationError } from '../shared/domain-error.ts';
import { caseUpdateRecipient } from './case-updated.ts';
import { type CaseAction, planTransition } from './lifecycle.ts';
import { pauseCalendars } from './transition-case.ts';
import { transitionEffects } from './transition-effects.ts';

/**
 * A platform transition inside the caller's transaction (a user message reopening or resuming
 * a case).
 */
export async function applyPlatformTransition(
  tx: TenantTx,
  actor: Actor,
  action: Extract<CaseAction, 'REOPEN' | 'CLOSE' | 'RESUME'>,
  c: { id: string; status: string; version: number; vendorId: string | null },
  at: Date,
  details: Record<string, unknown>,
  requestId?: string | null,
) {
  const plan = planTransition(action, c.status as never);
  const version = c.version + 1;
  const updated = await tx.case.updateMany({
    where: { id: c.id, version: c.version },
    data: {
      status: plan.to,
      version,
      ...(action === 'CLOSE' ? { closedAt: at } : {}),
      ...(action === 'RESUME' ? await resumeEffects(tx, c.id, at) : {}),
    },
  });
  if (updated.count !== 1)
    throw new DomainError('CONFLICT', 'The case was changed meanwhile; try again');
  await tx.caseEvent.create({
    data: {
      caseId: c.id,
      vendorId: c.vendorId,
      type: plan.event,
      fromStatus: plan.from,
      toStatus: plan.to,
      version,
      actorKind: actor.kind,
      actorId: actor.id,
      requestId: requestId ?? null,
      occurredAt: at,
      data: details as object,
    },
  });
  const recipient = caseUpdateRecipient(actor, c.vendorId);
  if (recipient) {
    await announce(tx, 'case.updated', {
      caseId: c.id,
      vendorId: recipient,
      version,
      status: plan.to,
    });
  }
  return { caseId: c.id, status: plan.to, version };
}

/** The clocks a resume moves, exactly as a worker's RESUME moves them (same rules, calendars). */
async function resumeEffects(tx: TenantTx, caseId: string, at: Date) {
  const current = await tx.case.findUniqueOrThrow({
    where: { id: caseId },
    include: {
      vendor: {
        select: { id: true, calendarId: true, timeZone: true, businessHours: true, holidays: true },
      },
    },
  });
  const { hours, userHours } = await pauseCalendars(tx, current, current.slaPausedAt ?? at);
  return transitionEffects('RESUME', current, at, {}, hours, userHours);
}

/** The user came back on a resolved case: it reopens with the vendor that resolved it. */
export async function reopenCase(
  prisma: PrismaClient,
  actor: Actor,
  input: { source: string; externalRef: string; reason: string; requestId?: string | null },
  now: () => Date = () => new Date(),
) {
  if (!input.reason.trim()) throw validationError([{ path: 'reason', message: 'is required' }]);
  return withScope(prisma, systemScope('reopen a case'), async (tx) => {
    const c = await tx.case.findUnique({
      where: { source_externalRef: { source: input.source, externalRef: input.externalRef } },
      select: { id: true, status: true, version: true, vendorId: true },
    });
    if (!c) throw new DomainError('NOT_FOUND', 'Case not found');
    const result = await applyPlatformTransition(
      tx,
      actor,
      'REOPEN',
      c,
      now(),
      { reason: input.reason },
      input.requestId,
    );
    await recordAudit(tx, {
      actor,
      action: 'case.reopen',
      targetType: 'Case',
      targetId: c.id,
      requestId: input.requestId ?? null,
      details: { reason: input.reason },
    });
    return result;
  });
}

/** Closes cases resolved longer than `quietMs` ago (each in its own transaction). */
export async function closeQuietResolvedCases(
  prisma: PrismaClient,
  options: { now: Date; quietMs: number; limit?: number },
): Promise<number> {
  const actor: Actor = { kind: 'SYSTEM', id: 'auto-close' };
  const due = await withScope(prisma, systemScope('find cases to close'), (tx) =>
    tx.case.findMany({
      where: {
        status: 'RESOLVED',
        resolvedAt: { lt: new Date(options.now.getTime() - options.quietMs) },
      },
      select: { id: true, status: true, version: true, vendorId: true },
      take: options.limit ?? 500,
    }),
  );
  let closed = 0;
  for (const c of due) {
    try {
      await withScope(prisma, systemScope('close a quiet case'), (tx) =>
        applyPlatformTransition(tx, actor, 'CLOSE', c, options.now, { after: 'quiet period' }),
      );
      closed += 1;
    } catch (error) {
      // Reopened or changed meanwhile: it is no longer due.
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return closed;
}
