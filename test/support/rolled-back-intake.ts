// An intake whose transaction does everything (case, routing, outbox row) and then fails at
// COMMIT: what a crash or an error just before COMMIT leaves behind, which must be nothing at
// all. PostgreSQL itself refuses the commit (a deferred constraint trigger), so the intake runs
// exactly the code and transaction it runs in production.
import type { PrismaClient } from '@bvg/db';
import { type Actor, type SubmitCaseInput, submitCase } from '@bvg/domain';

/** Submissions whose externalRef starts with this are refused at COMMIT once installed. */
const MARKER = 'rollback-at-commit-';
const REFUSED = /intake rolled back on purpose: case (\S+) (\S+)/;

/** Installs the trigger (as the database owner); the refusal names the case and its status. */
export async function installRollbackAtCommit(owner: PrismaClient): Promise<void> {
  await owner.$executeRawUnsafe(`
    CREATE FUNCTION refuse_commit_of_marked_case() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW."externalRef" LIKE '${MARKER}%' THEN
        RAISE EXCEPTION 'intake rolled back on purpose: case % %', NEW.id, NEW.status;
      END IF;
      RETURN NULL;
    END $$`);
  await owner.$executeRawUnsafe(`
    CREATE CONSTRAINT TRIGGER refuse_commit_of_marked_case AFTER INSERT ON "Case"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_commit_of_marked_case()`);
}

/**
 * Runs `submitCase` for a submission PostgreSQL refuses at COMMIT. Returns the id the case had
 * and the status it was routed to (OFFERED: the offer's outbox row had been written, in the
 * same transaction).
 */
export async function submitCaseRolledBack(
  prisma: PrismaClient,
  actor: Actor,
  input: SubmitCaseInput,
): Promise<{ caseId: string; status: string }> {
  try {
    await submitCase(prisma, actor, { ...input, externalRef: `${MARKER}${input.externalRef}` });
  } catch (error) {
    const refused = REFUSED.exec((error as Error).message);
    if (refused) return { caseId: refused[1]!, status: refused[2]! };
    throw error;
  }
  throw new Error('the intake committed although it was meant to roll back');
}
