// Quality data as entry points: each takes the actor and opens its own scope.
import { type PrismaClient, systemScope, withScope } from '@bvg/db';
import type { Period } from '@bvg/scorecards';
import { refreshRollupsForCases } from '../scorecard-data/index.ts';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { listQaCalibration, type QaCalibration } from './list-qa-calibration.ts';
import { type CsatResult, type SubmitCsatInput, submitCsat } from './submit-csat.ts';
import {
  type QaEvaluationResult,
  type SubmitQaEvaluationInput,
  submitQaEvaluation,
} from './submit-qa-evaluation.ts';

/**
 * Quality data moves figures anchored on the case's resolution day: bring those rollup cells
 * up to date now. Rollups hold every vendor's cells, so this is system maintenance whoever
 * submitted. Best effort — the data is committed already, and the backfill command rebuilds
 * any cell a failure here leaves behind.
 */
async function refreshCells(prisma: PrismaClient, caseId: string): Promise<void> {
  try {
    await withScope(prisma, systemScope('rollup refresh after quality data'), (tx) =>
      refreshRollupsForCases(tx, [caseId]),
    );
  } catch {
    // Deliberately ignored: see above.
  }
}

/** A QA evaluation by a partner's QA (in its tenant: its own cases only) or an internal auditor. */
export async function recordQaEvaluation(
  prisma: PrismaClient,
  actor: Actor,
  input: SubmitQaEvaluationInput,
): Promise<QaEvaluationResult> {
  const result = await withActorScope(prisma, actor, 'internal QA audit', (tx) =>
    submitQaEvaluation(tx, actor, input),
  );
  if (!result.replayed) await refreshCells(prisma, result.caseId);
  return result;
}

/** The platform survey's answer for a case (intake: across tenants). */
export async function recordCsat(
  prisma: PrismaClient,
  actor: Actor,
  input: SubmitCsatInput,
): Promise<CsatResult> {
  const result = await withActorScope(prisma, actor, 'CSAT from the platform survey', (tx) =>
    submitCsat(tx, actor, input),
  );
  if (!result.replayed) await refreshCells(prisma, result.caseId);
  return result;
}

/** Grader agreement for one vendor, for internal reviewers. */
export function reviewQaCalibration(
  prisma: PrismaClient,
  actor: Actor,
  input: { vendorId: string; period: Period; threshold?: number },
): Promise<QaCalibration> {
  return withActorScope(prisma, actor, 'QA calibration review', (tx) =>
    listQaCalibration(tx, input),
  );
}
