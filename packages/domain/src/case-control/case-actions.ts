// Ops acting on one case: assign it to a vendor of their choosing, route it again without
// some vendors, or take it back. Each names the case version it acts on, carries a reason
// (audited) and may carry an idempotency key; a refusal is a typed error and changes nothing.
import type { PrismaClient } from '@bvg/db';
import { systemScope, withScope } from '@bvg/db';
import type { Actor } from '../shared/actor.ts';
import { DomainError, type Problem, validationError } from '../shared/domain-error.ts';
import { withIdempotency } from '../shared/idempotency.ts';
import { type CaseMove, type CaseMoveOutcome, lockCases, moveLockedCases } from './move-cases.ts';

export interface CaseActionInput {
  caseId: string;
  /** The case version the caller read; a stale one is CONFLICT. */
  version: number;
  reason: string;
  idempotencyKey?: string | null;
  requestId?: string | null;
}

export interface AssignCaseInput extends CaseActionInput {
  vendorId: string;
  /** Exceed the vendor's capacity for the scope; hard constraints still apply. */
  overrideCapacity?: boolean | null;
}

export interface RerouteCaseByOpsInput extends CaseActionInput {
  /** Vendors the router must not choose; the vendor holding the case is excluded anyway. */
  excludeVendorIds?: readonly string[] | null;
}

export interface CaseActionResult {
  caseId: string;
  status: string;
  version: number;
  vendorId: string | null;
}

type OpsActor = Extract<Actor, { kind: 'INTERNAL' }>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_REASON_LENGTH = 500;
export const MAX_EXCLUDED_VENDORS = 50;

/** Problems with a reason (required, at most 500 characters), at `path`. */
export function reasonProblems(reason: unknown, path = 'reason'): Problem[] {
  if (typeof reason !== 'string' || reason.trim().length === 0) {
    return [{ path, message: 'is required: say why' }];
  }
  if (reason.length > MAX_REASON_LENGTH) {
    return [{ path, message: `is longer than ${MAX_REASON_LENGTH} characters` }];
  }
  return [];
}

/** Problems with a list of vendor ids to exclude. */
export function excludedVendorProblems(ids: readonly string[] | null | undefined): Problem[] {
  const list = ids ?? [];
  const problems: Problem[] = [];
  if (list.length > MAX_EXCLUDED_VENDORS) {
    problems.push({ path: 'excludeVendorIds', message: `lists more than ${MAX_EXCLUDED_VENDORS}` });
  }
  list.forEach((id, i) => {
    if (!UUID.test(id))
      problems.push({ path: `excludeVendorIds.${i}`, message: 'is not a vendor id' });
  });
  return problems;
}

function validate(input: CaseActionInput, extra: Problem[]): void {
  const problems: Problem[] = [...reasonProblems(input.reason), ...extra];
  if (!Number.isInteger(input.version) || input.version < 1) {
    problems.push({ path: 'version', message: 'must be the positive integer version you read' });
  }
  if (problems.length > 0) throw validationError(problems);
}

async function act(
  prisma: PrismaClient,
  actor: OpsActor,
  operation: string,
  input: CaseActionInput,
  move: Omit<CaseMove, 'actor' | 'reason' | 'requestId' | 'now'>,
  now: Date,
): Promise<CaseActionResult> {
  const { idempotencyKey, requestId, ...idempotentInput } = input;
  return withScope(
    prisma,
    systemScope(`ops: ${operation.toLowerCase()}`),
    (tx) =>
      withIdempotency(
        tx,
        idempotencyKey
          ? {
              principalKey: `internal:${actor.id}`,
              vendorId: null,
              key: idempotencyKey,
              operation,
              input: idempotentInput,
            }
          : null,
        async () => {
          if (move.kind === 'ASSIGN') {
            const vendor = UUID.test(move.targetVendorId ?? '')
              ? await tx.vendor.findUnique({ where: { id: move.targetVendorId! } })
              : null;
            if (vendor === null) throw new DomainError('NOT_FOUND', 'Vendor not found');
          }
          const [current] = await lockCases(tx, [input.caseId]);
          if (current === undefined) throw new DomainError('NOT_FOUND', 'Case not found');
          if (current.version !== input.version) {
            throw new DomainError(
              'CONFLICT',
              `The case is at version ${current.version}, not ${input.version}; read it again`,
              { currentVersion: current.version },
            );
          }
          const [outcome] = await moveLockedCases(
            tx,
            { ...move, actor, reason: input.reason, requestId: requestId ?? null, now },
            [current],
          );
          return resultOf(outcome!);
        },
      ),
    // Re-routing books the same counters as intake: rerun when aborted by a deadlock.
    { retries: 3 },
  );
}

