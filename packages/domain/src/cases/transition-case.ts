// The work API's one write path, for partners and in-house specialists alike: check the
// version, check the lifecycle, apply the change with a conditional update (no lost updates),
// append the event, audit — one transaction (the vendor's tenant scope, or the system scope for
// a specialist, whose teams are checked here).
import { type OpeningHours, openingHoursOfVersion, versionInForce } from '@bvg/calendar';
import type { Prisma, PrismaClient, TenantTx } from '@bvg/db';
import { systemScope, tenantScope, withScope } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import {
  loadCalendarVersions,
  type VendorCalendarSource,
  vendorCalendar,
} from '../calendars/index.ts';
import type { Actor } from '../shared/actor.ts';
import {
  CaseNotFoundError,
  DomainError,
  type Problem,
  validationError,
} from '../shared/domain-error.ts';
import { withIdempotency } from '../shared/idempotency.ts';
import { type Specialist, specialistTeams, transferToTeam } from '../teams/index.ts';
import { type CaseAction, planTransition } from './lifecycle.ts';
import { transitionEffects } from './transition-effects.ts';

/** Who works a case: a partner system, or an in-house specialist (who must hold the claim). */
export type CaseWorker = Extract<Actor, { kind: 'VENDOR' }> | Specialist;

/** Whose the case is and who acts on it, as the write path needs it. */
interface Holder {
  actor: CaseWorker;
  /** Vendors (the partner, or the specialist's teams) whose cases the actor may work. */
  vendorIds: readonly string[];
}

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
  /** ESCALATE by a specialist: the in-house team to hand the case to (else the router picks). */
  toTeamId?: string | null;
  /** ADD_NOTE: who may read the note besides its writer's team (default INTERNAL). */
  noteVisibility?: 'INTERNAL' | 'SHARED' | null;
}

/** What a caller composes with a transition (a reply's message), in the same transaction. */
export interface TransitionExtension<E> {
  /** The idempotency operation name (default: the action). */
  operation: string;
  /** Runs after the transition, in its transaction; its result is stored with the key. */
  after: (tx: TenantTx, result: TransitionResult, at: Date) => Promise<E>;
}

