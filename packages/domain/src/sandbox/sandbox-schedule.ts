// Synthetic cases without asking: a sandbox tenant (or ops for it) sets how many cases arrive
// how often, and the worker's `sandbox-cases` schedule makes the ones due. The schedule lives
// in PostgreSQL, so a restarted Redis or worker loses none of it.
import { type PrismaClient, systemScope, withScope } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { DomainError, type Problem, validationError } from '../shared/domain-error.ts';
import { generateIn } from './generate-sandbox-cases.ts';
import { MAX_SYNTHETIC_CASES_PER_CALL } from './synthetic-cases.ts';

/** Longest interval between scheduled runs: a week. */
export const MAX_SCHEDULE_MINUTES = 7 * 24 * 60;
/** Schedules one sweep runs at most; the next sweep takes the rest. */
const SWEEP_LIMIT = 50;
const SCHEDULE_ACTOR: Actor = { kind: 'SYSTEM', id: 'sandbox-schedule' };

export interface SandboxScheduleView {
  vendorId: string;
  casesPerRun: number;
  everyMinutes: number;
  scopeCode: string | null;
  regionCode: string | null;
  nextRunAt: Date;
}

export interface SetSandboxScheduleInput {
  /** The sandbox tenant; a sandbox client passes none (its own). */
  vendorId?: string | null;
  /** 0 turns the schedule off. */
  casesPerRun: number;
  everyMinutes: number;
  scope?: string | null;
  region?: string | null;
  requestId?: string | null;
}

function scheduleProblems(input: SetSandboxScheduleInput): Problem[] {
  const problems: Problem[] = [];
  if (
    !Number.isInteger(input.casesPerRun) ||
    input.casesPerRun < 0 ||
    input.casesPerRun > MAX_SYNTHETIC_CASES_PER_CALL
  ) {
    problems.push({
      path: 'casesPerRun',
      message: `between 0 (off) and ${MAX_SYNTHETIC_CASES_PER_CALL}`,
    });
  }
  if (
    !Number.isInteger(input.everyMinutes) ||
    input.everyMinutes < 1 ||
    input.everyMinutes > MAX_SCHEDULE_MINUTES
  ) {
    problems.push({ path: 'everyMinutes', message: `between 1 and ${MAX_SCHEDULE_MINUTES}` });
  }
  return problems;
}

/**
 * Sets (or, with `casesPerRun: 0`, removes) a sandbox tenant's schedule; the first run is
 * `everyMinutes` from now. A real partner's client is FORBIDDEN; another tenant is NOT_FOUND.
 */
export async function setSandboxSchedule(
  prisma: PrismaClient,
  actor: Actor,
  input: SetSandboxScheduleInput,
  now: Date = new Date(),
): Promise<SandboxScheduleView | null> {
  let vendorId: string;
  if (actor.kind === 'VENDOR') {
    if (input.vendorId && input.vendorId !== actor.vendorId) {
      throw new DomainError('NOT_FOUND', 'Not found');
    }
    vendorId = actor.vendorId;
  } else if (input.vendorId) {
    vendorId = input.vendorId;
  } else {
    throw validationError([{ path: 'vendorId', message: 'is required' }]);
  }
  return withActorScope(prisma, actor, 'set a sandbox schedule', async (tx) => {
    const vendor = /^[0-9a-f-]{36}$/i.test(vendorId)
      ? await tx.vendor.findUnique({ where: { id: vendorId }, select: { sandboxOfId: true } })
      : null;
    if (!vendor) throw new DomainError('NOT_FOUND', 'Not found');
    if (vendor.sandboxOfId === null) {
      if (actor.kind === 'VENDOR') {
        throw new DomainError('FORBIDDEN', 'Only a sandbox client can schedule synthetic cases');
      }
      throw validationError([{ path: 'vendorId', message: 'is not a sandbox tenant' }]);
    }
    const refs = scheduleProblems(input);
    if (input.region && !(await tx.region.findUnique({ where: { code: input.region } }))) {
      refs.push({ path: 'region', message: `unknown region ${input.region}` });
    }
    if (
      input.scope &&
      !(await tx.scope.findFirst({ where: { code: input.scope, active: true } }))
    ) {
      refs.push({ path: 'scope', message: `unknown or inactive scope ${input.scope}` });
    }
    if (refs.length > 0) throw validationError(refs);
    await recordAudit(tx, {
      actor,
      action: input.casesPerRun === 0 ? 'sandbox.unschedule' : 'sandbox.schedule',
      targetType: 'Vendor',
      targetId: vendorId,
      requestId: input.requestId ?? null,
      details: {
        casesPerRun: input.casesPerRun,
        everyMinutes: input.everyMinutes,
        scope: input.scope ?? null,
        region: input.region ?? null,
      },
    });
    if (input.casesPerRun === 0) {
      await tx.sandboxSchedule.deleteMany({ where: { vendorId } });
      return null;
    }
    const data = {
      casesPerRun: input.casesPerRun,
      everyMinutes: input.everyMinutes,
      scopeCode: input.scope ?? null,
      regionCode: input.region ?? null,
      nextRunAt: new Date(now.getTime() + input.everyMinutes * 60_000),
    };
    return tx.sandboxSchedule.upsert({
      where: { vendorId },
      create: { vendorId, ...data },
      update: data,
      select: {
        vendorId: true,
        casesPerRun: true,
        everyMinutes: true,
        scopeCode: true,
        regionCode: true,
        nextRunAt: true,
      },
    });
  });
}

