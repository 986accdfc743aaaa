import { RESOLVED_STATUSES, statusIn } from '@bvg/case-status';
import type { TenantTx } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import {
  CaseNotFoundError,
  DomainError,
  type Problem,
  validationError,
} from '../shared/domain-error.ts';
import { type RubricItem, rubricProblems, rubricScore } from './rubric-score.ts';

export interface SubmitQaEvaluationInput {
  caseId: string;
  /** The person who graded (a vendor QA analyst's id, or an auditor); defaults to the actor. */
  evaluatorId?: string;
  rubric: readonly RubricItem[];
  /** When given, must equal the rubric's weighted score (to one decimal). */
  score?: number | null;
  criticalError: boolean;
  /** Scored without seeing the other side's evaluation (calibration). Defaults to true. */
  blind?: boolean;
  comment?: string | null;
  evaluatedAt?: Date;
  requestId?: string | null;
}

export interface QaEvaluationResult {
  id: string;
  caseId: string;
  vendorId: string;
  evaluatorKind: 'VENDOR' | 'INTERNAL';
  evaluatorId: string;
  rubric: RubricItem[];
  score: number;
  criticalError: boolean;
  blind: boolean;
  comment: string | null;
  evaluatedAt: Date;
  /** True when this exact evaluation had been submitted before (nothing was written). */
  replayed: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validate(input: SubmitQaEvaluationInput, evaluatorId: string, now: Date): Problem[] {
  const problems: Problem[] = [];
  if (!UUID.test(input.caseId)) problems.push({ path: 'caseId', message: 'is not a case id' });
  if (evaluatorId.trim() === '' || evaluatorId.length > 200) {
    problems.push({ path: 'evaluatorId', message: 'must be 1 to 200 characters' });
  }
  const rubric = rubricProblems(input.rubric);
  problems.push(...rubric);
  if (input.score != null && rubric.length === 0) {
    const computed = rubricScore(input.rubric);
    if (Math.abs(input.score - computed) > 0.05) {
      problems.push({
        path: 'score',
        message: `does not match the rubric: the weighted items give ${computed}`,
      });
    }
  }
  if (input.comment != null && input.comment.length > 4000) {
    problems.push({ path: 'comment', message: 'is longer than 4,000 characters' });
  }
  if (input.evaluatedAt && input.evaluatedAt.getTime() > now.getTime() + 60_000) {
    problems.push({ path: 'evaluatedAt', message: 'is in the future' });
  }
  return problems;
}

const sameRubric = (a: readonly RubricItem[], b: readonly RubricItem[]) =>
  a.length === b.length &&
  a.every((r, i) => r.item === b[i]?.item && r.weight === b[i]?.weight && r.score === b[i]?.score);

/**
 * Records a QA evaluation of a handled case: by the vendor's QA (a vendor actor, in its own
 * tenant: another vendor's case is NOT_FOUND) or by an internal auditor. The score is the
 * rubric's weighted mean. Submitting the same evaluation again returns the stored one;
 * a different one from the same evaluator for the same case is a CONFLICT.
 */
export async function submitQaEvaluation(
  tx: TenantTx,
  actor: Actor,
  input: SubmitQaEvaluationInput,
  now = new Date(),
): Promise<QaEvaluationResult> {
  if (actor.kind !== 'VENDOR' && actor.kind !== 'INTERNAL') {
    throw new DomainError('FORBIDDEN', 'Only vendor QA or internal auditors evaluate cases');
  }
  const evaluatorKind = actor.kind === 'VENDOR' ? 'VENDOR' : 'INTERNAL';
  const evaluatorId = input.evaluatorId ?? actor.id;
  const problems = validate(input, evaluatorId, now);
  if (problems.length > 0) throw validationError(problems, 'The QA evaluation is not valid');

  const found = await tx.case.findUnique({
    where: { id: input.caseId },
    select: { id: true, vendorId: true, status: true, resolvedAt: true },
  });
  if (!found || found.vendorId === null) throw new CaseNotFoundError(input.caseId);
  if (actor.kind === 'VENDOR' && found.vendorId !== actor.vendorId) {
    throw new CaseNotFoundError(input.caseId);
  }
  if (found.resolvedAt === null && !statusIn(RESOLVED_STATUSES, found.status)) {
    throw validationError(
      [
        {
          path: 'caseId',
          message: 'the case has not been resolved yet; only handled cases are evaluated',
        },
      ],
      'The QA evaluation is not valid',
    );
  }
  const rubric = input.rubric.map((r) => ({
    item: r.item.trim(),
    weight: r.weight,
    score: r.score,
  }));
  const score = rubricScore(rubric);
  const data = {
    rubric,
    score,
    criticalError: input.criticalError,
    blind: input.blind ?? true,
    comment: input.comment ?? null,
  };
  const key = { caseId: found.id, evaluatorKind, evaluatorId } as const;
  const existing = await tx.qaEvaluation.findUnique({
    where: { caseId_evaluatorKind_evaluatorId: key },
  });
  if (existing) {
    const same =
      sameRubric(existing.rubric as unknown as RubricItem[], rubric) &&
      existing.criticalError === data.criticalError &&
      existing.blind === data.blind &&
      (existing.comment ?? null) === data.comment;
    if (!same) {
      throw new DomainError(
        'CONFLICT',
        'This evaluator has already evaluated the case differently; evaluations are not rewritten',
        { evaluationId: existing.id },
      );
    }
    return toResult(existing, true);
  }
  const created = await tx.qaEvaluation.create({
    data: {
      ...key,
      vendorId: found.vendorId,
      ...data,
      evaluatedAt: input.evaluatedAt ?? now,
    },
  });
  await recordAudit(tx, {
    actor,
    action: 'qa.submit',
    targetType: 'Case',
    targetId: found.id,
    requestId: input.requestId ?? null,
    details: {
      evaluationId: created.id,
      evaluatorKind,
      evaluatorId,
      score,
      criticalError: data.criticalError,
    },
  });
  return toResult(created, false);
}

function toResult(
  row: {
    id: string;
    caseId: string;
    vendorId: string;
    evaluatorKind: 'VENDOR' | 'INTERNAL';
    evaluatorId: string;
    rubric: unknown;
    score: number;
    criticalError: boolean;
    blind: boolean;
    comment: string | null;
    evaluatedAt: Date;
  },
  replayed: boolean,
): QaEvaluationResult {
  return { ...row, rubric: row.rubric as RubricItem[], replayed };
}
