// Claiming and releasing Tier 2 work. A case offered to an in-house team waits, unclaimed, in
// the team's queue; one specialist claims it (an offered case is accepted by the claim), works
// it through the same work API as a partner, and may release it back to the queue. Both are
// version-checked: two specialists claiming the same version get one claim and one CONFLICT.
import type { PrismaClient, TenantTx } from '@bvg/db';
import { systemScope, withScope } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import { applyTransition, type TransitionResult } from '../cases/index.ts';
import type { Actor } from '../shared/actor.ts';
import { DomainError, validationError } from '../shared/domain-error.ts';
import { withIdempotency } from '../shared/idempotency.ts';
import { type Specialist, specialistTeams } from '../teams/index.ts';

/** Statuses a claimed case is worked in (an OFFERED one is accepted by its claim). */
const CLAIMABLE = ['OFFERED', 'ACCEPTED', 'IN_PROGRESS', 'PENDING_USER', 'REOPENED'] as const;

export interface ClaimInput {
  caseId: string;
  version: number;
  idempotencyKey?: string | null;
  requestId?: string | null;
  /** Why a case is released (optional, kept in its history). */
  reason?: string | null;
}

function checkVersion(version: number) {
  if (!Number.isInteger(version) || version < 1) {
    throw validationError([
      { path: 'version', message: 'must be the positive integer version you read' },
    ]);
  }
}

async function teamCase(tx: TenantTx, vendorIds: readonly string[], caseId: string) {
  const c = /^[0-9a-f-]{36}$/i.test(caseId)
    ? await tx.case.findFirst({
        where: { id: caseId, vendorId: { in: [...vendorIds] } },
        select: { id: true, status: true, version: true, vendorId: true, claimedBy: true },
      })
    : null;
  if (!c || c.vendorId === null) throw new DomainError('NOT_FOUND', 'Case not found');
  return { ...c, vendorId: c.vendorId };
}

function staleVersion(current: number, given: number) {
  return new DomainError(
    'CONFLICT',
    `The case is at version ${current}, not ${given}; read it again`,
    { currentVersion: current },
  );
}

/** Claims a case of one of the specialist's teams; an OFFERED case is accepted by the claim. */
export async function claimCase(
  prisma: PrismaClient,
  actor: Specialist,
  input: ClaimInput,
  now: () => Date = () => new Date(),
): Promise<TransitionResult> {
  checkVersion(input.version);
  return withScope(prisma, systemScope('a specialist claims a case'), async (tx) => {
    const teams = await specialistTeams(tx, actor);
    const vendorIds = teams.map((t) => t.id);
    return withIdempotency(
      tx,
      input.idempotencyKey
        ? {
            principalKey: `internal:${actor.id}`,
            vendorId: null,
            key: input.idempotencyKey,
            operation: 'CLAIM',
            input: { caseId: input.caseId, version: input.version },
          }
        : null,
      async () => {
        const c = await teamCase(tx, vendorIds, input.caseId);
        if (c.version !== input.version) throw staleVersion(c.version, input.version);
        if (c.claimedBy !== null) {
          throw new DomainError(
            'CONFLICT',
            c.claimedBy === actor.id
              ? 'You hold this case already'
              : 'Another specialist holds this case',
            { claimedBy: c.claimedBy === actor.id ? 'you' : 'another specialist' },
          );
        }
        if (!(CLAIMABLE as readonly string[]).includes(c.status)) {
          throw new DomainError('INVALID_TRANSITION', `A ${c.status} case cannot be claimed`, {
            status: c.status,
            allowedFrom: [...CLAIMABLE],
          });
        }
        const at = now();
        // An offer is accepted by its claim: the lifecycle's ACCEPT, with the claim in the same
        // conditional update.
        if (c.status === 'OFFERED') {
          return applyTransition(
            tx,
            { actor, vendorIds },
            'ACCEPT',
            { caseId: c.id, version: input.version, requestId: input.requestId ?? null },
            at,
          );
        }
        return setClaim(tx, actor, c, actor.id, at, 'CLAIMED', input);
      },
    );
  });
}

/**
 * Gives a claimed case back to its team's queue, as it is (status and clocks unchanged). The
 * specialist holding it may release it; so may ops (someone is away and the case must move).
 */
export async function releaseCase(
  prisma: PrismaClient,
  actor: Actor,
  input: ClaimInput,
  now: () => Date = () => new Date(),
): Promise<TransitionResult> {
  checkVersion(input.version);
  if (input.reason && input.reason.length > 500) {
    throw validationError([{ path: 'reason', message: 'is longer than 500 characters' }]);
  }
  if (actor.kind !== 'INTERNAL')
    throw new DomainError('FORBIDDEN', 'Only internal staff release cases');
  const isOps = actor.roles.includes('ops');
  return withScope(prisma, systemScope('release a claimed case'), async (tx) => {
    const vendorIds = isOps
      ? (await tx.vendor.findMany({ where: { kind: 'IN_HOUSE' }, select: { id: true } })).map(
          (v) => v.id,
        )
      : (await specialistTeams(tx, actor)).map((t) => t.id);
    const c = await teamCase(tx, vendorIds, input.caseId);
    if (c.version !== input.version) throw staleVersion(c.version, input.version);
    if (c.claimedBy === null) throw new DomainError('CONFLICT', 'Nobody holds this case');
    if (c.claimedBy !== actor.id && !isOps) {
      throw new DomainError('CONFLICT', 'Another specialist holds this case', {
        claimedBy: 'another specialist',
      });
    }
    return setClaim(tx, actor, c, null, now(), 'RELEASED', input);
  });
}

async function setClaim(
  tx: TenantTx,
  actor: Actor,
  c: { id: string; status: string; version: number; vendorId: string; claimedBy: string | null },
  claimedBy: string | null,
  at: Date,
  type: 'CLAIMED' | 'RELEASED',
  input: ClaimInput,
): Promise<TransitionResult> {
  const version = c.version + 1;
  // Conditional on the version and the claim read: a concurrent claim makes this match nothing.
  const updated = await tx.case.updateMany({
    where: { id: c.id, version: c.version, claimedBy: c.claimedBy },
    data: { claimedBy, claimedAt: claimedBy === null ? null : at, version },
  });
  if (updated.count !== 1) {
    throw new DomainError('CONFLICT', 'The case was changed by someone else; read it again', {});
  }
  await tx.caseEvent.create({
    data: {
      caseId: c.id,
      vendorId: c.vendorId,
      type,
      fromStatus: c.status as never,
      toStatus: c.status as never,
      version,
      actorKind: actor.kind,
      actorId: actor.id,
      requestId: input.requestId ?? null,
      occurredAt: at,
      data: type === 'RELEASED' ? { reason: input.reason ?? null, heldBy: c.claimedBy } : {},
    },
  });
  await recordAudit(tx, {
    actor,
    action: type === 'CLAIMED' ? 'case.claim' : 'case.release',
    targetType: 'Case',
    targetId: c.id,
    requestId: input.requestId ?? null,
    details: { version, ...(input.reason ? { reason: input.reason } : {}) },
  });
  return { caseId: c.id, version, status: c.status, vendorId: c.vendorId };
}
