// The partner work API's one write path: check the version, check the lifecycle, apply the
// change with a conditional update (no lost updates), append the event, audit — one
// transaction in the vendor's tenant scope.
import type { Prisma, PrismaClient, TenantTx } from '@bvg/db';
import { withTenant } from '@bvg/db';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../shared/actor.ts';
import {
  CaseNotFoundError,
  DomainError,
  type Problem,
  validationError,
} from '../shared/domain-error.ts';
import { withIdempotency } from '../shared/idempotency.ts';
import { openingHoursOf, shiftDueAfterPause } from '../sla/sla-clock.ts';
import { type CaseAction, planTransition } from './lifecycle.ts';

export interface TransitionInput {
  caseId: string;
  version: number;
  idempotencyKey?: string | null;
  requestId?: string | null;
  /** Action-specific input: reason, resolutionCode, firstContactResolution, note body. */
  reason?: string | null;
  resolutionCode?: string | null;
  firstContactResolution?: boolean | null;
  body?: string | null;
}

export interface TransitionResult {
  caseId: string;
  version: number;
  status: string;
}

const REQUIRED_TEXT: Partial<Record<CaseAction, keyof TransitionInput>> = {
  REJECT: 'reason',
  ESCALATE: 'reason',
  RESOLVE: 'resolutionCode',
  ADD_NOTE: 'body',
};

function validate(action: CaseAction, input: TransitionInput): void {
  const problems: Problem[] = [];
  if (!Number.isInteger(input.version) || input.version < 1) {
    problems.push({ path: 'version', message: 'must be the positive integer version you read' });
  }
  const field = REQUIRED_TEXT[action];
  if (field) {
    const value = input[field];
    if (typeof value !== 'string' || value.trim().length === 0) {
      problems.push({ path: field, message: 'is required' });
    } else if (value.length > (field === 'body' ? 10_000 : 500)) {
      problems.push({
        path: field,
        message: `is longer than ${field === 'body' ? 10_000 : 500} characters`,
      });
    }
  }
  if (action === 'RESOLVE' && typeof input.firstContactResolution !== 'boolean') {
    problems.push({ path: 'firstContactResolution', message: 'is required' });
  }
  if (problems.length > 0) throw validationError(problems);
}

/** Applies a vendor's action to its own case. Another vendor's case is NOT_FOUND. */
export async function transitionCase(
  prisma: PrismaClient,
  actor: Extract<Actor, { kind: 'VENDOR' }>,
  action: CaseAction,
  input: TransitionInput,
  now: () => Date = () => new Date(),
): Promise<TransitionResult> {
  validate(action, input);
  const { idempotencyKey, requestId, ...idempotentInput } = input;
  return withTenant(prisma, actor.vendorId, (tx) =>
    withIdempotency(
      tx,
      idempotencyKey
        ? {
            principalKey: `vendor:${actor.vendorId}`,
            vendorId: actor.vendorId,
            key: idempotencyKey,
            operation: action,
            input: idempotentInput,
          }
        : null,
      () => applyTransition(tx, actor, action, input, now()),
    ),
  );
}