function resultOf(outcome: CaseMoveOutcome): CaseActionResult {
  if (outcome.result !== 'SKIPPED') {
    return {
      caseId: outcome.caseId,
      status: outcome.result === 'RECALLED' ? 'UNROUTED' : outcome.result,
      version: outcome.version,
      vendorId: outcome.vendorId,
    };
  }
  switch (outcome.skip) {
    case 'NOT_HELD':
      throw new DomainError(
        'INVALID_TRANSITION',
        `No vendor holds a ${outcome.status} case; assign or re-route it instead`,
        { status: outcome.status },
      );
    case 'NOT_MOVABLE':
      throw new DomainError('INVALID_TRANSITION', `A ${outcome.status} case cannot be moved`, {
        status: outcome.status,
      });
    case 'ALREADY_WITH_VENDOR':
      throw validationError([
        { path: 'vendorId', message: 'the case is already with this vendor' },
      ]);
    case 'HARD_CONSTRAINT':
      throw new DomainError(
        'VALIDATION',
        'The vendor may not take this case; these constraints cannot be overridden',
        {
          problems: (outcome.reasons ?? []).map((r) => ({ path: 'vendorId', message: r })),
          reasons: outcome.reasons ?? [],
        },
      );
    case 'OVER_CAPACITY':
      throw new DomainError(
        'VALIDATION',
        'The vendor has no room for this case; set overrideCapacity to exceed its capacity',
        {
          problems: (outcome.reasons ?? []).map((r) => ({ path: 'overrideCapacity', message: r })),
          reasons: outcome.reasons ?? [],
        },
      );
  }
}

/**
 * Places the case with the vendor (or in-house team) ops chose, taking it from whoever holds
 * it. Residency, restricted scopes and certifications are checked as the router checks them
 * and cannot be overridden; capacity can, with `overrideCapacity`.
 */
export async function assignCase(
  prisma: PrismaClient,
  actor: OpsActor,
  input: AssignCaseInput,
  now: () => Date = () => new Date(),
): Promise<CaseActionResult> {
  validate(
    input,
    UUID.test(input.vendorId) ? [] : [{ path: 'vendorId', message: 'is not a vendor id' }],
  );
  return act(
    prisma,
    actor,
    'OPS_ASSIGN',
    input,
    {
      kind: 'ASSIGN',
      targetVendorId: input.vendorId,
      overrideCapacity: input.overrideCapacity === true,
    },
    now(),
  );
}

/**
 * Routes the case again through the published rules without the vendors named (and without
 * its current holder, who is told `case.recalled`). UNROUTED when nobody else is eligible.
 */
export async function rerouteCaseByOps(
  prisma: PrismaClient,
  actor: OpsActor,
  input: RerouteCaseByOpsInput,
  now: () => Date = () => new Date(),
): Promise<CaseActionResult> {
  validate(input, excludedVendorProblems(input.excludeVendorIds));
  return act(
    prisma,
    actor,
    'OPS_REROUTE',
    input,
    { kind: 'REROUTE', excludeVendorIds: [...(input.excludeVendorIds ?? [])] },
    now(),
  );
}

/**
 * Takes the case back from the vendor holding it (offered or being worked): the vendor is told
 * `case.recalled`, and the case waits in the unrouted queue, held for ops (no automatic retry),
 * until they assign or re-route it.
 */
export async function recallCase(
  prisma: PrismaClient,
  actor: OpsActor,
  input: CaseActionInput,
  now: () => Date = () => new Date(),
): Promise<CaseActionResult> {
  validate(input, []);
  return act(prisma, actor, 'OPS_RECALL', input, { kind: 'RECALL' }, now());
}
