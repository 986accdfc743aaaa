// Escalation within Tier 2: a specialist hands an escalated case straight to another in-house
// team (the router is not asked: the specialist knows which team is needed). The case waits in
// that team's queue, unclaimed; in-house offers have no lease.
import { randomUUID } from 'node:crypto';
import type { TenantTx } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import { announce } from '../dispatch/index.ts';
import type { Actor } from '../shared/actor.ts';
import { DomainError, validationError } from '../shared/domain-error.ts';
import { findTeam } from './specialist.ts';

export interface TransferToTeamInput {
  caseId: string;
  /** The team giving the case up. */
  fromVendorId: string;
  toTeamId: string;
  reason: string;
  actor: Actor;
  at: Date;
  requestId?: string | null;
}

/** Offers an ESCALATED case to another in-house team; returns its new version and the team's slug. */
export async function transferToTeam(
  tx: TenantTx,
  input: TransferToTeamInput,
): Promise<{ version: number; team: string }> {
  const team = await findTeam(tx, input.toTeamId).catch(() => {
    throw validationError([{ path: 'toTeamId', message: 'is not an in-house team' }]);
  });
  if (team.id === input.fromVendorId) {
    throw validationError([{ path: 'toTeamId', message: 'is the team that holds the case' }]);
  }
  const target = await tx.vendor.findUniqueOrThrow({
    where: { id: team.id },
    select: { state: true },
  });
  if (target.state !== 'ACTIVE') {
    throw validationError([
      { path: 'toTeamId', message: `${team.slug} is ${target.state} and takes no new work` },
    ]);
  }
  const c = await tx.case.findUnique({
    where: { id: input.caseId },
    select: { status: true, version: true, routingAttempts: true, regionCode: true },
  });
  if (c?.status !== 'ESCALATED') {
    throw new DomainError('INVALID_TRANSITION', 'Only an escalated case is handed to a team');
  }
  await tx.assignment.updateMany({
    where: {
      caseId: input.caseId,
      vendorId: input.fromVendorId,
      status: { in: ['OFFERED', 'ACCEPTED'] },
    },
    data: { status: 'ESCALATED', endedAt: input.at, endReason: 'ESCALATED' },
  });
  const assignmentId = randomUUID();
  const attempt = c.routingAttempts + 1;
  await tx.assignment.create({
    data: {
      id: assignmentId,
      caseId: input.caseId,
      vendorId: team.id,
      attempt,
      residencyCheck: { region: c.regionCode, requirement: 'IN_HOUSE', passed: true },
      explanation: {
        summary: `Escalated within Tier 2 to ${team.name} by ${input.actor.id}`,
        reason: input.reason,
        fromVendorId: input.fromVendorId,
      },
      status: 'OFFERED',
      offeredAt: input.at,
      leaseExpiresAt: null,
    },
  });
  const version = c.version + 1;
  const moved = await tx.case.updateMany({
    where: { id: input.caseId, version: c.version },
    data: {
      status: 'OFFERED',
      vendorId: team.id,
      tier: 'T2',
      routingAttempts: attempt,
      version,
      claimedBy: null,
      claimedAt: null,
    },
  });
  if (moved.count !== 1)
    throw new DomainError('CONFLICT', 'The case changed meanwhile; read it again');
  await tx.caseSubject.updateMany({ where: { caseId: input.caseId }, data: { vendorId: team.id } });
  await tx.caseEvent.create({
    data: {
      caseId: input.caseId,
      vendorId: team.id,
      type: 'OFFERED',
      fromStatus: 'ESCALATED',
      toStatus: 'OFFERED',
      version,
      actorKind: input.actor.kind,
      actorId: input.actor.id,
      requestId: input.requestId ?? null,
      occurredAt: input.at,
      data: { assignmentId, toTeam: team.slug, reason: input.reason },
    },
  });
  await announce(tx, 'case.assigned', { caseId: input.caseId, vendorId: team.id, version });
  await recordAudit(tx, {
    actor: input.actor,
    action: 'case.transfer_to_team',
    targetType: 'Case',
    targetId: input.caseId,
    requestId: input.requestId ?? null,
    details: { from: input.fromVendorId, to: team.id, reason: input.reason },
  });
  return { version, team: team.slug };
}