async function applyTransition(
  tx: TenantTx,
  actor: Extract<Actor, { kind: 'VENDOR' }>,
  action: CaseAction,
  input: TransitionInput,
  at: Date,
): Promise<TransitionResult> {
  const current = await tx.case.findFirst({
    where: { id: input.caseId, vendorId: actor.vendorId },
    include: { vendor: { select: { timeZone: true, businessHours: true, holidays: true } } },
  });
  if (!current) throw new CaseNotFoundError(input.caseId);
  if (current.version !== input.version) {
    throw new DomainError(
      'CONFLICT',
      `The case is at version ${current.version}, not ${input.version}; read it again`,
      {
        currentVersion: current.version,
      },
    );
  }
  const plan = planTransition(action, current.status);
  const version = current.version + 1;

  const data: Prisma.CaseUpdateManyMutationInput = { status: plan.to, version };
  switch (action) {
    case 'RECORD_RESPONSE':
      if (!current.firstResponseAt) data.firstResponseAt = at;
      break;
    case 'SET_PENDING':
      data.slaPausedAt = at;
      break;
    case 'RESUME': {
      const pausedAt = current.slaPausedAt ?? at;
      const hours = current.vendor ? openingHoursOf(current.vendor) : null;
      data.slaPausedAt = null;
      data.slaPausedSeconds =
        current.slaPausedSeconds + Math.round((at.getTime() - pausedAt.getTime()) / 1000);
      data.resolutionDueAt = shiftDueAfterPause(current.resolutionDueAt, pausedAt, at, hours);
      if (!current.firstResponseAt) {
        data.firstResponseDueAt = shiftDueAfterPause(
          current.firstResponseDueAt,
          pausedAt,
          at,
          hours,
        );
      }
      break;
    }
    case 'RESOLVE':
      data.resolvedAt = at;
      data.resolutionCode = input.resolutionCode ?? null;
      data.firstContactResolution = input.firstContactResolution ?? null;
      if (!current.firstResponseAt) data.firstResponseAt = at;
      break;
  }

  // Conditional on the version read: a concurrent writer makes this match nothing.
  const updated = await tx.case.updateMany({
    where: { id: current.id, version: current.version },
    data,
  });
  if (updated.count !== 1) {
    throw new DomainError('CONFLICT', 'The case was changed by someone else; read it again', {});
  }

  await tx.caseEvent.create({
    data: {
      caseId: current.id,
      vendorId: actor.vendorId,
      type: plan.event,
      fromStatus: plan.from,
      toStatus: plan.to,
      version,
      actorKind: 'VENDOR',
      actorId: actor.id,
      requestId: input.requestId ?? null,
      occurredAt: at,
      data: eventData(action, input),
    },
  });

  if (action === 'ADD_NOTE') {
    await tx.caseNote.create({
      data: {
        caseId: current.id,
        vendorId: actor.vendorId,
        authorKind: 'VENDOR',
        authorId: actor.id,
        body: input.body!,
        createdAt: at,
      },
    });
  }
  if (action === 'ACCEPT' || action === 'REJECT') {
    await tx.assignment.updateMany({
      where: { caseId: current.id, vendorId: actor.vendorId, status: 'OFFERED' },
      data:
        action === 'ACCEPT'
          ? { status: 'ACCEPTED', acceptedAt: at }
          : { status: 'REJECTED', rejectedAt: at, endedAt: at, endReason: input.reason ?? null },
    });
  }
  if (action === 'REJECT' || action === 'ESCALATE') {
    // Routing again is system work, done by the worker from the outbox (committed with this
    // change). createMany: the vendor may append to the outbox but not read it back.
    await tx.outboxMessage.createMany({
      data: {
        topic: 'case.reroute',
        vendorId: actor.vendorId,
        caseId: current.id,
        payload: {
          caseId: current.id,
          excludeVendorId: actor.vendorId,
          reason: action === 'REJECT' ? 'REJECTED' : 'ESCALATED',
          ...(action === 'ESCALATE' ? { tier: 'T2' } : {}),
        },
      },
    });
  }

  await recordAudit(tx, {
    actor,
    action: `case.${action.toLowerCase()}`,
    targetType: 'Case',
    targetId: current.id,
    requestId: input.requestId ?? null,
    details: { from: plan.from, to: plan.to, version },
  });
  return { caseId: current.id, version, status: plan.to };
}

function eventData(action: CaseAction, input: TransitionInput): Prisma.InputJsonValue {
  switch (action) {
    case 'REJECT':
    case 'ESCALATE':
      return { reason: input.reason ?? null };
    case 'RESOLVE':
      return {
        resolutionCode: input.resolutionCode ?? null,
        firstContactResolution: input.firstContactResolution ?? null,
      };
    default:
      return {};
  }
}
