// The work API, for partner systems and in-house Tier 2 specialists alike: each mutation names
// the case version it acts on and may carry an idempotency key. Resolvers only translate; the
// rules live in @bvg/domain.
import {
  type CaseAction,
  type CaseWorker,
  readCase,
  type TransitionInput,
  transitionCase,
} from '@bvg/domain';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { Case } from './cases.ts';

export const NoteVisibilityEnum = builder.enumType('NoteVisibility', {
  values: {
    INTERNAL: {
      description:
        'The writing team only (and in-house staff): never shown to another partner, nor an in-house note to a Tier 1 partner.',
    },
    SHARED: { description: 'Whoever holds the case reads it.' },
  } as const,
});

/** A partner with cases:write, or a specialist (for the cases its teams hold and it claimed). */
export const caseWriters = { vendor: 'cases:write', role: 'specialist' } as const;

/** The caller as a case worker; the scope rule admits only these two kinds. */
export function workerOf(ctx: GraphQLContext): CaseWorker {
  const actor = ctx.actor;
  if (actor?.kind === 'VENDOR') return actor;
  if (actor?.kind === 'INTERNAL' && actor.roles.includes('specialist')) return actor;
  throw new AppError('FORBIDDEN');
}

interface MutationSpec {
  action: CaseAction;
  description: string;
  extra?: 'reason' | 'resolve' | 'note';
}

const MUTATIONS: Record<string, MutationSpec> = {
  acceptCase: {
    action: 'ACCEPT',
    description:
      'Accept an offered case; its SLA clocks keep running from the offer. For a specialist this is the claim (see claimCase).',
  },
  rejectCase: {
    action: 'REJECT',
    description: 'Decline an offered case; it is routed again without you.',
    extra: 'reason',
  },
  recordResponse: {
    action: 'RECORD_RESPONSE',
    description: 'Record a response to the user; the first one stops the first-response clock.',
  },
  setCasePending: {
    action: 'SET_PENDING',
    description: 'Wait on the user: the SLA clocks pause until resumeCase.',
  },
  resumeCase: {
    action: 'RESUME',
    description: 'The user answered: the SLA clocks run again with the time they had left.',
  },
  resolveCase: { action: 'RESOLVE', description: 'Resolve the case.', extra: 'resolve' },
  escalateCase: {
    action: 'ESCALATE',
    description:
      'Hand the case to the in-house Tier 2 team. A specialist escalates within Tier 2: to the team named by toTeamId, or (without it) to the one routing picks.',
    extra: 'reason',
  },
  addCaseNote: {
    action: 'ADD_NOTE',
    description: 'Add a note to the case history.',
    extra: 'note',
  },
};

for (const [name, spec] of Object.entries(MUTATIONS)) {
  const Input = builder.inputType(`${name[0]!.toUpperCase()}${name.slice(1)}Input`, {
    fields: (t) => ({
      caseId: t.id({ required: true }),
      version: t.int({
        required: true,
        description: 'The case version you read; a stale one is a CONFLICT.',
      }),
      idempotencyKey: t.string({
        required: false,
        description: 'Same key and same input return the first result.',
      }),
      ...(spec.extra === 'reason' ? { reason: t.string({ required: true }) } : {}),
      ...(spec.action === 'ESCALATE'
        ? {
            toTeamId: t.id({
              required: false,
              description: 'Specialists only: the in-house team (id or slug) to hand the case to.',
            }),
          }
        : {}),
      ...(spec.extra === 'resolve'
        ? {
            resolutionCode: t.string({ required: true }),
            firstContactResolution: t.boolean({ required: true }),
          }
        : {}),
      ...(spec.extra === 'note'
        ? {
            body: t.string({ required: true }),
            visibility: t.field({
              type: NoteVisibilityEnum,
              required: false,
              description:
                'INTERNAL (default): your team only (and in-house staff); SHARED: whoever holds the case reads it.',
            }),
          }
        : {}),
    }),
  });
  builder.mutationField(name, (t) =>
    t.field({
      type: Case,
      description: spec.description,
      authScopes: caseWriters,
      args: { input: t.arg({ type: Input, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        const actor = workerOf(ctx);
        const args = input as unknown as TransitionInput & { visibility?: 'INTERNAL' | 'SHARED' };
        const result = await transitionCase(ctx.db, actor, spec.action, {
          ...args,
          caseId: String(args.caseId),
          toTeamId: args.toTeamId ? String(args.toTeamId) : null,
          noteVisibility: args.visibility ?? null,
          requestId: ctx.requestId,
        });
        // A specialist who handed the case to another team reads it back this once.
        const reader =
          result.handedTo && actor.kind === 'INTERNAL'
            ? { ...actor, teams: [...(actor.teams ?? []), result.handedTo] }
            : actor;
        return readCase(ctx.db, reader, {
          caseId: result.caseId,
          requestId: ctx.requestId,
        });
      },
    }),
  );
}
