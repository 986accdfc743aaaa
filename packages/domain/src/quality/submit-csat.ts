import { RESOLVED_STATUSES, statusIn } from '@bvg/case-status';
import type { TenantTx } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { DomainError, type Problem, validationError } from '../shared/domain-error.ts';

export interface SubmitCsatInput {
  caseId: string;
  /** 1..5 */
  score: number;
  comment?: string | null;
  respondedAt?: Date;
  requestId?: string | null;
}

export interface CsatResult {
  id: string;
  caseId: string;
  vendorId: string | null;
  score: number;
  comment: string | null;
  respondedAt: Date;
  replayed: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The user's survey answer for a resolved case, from the platform (intake). One answer per
 * case: the same answer again returns the stored one, a different one is a CONFLICT.
 */
export async function submitCsat(
  tx: TenantTx,
  actor: Actor,
  input: SubmitCsatInput,
  now = new Date(),
): Promise<CsatResult> {
  if (actor.kind !== 'INTAKE' && actor.kind !== 'INTERNAL' && actor.kind !== 'SYSTEM') {
    throw new DomainError('FORBIDDEN', 'CSAT answers come from the platform survey');
  }
  const problems: Problem[] = [];
  if (!UUID.test(input.caseId)) problems.push({ path: 'caseId', message: 'is not a case id' });
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) {
    problems.push({ path: 'score', message: 'must be a whole number from 1 to 5' });
  }
  if (input.comment != null && input.comment.length > 2000) {
    problems.push({ path: 'comment', message: 'is longer than 2,000 characters' });
  }
  if (input.respondedAt && input.respondedAt.getTime() > now.getTime() + 60_000) {
    problems.push({ path: 'respondedAt', message: 'is in the future' });
  }
  if (problems.length > 0) throw validationError(problems, 'The CSAT answer is not valid');

  const found = await tx.case.findUnique({
    where: { id: input.caseId },
    select: { id: true, vendorId: true, status: true, resolvedAt: true },
  });
  if (!found) throw new DomainError('NOT_FOUND', 'Case not found');
  if (found.resolvedAt === null && !statusIn(RESOLVED_STATUSES, found.status)) {
    throw validationError(
      [{ path: 'caseId', message: 'the case has not been resolved yet' }],
      'The CSAT answer is not valid',
    );
  }
  const comment = input.comment?.trim() || null;
  const existing = await tx.csatResponse.findUnique({ where: { caseId: found.id } });
  if (existing) {
    if (existing.score !== input.score || (existing.comment ?? null) !== comment) {
      throw new DomainError('CONFLICT', 'This case already has a different CSAT answer', {
        csatId: existing.id,
      });
    }
    return { ...existing, replayed: true };
  }
  const created = await tx.csatResponse.create({
    data: {
      caseId: found.id,
      vendorId: found.vendorId,
      score: input.score,
      comment,
      respondedAt: input.respondedAt ?? now,
    },
  });
  await recordAudit(tx, {
    actor,
    action: 'csat.submit',
    targetType: 'Case',
    targetId: found.id,
    requestId: input.requestId ?? null,
    details: { csatId: created.id, score: input.score },
  });
  return { ...created, replayed: false };
}
