// Intake: a platform system submits a case. Idempotent on (source, externalRef); the case,
// its routing decision and the outbox message announcing it commit together. One submission
// is a batch of one (`submitCases`): the same statements, the same rules.
import type { PrismaClient } from '@bvg/db';
import type { Actor } from '../shared/actor.ts';
import type { SubmitCaseInput, SubmitCaseResult } from './submission-schema.ts';
import { submitCases } from './submit-cases.ts';

/** Submits one case; throws its `DomainError` (VALIDATION lists every problem). */
export async function submitCase(
  prisma: PrismaClient,
  actor: Actor,
  raw: SubmitCaseInput,
  options: { requestId?: string | null; now?: () => Date } = {},
): Promise<SubmitCaseResult> {
  const [outcome] = await submitCases(
    prisma,
    [{ actor, input: raw, requestId: options.requestId ?? null }],
    options.now ? { now: options.now } : {},
  );
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.result;
}
