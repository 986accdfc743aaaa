// Intake: a platform system submits a case. Idempotent on (source, externalRef); the case,
// its routing decision and the outbox message announcing it commit together.
import type { PrismaClient, TenantTx } from '@bvg/db';
import { withSystem } from '@bvg/db';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { routeAndAnnounce } from '../offers/assign-and-announce.ts';
import { loadRoutingState, recordShadowDecision } from '../routing/index.ts';
import type { Actor } from '../shared/actor.ts';
import { type Problem, validationError } from '../shared/domain-error.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const submitCaseSchema = z.object({
  source: text(64).regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    'lower-case letters, digits, dot, dash, underscore',
  ),
  externalRef: text(200),
  region: text(8),
  scope: text(64),
  channel: z.enum(['IN_APP', 'WEBFORM', 'EMAIL', 'APPEAL', 'INTERNAL_FORM']),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as en or pt-BR'),
  priority: z.enum(['P1', 'P2', 'P3', 'P4']).default('P3'),
  subjectRef: text(200),
  subject: z
    .object({
      displayName: z.string().max(200).optional(),
      email: z.email().max(320).optional(),
      phone: z
        .string()
        .regex(/^\+?[0-9 ()-]{4,32}$/, 'a phone number')
        .optional(),
      description: z.string().max(20_000).optional(),
      minorSafetyDetail: z.record(z.string(), z.unknown()).optional(),
      attachments: z
        .array(
          z.object({
            name: text(255),
            contentType: text(100),
            sizeBytes: z.number().int().nonnegative(),
          }),
        )
        .max(50)
        .optional(),
    })
    .default({}),
});
export type SubmitCaseInput = z.input<typeof submitCaseSchema>;

export interface SubmitCaseResult {
  caseId: string;
  created: boolean;
  status: string;
  vendorId: string | null;
}

function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

async function referenceProblems(tx: TenantTx, region: string, scope: string): Promise<Problem[]> {
  const [r, s] = await Promise.all([
    tx.region.findUnique({ where: { code: region }, select: { code: true } }),
    tx.scope.findUnique({ where: { code: scope }, select: { active: true } }),
  ]);
  const problems: Problem[] = [];
  if (!r) problems.push({ path: 'region', message: `unknown region ${region}` });
  if (!s) problems.push({ path: 'scope', message: `unknown scope ${scope}` });
  else if (!s.active) problems.push({ path: 'scope', message: `scope ${scope} is not active` });
  return problems;
}

export async function submitCase(
  prisma: PrismaClient,
  actor: Actor,
  raw: SubmitCaseInput,
  options: { requestId?: string | null; now?: () => Date } = {},
): Promise<SubmitCaseResult> {
  const parsed = submitCaseSchema.safeParse(raw);
  if (!parsed.success) throw validationError(problemsOf(parsed.error));
  const input = parsed.data;
  const now = options.now ?? (() => new Date());

  const existing = () =>
    withSystem(prisma, 'intake idempotency lookup', (tx) =>
      tx.case.findUnique({
        where: { source_externalRef: { source: input.source, externalRef: input.externalRef } },
        select: { id: true, status: true, vendorId: true },
      }),
    );
  const found = await existing();
  if (found)
    return { caseId: found.id, created: false, status: found.status, vendorId: found.vendorId };

  try {
    return await withSystem(prisma, 'intake: create and route a case', async (tx) => {
      const problems = await referenceProblems(tx, input.region, input.scope);
      if (problems.length > 0) throw validationError(problems);
      const at = now();
      const created = await tx.case.create({
        data: {
          source: input.source,
          externalRef: input.externalRef,
          regionCode: input.region,
          scopeCode: input.scope,
          channel: input.channel,
          language: input.language,
          priority: input.priority,
          subjectRef: input.subjectRef,
          status: 'NEW',
          createdAt: at,
          subject: {
            create: {
              displayName: input.subject.displayName ?? null,
              email: input.subject.email ?? null,
              phone: input.subject.phone ?? null,
              description: input.subject.description ?? null,
              ...(input.subject.minorSafetyDetail
                ? { minorSafetyDetail: input.subject.minorSafetyDetail as object }
                : {}),
              attachments: input.subject.attachments ?? [],
            },
          },
          events: {
            create: {
              type: 'CREATED',
              toStatus: 'NEW',
              version: 1,
              actorKind: actor.kind,
              actorId: actor.id,
              requestId: options.requestId ?? null,
              occurredAt: at,
              data: { source: input.source, channel: input.channel },
            },
          },
        },
        select: { id: true },
      });
      const state = await loadRoutingState(tx, { now: at });
      const routed = await routeAndAnnounce(tx, {
        caseId: created.id,
        now: at,
        actor,
        requestId: options.requestId ?? null,
        state,
      });
      await recordShadowDecision(tx, {
        caseId: created.id,
        caseAttrs: {
          region: input.region,
          scope: input.scope,
          channel: input.channel,
          language: input.language,
          priority: input.priority,
          tier: 'T1',
        },
        state,
        now: at,
      });
      await recordAudit(tx, {
        actor,
        action: 'case.submit',
        targetType: 'Case',
        targetId: created.id,
        requestId: options.requestId ?? null,
        details: { source: input.source, externalRef: input.externalRef, outcome: routed.status },
      });
      return {
        caseId: created.id,
        created: true,
        status: routed.status,
        vendorId: routed.decision.outcome === 'ASSIGNED' ? routed.decision.vendorId : null,
      };
    });
  } catch (error) {
    // Two identical submissions at once: the loser of the unique (source, externalRef) race
    // returns the winner's case.
    if ((error as { code?: string }).code === 'P2002') {
      const winner = await existing();
      if (winner)
        return {
          caseId: winner.id,
          created: false,
          status: winner.status,
          vendorId: winner.vendorId,
        };
    }
    throw error;
  }
}
