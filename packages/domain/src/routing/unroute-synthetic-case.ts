// What routing does with a synthetic case it is asked to route again (its sandbox tenant
// rejected it, let the offer lapse, escalated it, or could not be reached): the case leaves
// the tenant exactly as a real one would, and goes nowhere. No real vendor or in-house team is
// ever offered it, and ops get no alert for it: it is not operations' work.
import type { CaseStatus, TenantTx } from '@bvg/db';
import type { UnroutedDecision } from '@bvg/routing';
import type { LockedCase, RouteCaseInput, RouteCaseResult } from './route-case.ts';

const SUMMARY = 'Synthetic sandbox case: never routed to a real vendor; it stays unrouted';

export async function unrouteSyntheticCase(
  tx: TenantTx,
  input: Pick<RouteCaseInput, 'caseId' | 'now' | 'actor' | 'requestId'>,
  current: LockedCase,
): Promise<RouteCaseResult> {
  const version = current.version + 1;
  const decision: UnroutedDecision = {
    outcome: 'UNROUTED',
    reason: 'NO_ELIGIBLE_VENDOR',
    rulesetId: 'sandbox',
    rulesetVersion: 0,
    explanation: {
      rulesetId: 'sandbox',
      rulesetVersion: 0,
      case: {
        region: current.regionCode,
        scope: current.scopeCode,
        channel: current.channel,
        language: current.language,
        priority: current.priority,
        tier: current.tier,
      },
      rules: [],
      summary: SUMMARY,
    },
  };
  await tx.case.update({
    where: { id: input.caseId },
    data: {
      status: 'UNROUTED',
      vendorId: null,
      version,
      routingAttempts: current.routingAttempts + 1,
      updatedAt: input.now,
    },
  });
  await tx.caseSubject.updateMany({ where: { caseId: input.caseId }, data: { vendorId: null } });
  await tx.caseEvent.create({
    data: {
      caseId: input.caseId,
      type: 'UNROUTED',
      fromStatus: current.status as CaseStatus,
      toStatus: 'UNROUTED',
      version,
      actorKind: input.actor.kind,
      actorId: input.actor.id,
      requestId: input.requestId ?? null,
      occurredAt: input.now,
      data: { reason: 'SANDBOX', summary: SUMMARY },
    },
  });
  return { decision, status: 'UNROUTED', caseVersion: version, assignmentId: null };
}
