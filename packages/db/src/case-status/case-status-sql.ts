// SQL reads case-status sets from @bvg/case-status, never from literals of its own.
import { type CaseStatus, isCaseStatus } from '@bvg/case-status';
import { Prisma } from '../generated/prisma/client.ts';

/**
 * `('A', 'B', …)` for `status IN ${caseStatusList(SET)}`. Literals, not parameters, so the
 * planner sees the same constants as in a hand-written statement (and can match partial
 * indexes); every value is checked to be a status first, so nothing else reaches the SQL.
 */
export function caseStatusList(set: readonly CaseStatus[]): Prisma.Sql {
  if (set.length === 0) throw new RangeError('an empty status set matches nothing');
  for (const s of set)
    if (!isCaseStatus(s)) throw new RangeError(`not a case status: ${String(s)}`);
  return Prisma.raw(`(${set.map((s) => `'${s}'`).join(', ')})`);
}