/** A sandbox tenant's schedule, or null when it has none. */
export async function getSandboxSchedule(
  prisma: PrismaClient,
  actor: Actor,
  input: { vendorId?: string | null },
): Promise<SandboxScheduleView | null> {
  const vendorId = actor.kind === 'VENDOR' ? actor.vendorId : input.vendorId;
  if (!vendorId || !/^[0-9a-f-]{36}$/i.test(vendorId)) return null;
  if (actor.kind === 'VENDOR' && input.vendorId && input.vendorId !== actor.vendorId) return null;
  return withActorScope(prisma, actor, 'read a sandbox schedule', (tx) =>
    tx.sandboxSchedule.findUnique({
      where: { vendorId },
      select: {
        vendorId: true,
        casesPerRun: true,
        everyMinutes: true,
        scopeCode: true,
        regionCode: true,
        nextRunAt: true,
      },
    }),
  );
}

export interface SandboxSweepResult {
  runs: number;
  cases: number;
  /** Schedules that could not run (e.g. their scope was retired); they try again next time. */
  failed: number;
}

/**
 * Runs every schedule that is due: each in its own transaction, which locks its row (a
 * concurrent sweep skips it), makes the cases and moves `nextRunAt` on. A run missed while no
 * worker ran is made once, not once per missed interval.
 */
export async function runDueSandboxSchedules(
  prisma: PrismaClient,
  now: Date,
  random: () => number = Math.random,
): Promise<SandboxSweepResult> {
  const due = await withScope(prisma, systemScope('find due sandbox schedules'), (tx) =>
    tx.sandboxSchedule.findMany({
      where: { nextRunAt: { lte: now } },
      orderBy: { nextRunAt: 'asc' },
      take: SWEEP_LIMIT,
      select: { vendorId: true },
    }),
  );
  const result: SandboxSweepResult = { runs: 0, cases: 0, failed: 0 };
  for (const { vendorId } of due) {
    try {
      const made = await withScope(prisma, systemScope('run a sandbox schedule'), async (tx) => {
        const [schedule] = await tx.$queryRaw<
          {
            casesPerRun: number;
            everyMinutes: number;
            scopeCode: string | null;
            regionCode: string | null;
          }[]
        >`SELECT "casesPerRun", "everyMinutes", "scopeCode", "regionCode" FROM "SandboxSchedule"
           WHERE "vendorId" = ${vendorId}::uuid AND "nextRunAt" <= ${now}
           FOR UPDATE SKIP LOCKED`;
        if (!schedule) return null;
        await tx.sandboxSchedule.update({
          where: { vendorId },
          data: { nextRunAt: new Date(now.getTime() + schedule.everyMinutes * 60_000) },
        });
        const cases = await generateIn(
          tx,
          SCHEDULE_ACTOR,
          vendorId,
          { count: schedule.casesPerRun, scope: schedule.scopeCode, region: schedule.regionCode },
          now,
          random,
        );
        return cases.length;
      });
      if (made !== null) {
        result.runs += 1;
        result.cases += made;
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      result.failed += 1;
      // Try again at the next interval rather than at every sweep.
      await withScope(
        prisma,
        systemScope('postpone a failed sandbox schedule'),
        (tx) =>
          tx.$executeRaw`UPDATE "SandboxSchedule"
                          SET "nextRunAt" = ${now}::timestamptz + "everyMinutes" * interval '1 minute'
                        WHERE "vendorId" = ${vendorId}::uuid`,
      );
    }
  }
  return result;
}
