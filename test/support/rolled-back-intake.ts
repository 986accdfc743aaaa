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

/** The created case in an intake transaction's outcome (one outcome per submission). */
const createdIn = (value: unknown): { caseId: string; status: string } | undefined => {
  if (!Array.isArray(value)) return undefined;
  const outcome = value.find(
    (o: { ok?: boolean; result?: { created?: boolean } }) => o?.ok && o.result?.created === true,
  ) as { result: { caseId: string; status: string } } | undefined;
  return outcome?.result;
};

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
            const created = createdIn(result);
            if (created === undefined) return result;
            throw new RolledBack(created.caseId, created.status);
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
