// A vendor disputes one line of a current statement; a vendor manager decides. Each step is
// audited and announced to the vendor (thin `credit.dispute_*` webhooks through the outbox).
import { Prisma, type PrismaClient } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import { announceCredit } from '../dispatch/index.ts';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { DomainError, validationError } from '../shared/domain-error.ts';
import {
  isUuid,
  type ResolveDisputeInput,
  resolutionProblems,
  resolveDispute,
  textProblems,
} from './rules.ts';
import { type CreditDisputeView, isVendorManager } from './statements.ts';

/**
 * A partner disputes a line of one of its own current statements, with its reason. Another
 * vendor's line is NOT_FOUND (row-level security hides it); a superseded statement or a line
 * already disputed is a CONFLICT.
 */
export async function disputeCreditLine(
  prisma: PrismaClient,
  actor: Actor,
  input: { lineId: string; reason: string; requestId?: string | null },
): Promise<CreditDisputeView> {
  if (actor.kind !== 'VENDOR') {
    throw new DomainError('FORBIDDEN', 'Only the vendor a statement belongs to disputes it');
  }
  const problems = textProblems('reason', input.reason);
  if (problems.length > 0) throw validationError(problems);
  if (!isUuid(input.lineId)) throw new DomainError('NOT_FOUND', 'Credit line not found');
  return withActorScope(prisma, actor, `dispute credit line ${input.lineId}`, async (tx) => {
    const line = await tx.creditStatementLine.findUnique({
      where: { id: input.lineId },
      include: { statement: { select: { status: true } }, dispute: { select: { id: true } } },
    });
    if (!line) throw new DomainError('NOT_FOUND', 'Credit line not found');
    if (line.statement.status !== 'CURRENT') {
      throw new DomainError('CONFLICT', 'The statement was re-issued: dispute its current version');
    }
    if (line.dispute) throw new DomainError('CONFLICT', 'This line is already disputed');
    let dispute: CreditDisputeView;
    try {
      dispute = await tx.creditDispute.create({
        data: {
          lineId: line.id,
          statementId: line.statementId,
          vendorId: actor.vendorId,
          reason: input.reason,
          openedBy: actor.id,
        },
      });
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
        throw new DomainError('CONFLICT', 'This line is already disputed');
      }
      throw e;
    }
    await recordAudit(tx, {
      actor,
      action: 'credit_dispute.open',
      targetType: 'CreditDispute',
      targetId: dispute.id,
      requestId: input.requestId ?? null,
      details: { lineId: line.id, statementId: line.statementId, reason: input.reason },
    });
    await announceCredit(tx, 'credit.dispute_opened', {
      disputeId: dispute.id,
      lineId: line.id,
      statementId: line.statementId,
      vendorId: actor.vendorId,
      status: 'OPEN',
    });
    return dispute;
  });
}

/**
 * A vendor manager's decision on an OPEN dispute: ACCEPT (the line charges nothing), ADJUST
 * (a new amount, at most what the line charged) or REJECT (it stands), always with a note.
 * A decided dispute is final: deciding again is a CONFLICT.
 */
export async function resolveCreditDispute(
  prisma: PrismaClient,
  actor: Actor,
  input: ResolveDisputeInput & { disputeId: string; requestId?: string | null },
): Promise<CreditDisputeView> {
  if (!isVendorManager(actor)) throw new DomainError('FORBIDDEN', 'Not allowed');
  const problems = resolutionProblems(input);
  if (problems.length > 0) throw validationError(problems);
  if (!isUuid(input.disputeId)) throw new DomainError('NOT_FOUND', 'Credit dispute not found');
  return withActorScope(prisma, actor, `resolve credit dispute ${input.disputeId}`, async (tx) => {
    const dispute = await tx.creditDispute.findUnique({
      where: { id: input.disputeId },
      include: { line: { select: { chargedCents: true } } },
    });
    if (!dispute) throw new DomainError('NOT_FOUND', 'Credit dispute not found');
    const outcome = resolveDispute(dispute.status, input, dispute.line.chargedCents);
    if (!outcome.ok) throw new DomainError('CONFLICT', outcome.message);
    if (input.decision === 'ADJUST' && outcome.amountCents > dispute.line.chargedCents) {
      throw validationError([
        {
          path: 'amountCents',
          message: `must be at most what the line charged (${dispute.line.chargedCents})`,
        },
      ]);
    }
    // Only from OPEN: a decision racing another finds nothing to change.
    const changed = await tx.creditDispute.updateMany({
      where: { id: dispute.id, status: 'OPEN' },
      data: {
        status: outcome.status,
        resolvedAmountCents: outcome.amountCents,
        resolutionNote: input.note,
        resolvedBy: actor.id,
        resolvedAt: new Date(),
      },
    });
    if (changed.count === 0) throw new DomainError('CONFLICT', 'The dispute was decided already');
    await recordAudit(tx, {
      actor,
      action: 'credit_dispute.resolve',
      targetType: 'CreditDispute',
      targetId: dispute.id,
      requestId: input.requestId ?? null,
      details: {
        decision: input.decision,
        status: outcome.status,
        chargedCents: dispute.line.chargedCents,
        amountCents: outcome.amountCents,
        note: input.note,
      },
    });
    await announceCredit(tx, 'credit.dispute_resolved', {
      disputeId: dispute.id,
      lineId: dispute.lineId,
      statementId: dispute.statementId,
      vendorId: dispute.vendorId,
      status: outcome.status,
    });
    return tx.creditDispute.findUniqueOrThrow({ where: { id: dispute.id } });
  });
}