export interface TransitionResult {
  caseId: string;
  version: number;
  status: string;
  /** The vendor (or in-house team) that held the case when the action was taken. */
  vendorId?: string;
  /** Escalated within Tier 2: the slug of the team it was handed to. */
  handedTo?: string;
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

/**
 * Applies a worker's action to a case it holds. Another vendor's (or another team's) case is
 * NOT_FOUND. A specialist's ACCEPT claims the case; its other actions need the claim.
 */
export async function transitionCase(
  prisma: PrismaClient,
  actor: CaseWorker,
  action: CaseAction,
  input: TransitionInput,
  now?: () => Date,
): Promise<TransitionResult>;
export async function transitionCase<E>(
  prisma: PrismaClient,
  actor: CaseWorker,
  action: CaseAction,
  input: TransitionInput,
  now: (() => Date) | undefined,
  extension: TransitionExtension<E>,
): Promise<TransitionResult & { extra: E }>;
export async function transitionCase<E>(
  prisma: PrismaClient,
  actor: CaseWorker,
  action: CaseAction,
  input: TransitionInput,
  now: () => Date = () => new Date(),
  extension?: TransitionExtension<E>,
): Promise<TransitionResult | (TransitionResult & { extra: E })> {
  validate(action, input);
  if (input.toTeamId && (actor.kind !== 'INTERNAL' || action !== 'ESCALATE')) {
    throw validationError([
      { path: 'toTeamId', message: 'only a specialist escalating within Tier 2 names a team' },
    ]);
  }
  if (actor.kind === 'INTERNAL' && action === 'REJECT') {
    throw new DomainError(
      'INVALID_TRANSITION',
      'A Tier 2 team does not decline work: release it, return it to Tier 1 or escalate it',
      {},
    );
  }
  const { idempotencyKey, requestId, ...idempotentInput } = input;
  const run = (tx: TenantTx, holder: Holder) =>
    withIdempotency(
      tx,
      idempotencyKey
        ? {
            principalKey: principalKeyOf(actor),
            vendorId: actor.kind === 'VENDOR' ? actor.vendorId : null,
            key: idempotencyKey,
            operation: extension?.operation ?? action,
            input: idempotentInput,
          }
        : null,
      async () => {
        const at = now();
        const result = await applyTransition(tx, holder, action, input, at);
        return extension ? { ...result, extra: await extension.after(tx, result, at) } : result;
      },
    );
  if (actor.kind === 'VENDOR') {
    return withScope(prisma, tenantScope(actor.vendorId), (tx) =>
      run(tx, { actor, vendorIds: [actor.vendorId] }),
    );
  }
  return withScope(prisma, systemScope('a specialist works a case'), async (tx) => {
    const teams = await specialistTeams(tx, actor);
    return run(tx, { actor, vendorIds: teams.map((t) => t.id) });
  });
}

export const principalKeyOf = (actor: CaseWorker) =>
  actor.kind === 'VENDOR' ? `vendor:${actor.vendorId}` : `internal:${actor.id}`;

/**
 * The transition inside the caller's transaction, for a holder already resolved (Tier 2 uses
 * it to claim and to escalate). `extra` is written in the same conditional update.
 */
export async function applyTransition(
  tx: TenantTx,
  holder: Holder,
  action: CaseAction,
  input: TransitionInput,
  at: Date,
  extra: Prisma.CaseUpdateManyMutationInput = {},
): Promise<TransitionResult> {
  const { actor } = holder;
  const current = await tx.case.findFirst({
    where: { id: input.caseId, vendorId: { in: [...holder.vendorIds] } },
    include: {
      vendor: {
        select: {
          id: true,
          calendarId: true,
          timeZone: true,
          businessHours: true,
          holidays: true,
        },
      },
    },
  });
  if (!current || current.vendorId === null) throw new CaseNotFoundError(input.caseId);
  const vendorId = current.vendorId;
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
  if (actor.kind === 'INTERNAL') requireClaim(actor, action, current.claimedBy);
  const version = current.version + 1;

  const data: Prisma.CaseUpdateManyMutationInput = { status: plan.to, version, ...extra };
  // A specialist's accept is the claim; an escalated case leaves whoever held it.
  if (actor.kind === 'INTERNAL' && action === 'ACCEPT') {
    data.claimedBy = actor.id;
    data.claimedAt = at;
  }
  if (action === 'ESCALATE') {
    data.claimedBy = null;
    data.claimedAt = null;
  }
  const { hours, userHours } =
    action === 'RESUME'
      ? await pauseCalendars(tx, current, current.slaPausedAt ?? at)
      : { hours: null, userHours: null };
  Object.assign(data, transitionEffects(action, current, at, input, hours, userHours));

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
      vendorId,
      type: plan.event,
      fromStatus: plan.from,
      toStatus: plan.to,
      version,
      actorKind: actor.kind,
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
        vendorId,
        authorKind: actor.kind,
        authorId: actor.id,
        body: input.body!,
        visibility: input.noteVisibility ?? 'INTERNAL',
        createdAt: at,
      },
    });
  }
  if (action === 'ACCEPT' || action === 'REJECT') {
    await tx.assignment.updateMany({
      where: { caseId: current.id, vendorId, status: 'OFFERED' },
      data:
        action === 'ACCEPT'
          ? { status: 'ACCEPTED', acceptedAt: at }
          : { status: 'REJECTED', rejectedAt: at, endedAt: at, endReason: input.reason ?? null },
    });
  }
  if (action === 'REJECT' || (action === 'ESCALATE' && !input.toTeamId)) {
    // Routing again is system work, done by the worker from the outbox (committed with this
    // change). createMany: the vendor may append to the outbox but not read it back.
    await tx.outboxMessage.createMany({
      data: {
        topic: 'case.reroute',
        vendorId,
        caseId: current.id,
        payload: {
          caseId: current.id,
          excludeVendorId: vendorId,
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
  if (action === 'ESCALATE' && input.toTeamId) {
    const { version: moved, team } = await transferToTeam(tx, {
      caseId: current.id,
      fromVendorId: vendorId,
      toTeamId: input.toTeamId,
      reason: input.reason ?? '',
      actor,
      at,
      requestId: input.requestId ?? null,
    });
    return { caseId: current.id, version: moved, status: 'OFFERED', vendorId, handedTo: team };
  }
  return { caseId: current.id, version, status: plan.to, vendorId };
}

/** A specialist changes a case only while holding its claim; ACCEPT is the claim itself. */
function requireClaim(actor: Specialist, action: CaseAction, claimedBy: string | null): void {
  if (action === 'ACCEPT') return;
  if (claimedBy === actor.id) return;
  // Notes are how colleagues help: any member of the team may add one.
  if (action === 'ADD_NOTE') return;
  throw new DomainError(
    'CONFLICT',
    claimedBy === null
      ? 'Claim the case (claimCase) before working it'
      : 'Another specialist holds this case; it is theirs until they release it',
    { claimedBy: claimedBy === null ? null : 'another specialist' },
  );
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

/**
 * The calendars a pause is given back on: the holder's calendar version in force at the pause,
 * and the user clock's (the calendar its CREATED event recorded, version in force at the pause).
 */
export async function pauseCalendars(
  tx: TenantTx,
  current: { id: string; vendor: VendorCalendarSource | null },
  pausedAt: Date,
): Promise<{ hours: OpeningHours | null; userHours: OpeningHours | null }> {
  const created = await tx.caseEvent.findFirst({
    where: { caseId: current.id, type: 'CREATED' },
    select: { data: true },
  });
  const userCalendarId =
    (created?.data as { userClock?: { calendarId?: string | null } } | null)?.userClock
      ?.calendarId ?? null;
  const ids = [current.vendor?.calendarId, userCalendarId].filter((id): id is string => !!id);
  const calendars = ids.length > 0 ? await loadCalendarVersions(tx, ids) : new Map();
  const vendorVersions = current.vendor ? vendorCalendar(current.vendor, calendars).versions : [];
  const vendorVersion = versionInForce(vendorVersions, pausedAt);
  const userVersion =
    userCalendarId === null ? null : versionInForce(calendars.get(userCalendarId) ?? [], pausedAt);
  return {
    hours: vendorVersion ? openingHoursOfVersion(vendorVersion) : null,
    userHours: userVersion ? openingHoursOfVersion(userVersion) : null,
  };
}
