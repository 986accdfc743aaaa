// A Tier 2 team's queue: its open cases, the most urgent SLA first. Offers to an in-house team
// carry no lease and never lapse: they wait here until a specialist claims them.
import { RECALLABLE_STATUSES } from '@bvg/case-status';
import type { PrismaClient } from '@bvg/db';
import { caseStatusList, Prisma, systemScope, withScope } from '@bvg/db';
import { recordAuditMany } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { DomainError } from '../shared/domain-error.ts';
import { findTeam, isSpecialist, specialistTeams, type TeamRef } from '../teams/index.ts';

/** Which of the team's open cases to list. */
export type QueueClaimFilter = 'UNCLAIMED' | 'MINE' | 'ANY';

export interface TeamQueueInput {
  /** A team id or slug; absent: every team of the specialist. */
  team?: string | null;
  claim?: QueueClaimFilter;
  first?: number;
  requestId?: string | null;
}

export interface TeamQueueEntry {
  caseId: string;
  teamId: string;
  status: string;
  priority: string;
  claimedBy: string | null;
  /** The next SLA due time: first response while none was given, else resolution. */
  nextDueAt: Date | null;
}

const QUEUED_STATUSES = RECALLABLE_STATUSES;

/**
 * Ops see any team's queue; a specialist sees its own teams' (another team is NOT_FOUND).
 * Ordered by the next SLA due time (none last), then priority, then age: one statement on the
 * (vendorId, status, resolutionDueAt) index.
 */
export async function listTeamQueue(
  prisma: PrismaClient,
  actor: Actor,
  input: TeamQueueInput,
): Promise<{ teams: TeamRef[]; entries: TeamQueueEntry[] }> {
  if (actor.kind !== 'INTERNAL') throw new DomainError('FORBIDDEN', 'Tier 2 queues are internal');
  const first = Math.min(Math.max(input.first ?? 50, 1), 200);
  const claim = input.claim ?? 'UNCLAIMED';
  return withScope(prisma, systemScope('read a Tier 2 queue'), async (tx) => {
    let teams: TeamRef[];
    if (isSpecialist(actor)) {
      const own = await specialistTeams(tx, actor);
      teams = input.team ? own.filter((t) => t.id === input.team || t.slug === input.team) : own;
      if (input.team && teams.length === 0 && !actor.roles.includes('ops')) {
        throw new DomainError('NOT_FOUND', 'In-house team not found');
      }
      if (input.team && teams.length === 0) teams = [await findTeam(tx, input.team)];
    } else if (input.team) {
      teams = [await findTeam(tx, input.team)];
    } else {
      teams = await tx.vendor.findMany({
        where: { kind: 'IN_HOUSE' },
        select: { id: true, slug: true, name: true },
        orderBy: { slug: 'asc' },
      });
    }
    if (teams.length === 0) return { teams, entries: [] };
    const claimFilter =
      claim === 'UNCLAIMED'
        ? Prisma.sql`AND c."claimedBy" IS NULL`
        : claim === 'MINE'
          ? Prisma.sql`AND c."claimedBy" = ${actor.id}`
          : Prisma.empty;
    const rows = await tx.$queryRaw<
      {
        caseId: string;
        teamId: string;
        status: string;
        priority: string;
        claimedBy: string | null;
        nextDueAt: Date | null;
      }[]
    >(Prisma.sql`
      SELECT c.id AS "caseId", c."vendorId"::text AS "teamId", c.status::text AS status,
             c.priority::text AS priority, c."claimedBy",
             CASE WHEN c."firstResponseAt" IS NULL
                  THEN least(c."firstResponseDueAt", c."resolutionDueAt")
                  ELSE c."resolutionDueAt" END AS "nextDueAt"
        FROM "Case" c
       WHERE c."vendorId" = ANY(${teams.map((t) => t.id)}::uuid[])
         AND c.status IN ${caseStatusList(QUEUED_STATUSES)}
         ${claimFilter}
       ORDER BY "nextDueAt" ASC NULLS LAST, c.priority ASC, c."createdAt" ASC, c.id
       LIMIT ${first}`);
    await recordAuditMany(
      tx,
      rows.map((r) => ({
        actor,
        action: 'case.read',
        targetType: 'Case',
        targetId: r.caseId,
        requestId: input.requestId ?? null,
        details: { via: 'teamQueue' },
      })),
    );
    return { teams, entries: rows };
  });
}
