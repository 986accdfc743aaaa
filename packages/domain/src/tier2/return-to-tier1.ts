// A specialist sends a case back to Tier 1 (it needs no specialist after all): the team's
// assignment ends, the case becomes Tier 1 again and is routed to a partner, all in one
// transaction. If no partner may take it (a restricted scope, no capacity) nothing changes.
import type { PrismaClient } from '@bvg/db';
import { systemScope, withScope } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import type { TransitionResult } from '../cases/index.ts';
import { routeAndAnnounce } from '../offers/index.ts';
import { DomainError, validationError } from '../shared/domain-error.ts';
import { type Specialist, specialistTeams } from '../teams/index.ts';

const RETURNABLE = ['OFFERED', 'ACCEPTED', 'IN_PROGRESS', 'PENDING_USER', 'REOPENED'];

export async function returnCaseToTier1(
  prisma: PrismaClient,
  actor: Specialist,
  input: { caseId: string; version: number; reason: string; requestId?: string | null },
  now: () => Date = () => new Date(),
): Promise<TransitionResult> {
  const problems = [];
  if (!Number.isInteger(input.version) || input.version < 1) {
    problems.push({ path: 'version', message: 'must be the positive integer version you read' });
  }
  if (input.reason.trim().length === 0) problems.push({ path: 'reason', message: 'is required' });
  if (input.reason.length > 500) {
    problems.push({ path: 'reason', message: 'is longer than 500 characters' });
  }
  if (problems.length > 0) throw validationError(problems);
  return withScope(
    prisma,
    systemScope('return a case to Tier 1'),
    async (tx) => {
      const teams = await specialistTeams(tx, actor);
      const [c] = /^[0-9a-f-]{36}$/i.test(input.caseId)
        ? await tx.$queryRaw<
            {
              id: string;
              status: string;
              version: number;
              vendorId: string;
              claimedBy: string | null;
            }[]
          >`SELECT id::text, status::text, version, "vendorId"::text AS "vendorId", "claimedBy"
              FROM "Case" WHERE id = ${input.caseId}::uuid
               AND "vendorId" = ANY(${teams.map((t) => t.id)}::uuid[]) FOR UPDATE`
        : [];
      if (!c) throw new DomainError('NOT_FOUND', 'Case not found');
      if (c.version !== input.version) {
        throw new DomainError(
          'CONFLICT',
          `The case is at version ${c.version}, not ${input.version}; read it again`,
          {
            currentVersion: c.version,
          },
        );
      }
      if (c.claimedBy !== actor.id) {
        throw new DomainError('CONFLICT', 'Claim the case before returning it', {});
      }
      if (!RETURNABLE.includes(c.status)) {
        throw new DomainError(
          'INVALID_TRANSITION',
          `A ${c.status} case cannot be returned to Tier 1`,
          {
            status: c.status,
            allowedFrom: RETURNABLE,
          },
        );
      }
      const at = now();
      const version = c.version + 1;
      await tx.assignment.updateMany({
        where: { caseId: c.id, vendorId: c.vendorId, status: { in: ['OFFERED', 'ACCEPTED'] } },
        data: { status: 'RECALLED', endedAt: at, endReason: 'RETURNED_TO_TIER1' },
      });
      // REJECTED is the lifecycle's "back to routing" status.
      await tx.case.update({
        where: { id: c.id },
        data: { tier: 'T1', status: 'REJECTED', version, claimedBy: null, claimedAt: null },
      });
      await tx.caseEvent.create({
        data: {
          caseId: c.id,
          vendorId: c.vendorId,
          type: 'RETURNED_TO_TIER1',
          fromStatus: c.status as never,
          toStatus: 'REJECTED',
          version,
          actorKind: 'INTERNAL',
          actorId: actor.id,
          requestId: input.requestId ?? null,
          occurredAt: at,
          data: { reason: input.reason },
        },
      });
      const routed = await routeAndAnnounce(tx, {
        caseId: c.id,
        excludeVendorIds: [c.vendorId],
        now: at,
        actor,
        requestId: input.requestId ?? null,
      });
      const decision = routed.decision;
      const partner =
        decision.outcome === 'ASSIGNED'
          ? await tx.vendor.findUnique({ where: { id: decision.vendorId }, select: { kind: true } })
          : null;
      if (decision.outcome !== 'ASSIGNED' || partner?.kind !== 'BPO') {
        // Rolls the whole transaction back: the case stays with the team, as it was.
        throw new DomainError(
          'INVALID_TRANSITION',
          decision.outcome === 'ASSIGNED'
            ? 'Routing would keep this case in Tier 2 (an in-house team); it stays with you'
            : `No Tier 1 partner may take this case now: ${decision.explanation.summary}`,
          {},
        );
      }
      await recordAudit(tx, {
        actor,
        action: 'case.return_to_tier1',
        targetType: 'Case',
        targetId: c.id,
        requestId: input.requestId ?? null,
        details: { reason: input.reason, team: c.vendorId, to: decision.vendorId },
      });
      return {
        caseId: c.id,
        version: routed.caseVersion,
        status: routed.status,
        vendorId: decision.vendorId,
      };
    },
    { retries: 3 },
  );
}
