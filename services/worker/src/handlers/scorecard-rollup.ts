// Folds new case events into the scorecard rollups: the cells of every case with an event
// after the watermark are recomputed from that case's facts. One step of the
// `rollup-scorecards` maintenance job (which keeps the watermark), not a queue job of its own.
import { type PrismaClient, systemScope, withScope } from '@bvg/db';
import { refreshRollupsForCases } from '@bvg/domain';
import type { Job } from 'bullmq';
import { z } from 'zod';

/** Where the step starts: after this case event id (none: from the first event). */
const rollupStepInput = z.object({ afterEventId: z.string().optional() });

export interface ScorecardRollupResult {
  /** The watermark to pass as `afterEventId` next time. */
  lastEventId: string;
  cases: number;
  cells: number;
  /** True when more events were waiting than one batch takes. */
  more: boolean;
}

export function createScorecardRollupHandler(
  prisma: PrismaClient,
  options: { batchSize?: number } = {},
) {
  const batchSize = options.batchSize ?? 2_000;
  return async (job: Pick<Job, 'data'>): Promise<ScorecardRollupResult> => {
    const { afterEventId } = rollupStepInput.parse(job.data);
    const after = BigInt(afterEventId ?? '0');
    return withScope(
      prisma,
      systemScope('scorecard rollup refresh'),
      async (tx) => {
        const events = await tx.caseEvent.findMany({
          where: { id: { gt: after } },
          orderBy: { id: 'asc' },
          take: batchSize,
          select: { id: true, caseId: true },
        });
        const caseIds = [...new Set(events.map((e) => e.caseId))];
        const { cells } = await refreshRollupsForCases(tx, caseIds);
        return {
          lastEventId: String(events.at(-1)?.id ?? after),
          cases: caseIds.length,
          cells,
          more: events.length === batchSize,
        };
      },
      { timeout: 120_000 },
    );
  };
}
