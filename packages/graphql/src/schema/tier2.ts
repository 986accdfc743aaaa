// The Tier 2 workspace: in-house specialists see their teams' queues (most urgent SLA first),
// claim and release cases, and work them with the same mutations as partners (case-work.ts).
// Ops see every team's queue and may release a claim held by someone who is away.

import {
  claimCase,
  listTeamQueue,
  readCase,
  readSpecialistTeams,
  releaseCase,
  returnCaseToTier1,
  type TeamQueueEntry,
  type TeamRef,
} from '@bvg/domain';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { Case, CaseStatusEnum, PriorityEnum } from './cases.ts';

const specialists = { role: 'specialist' } as const;
const queueReaders = { anyRole: ['specialist', 'ops'] } as const;
const releasers = { anyRole: ['specialist', 'ops'] } as const;

function specialistOf(ctx: GraphQLContext) {
  const actor = ctx.actor;
  if (actor?.kind === 'INTERNAL' && actor.roles.includes('specialist')) return actor;
  throw new AppError('FORBIDDEN');
}

const Team = builder.objectRef<TeamRef>('InHouseTeam').implement({
  description: 'An in-house Tier 2 team (a vendor of kind IN_HOUSE).',
  authScopes: queueReaders,
  fields: (t) => ({
    id: t.exposeID('id', { authScopes: queueReaders }),
    slug: t.exposeString('slug', {
      authScopes: queueReaders,
      description: "What the identity provider's `teams` claim names.",
    }),
    name: t.exposeString('name', { authScopes: queueReaders }),
  }),
});

const QueueClaimEnum = builder.enumType('QueueClaimFilter', {
  values: {
    UNCLAIMED: { description: 'Waiting for a specialist (the queue proper).' },
    MINE: { description: 'Claimed by the caller.' },
    ANY: { description: 'Every open case of the team, claimed or not.' },
  } as const,
});

const QueueEntry = builder.objectRef<TeamQueueEntry>('TeamQueueEntry').implement({
  description: 'A case in a Tier 2 queue; read it with `case` (fields are redacted as usual).',
  authScopes: queueReaders,
  fields: (t) => ({
    caseId: t.exposeID('caseId', { authScopes: queueReaders }),
    teamId: t.exposeID('teamId', { authScopes: queueReaders }),
    status: t.field({
      type: CaseStatusEnum,
      authScopes: queueReaders,
      resolve: (e) => e.status as never,
    }),
    priority: t.field({
      type: PriorityEnum,
      authScopes: queueReaders,
      resolve: (e) => e.priority as never,
    }),
    claimedBy: t.string({ nullable: true, authScopes: queueReaders, resolve: (e) => e.claimedBy }),
    nextDueAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'The next SLA due time (first response while none was given, else resolution).',
      authScopes: queueReaders,
      resolve: (e) => e.nextDueAt,
    }),
    case: t.field({
      type: Case,
      description: 'The case itself (audited as a read).',
      authScopes: queueReaders,
      resolve: (e, _args, ctx) =>
        readCase(ctx.db, ctx.actor!, { caseId: e.caseId, requestId: ctx.requestId }),
    }),
  }),
});

builder.queryFields((t) => ({
  myTeams: t.field({
    type: [Team],
    description: "The in-house teams the calling specialist belongs to (its token's `teams`).",
    authScopes: specialists,
    resolve: (_root, _args, ctx) => readSpecialistTeams(ctx.db, specialistOf(ctx)),
  }),
  teamQueue: t.field({
    type: [QueueEntry],
    description:
      "A Tier 2 queue, the most urgent SLA first. Specialists see their own teams' (all of them when `team` is absent); ops any team's. Offers to in-house teams never lapse: they wait here until claimed.",
    authScopes: queueReaders,
    args: {
      team: t.arg.string({ required: false, description: 'Team id or slug.' }),
      claim: t.arg({ type: QueueClaimEnum, required: false, defaultValue: 'UNCLAIMED' }),
      first: t.arg.int({ required: false, defaultValue: 50, description: 'At most 200.' }),
    },
    resolve: async (_root, args, ctx) => {
      const { entries } = await listTeamQueue(ctx.db, ctx.actor!, {
        team: args.team ?? null,
        claim: args.claim ?? 'UNCLAIMED',
        first: args.first ?? 50,
        requestId: ctx.requestId,
      });
      return entries;
    },
  }),
}));

const CaseHandoff = builder
  .objectRef<{ caseId: string; version: number; status: string; vendorId?: string }>('CaseHandoff')
  .implement({
    description: 'Where a case went when it left your hands.',
    authScopes: specialists,
    fields: (t) => ({
      caseId: t.exposeID('caseId', { authScopes: specialists }),
      version: t.exposeInt('version', { authScopes: specialists }),
      status: t.field({
        type: CaseStatusEnum,
        authScopes: specialists,
        resolve: (h) => h.status as never,
      }),
      vendorId: t.id({
        nullable: true,
        description: 'The partner that was offered the case.',
        authScopes: specialists,
        resolve: (h) => h.vendorId ?? null,
      }),
    }),
  });

const ClaimInput = builder.inputType('ClaimCaseInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    version: t.int({
      required: true,
      description: 'The case version you read; a stale one is a CONFLICT.',
    }),
    idempotencyKey: t.string({ required: false }),
  }),
});
const ReleaseInput = builder.inputType('ReleaseCaseInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    version: t.int({ required: true }),
    reason: t.string({ required: false, description: 'Kept in the case history.' }),
  }),
});
const ReturnInput = builder.inputType('ReturnCaseToTier1Input', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    version: t.int({ required: true }),
    reason: t.string({ required: true }),
  }),
});

builder.mutationFields((t) => ({
  claimCase: t.field({
    type: Case,
    description:
      "Claim a case of your team's queue: one specialist holds a case at a time (a second claim of the same version is a CONFLICT). An OFFERED case is accepted by the claim.",
    authScopes: specialists,
    args: { input: t.arg({ type: ClaimInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const actor = specialistOf(ctx);
      const result = await claimCase(ctx.db, actor, {
        caseId: String(input.caseId),
        version: input.version,
        idempotencyKey: input.idempotencyKey ?? null,
        requestId: ctx.requestId,
      });
      return readCase(ctx.db, actor, { caseId: result.caseId, requestId: ctx.requestId });
    },
  }),
  releaseCase: t.field({
    type: Case,
    description:
      "Give a claimed case back to its team's queue as it is. The holder may release it; so may ops.",
    authScopes: releasers,
    args: { input: t.arg({ type: ReleaseInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const result = await releaseCase(ctx.db, ctx.actor!, {
        caseId: String(input.caseId),
        version: input.version,
        reason: input.reason ?? null,
        requestId: ctx.requestId,
      });
      return readCase(ctx.db, ctx.actor!, { caseId: result.caseId, requestId: ctx.requestId });
    },
  }),
  returnCaseToTier1: t.field({
    type: CaseHandoff,
    description:
      'Send a case you hold back to Tier 1: it is routed to a partner at once. If no partner may take it (a restricted scope, no capacity) nothing changes and the answer is INVALID_TRANSITION.',
    authScopes: specialists,
    args: { input: t.arg({ type: ReturnInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const actor = specialistOf(ctx);
      // The case has left the specialist's teams: the answer says where it went, no more.
      return returnCaseToTier1(ctx.db, actor, {
        caseId: String(input.caseId),
        version: input.version,
        reason: input.reason,
        requestId: ctx.requestId,
      });
    },
  }),
}));
