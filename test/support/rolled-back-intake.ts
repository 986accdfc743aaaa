// An intake whose transaction does everything (case, routing, outbox row) and then rolls back:
// what a crash or an error just before COMMIT leaves behind, which must be nothing at all.
import type { PrismaClient } from '@bvg/db';
import { type Actor, type SubmitCaseInput, submitCase } from '@bvg/domain';

export class RolledBack extends Error {
  constructor(
    readonly caseId: string,
    readonly status: string,
  ) {
    super('intake rolled back on purpose');
  }
}

const isIntakeResult = (
  value: unknown,
): value is { caseId: string; status: string; created: true } =>
  typeof value === 'object' &&
  value !== null &&
  'caseId' in value &&
  (value as { created?: unknown }).created === true;

/**
 * Runs `submitCase` with a client whose intake transaction throws after its last statement.
 * Returns the id the case had and the status it was routed to (OFFERED: the offer's outbox
 * row had been written, in the same transaction).
 */
export async function submitCaseRolledBack(
  prisma: PrismaClient,
  actor: Actor,
  input: SubmitCaseInput,
): Promise<{ caseId: string; status: string }> {
  const rollingBack = new Proxy(prisma, {
    get(target, prop) {
      if (prop === '$transaction') {
        return (fn: (tx: unknown) => Promise<unknown>, options?: object) =>
          target.$transaction(async (tx) => {
            const result = await fn(tx);
            if (!isIntakeResult(result)) return result;
            throw new RolledBack(result.caseId, result.status);
          }, options);
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  try {
    await submitCase(rollingBack, actor, input);
  } catch (error) {
    if (error instanceof RolledBack) return { caseId: error.caseId, status: error.status };
    throw error;
  }
  throw new Error('the intake committed although it was meant to roll back');
}
