// Intake: a platform system submits a case. Idempotent on (source, externalRef); the case,
// its routing decision and the outbox message announcing it commit together.
//
// Intakes of the same rule or vendor wait on each other's split counters and daily intake
// rows, so the transaction is laid out to hold those as briefly as possible: one statement
// creates the case (with its subject and CREATED event) without touching any shared row,
// one reads the routing state, and one books the decision and writes everything it implies
// (assignment, case, events, SLA due times, outbox message, audit record) right before commit.
import type { PrismaClient, TenantTx } from '@bvg/db';
import { withSystem } from '@bvg/db';
import { z } from 'zod';
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

type SubmitCaseData = z.output<typeof submitCaseSchema>;

interface CreatedRow {
  created: string | null;
  id: string | null;
  status: string | null;
  vendorId: string | null;
  regionKnown: boolean;
  scopeActive: boolean | null;
}

/**
 * One statement: the case with its subject and CREATED event, unless a case with the same
 * (source, externalRef) exists (returned instead) or the region or scope is unknown. A
 * concurrent identical submission makes `ON CONFLICT` wait for it, then insert nothing.
 */
async function createCase(
  tx: TenantTx,
  input: SubmitCaseData,
  actor: Actor,
  requestId: string | null,
  at: Date,
): Promise<CreatedRow> {
  const subject = input.subject;
  const [row] = await tx.$queryRaw<CreatedRow[]>`
    WITH ref AS MATERIALIZED (
      SELECT EXISTS (SELECT 1 FROM "Region" WHERE code = ${input.region}) AS region_known,
             (SELECT active FROM "Scope" WHERE code = ${input.scope}) AS scope_active
    ), existing AS MATERIALIZED (
      SELECT id, status::text AS status, "vendorId" FROM "Case"
       WHERE source = ${input.source} AND "externalRef" = ${input.externalRef}
    ), created AS (
      INSERT INTO "Case" (source, "externalRef", "regionCode", "scopeCode", channel, language, priority,
                          status, "subjectRef", "createdAt", "updatedAt")
      SELECT ${input.source}, ${input.externalRef}, ${input.region}, ${input.scope},
             ${input.channel}::"Channel", ${input.language}, ${input.priority}::"Priority", 'NEW',
             ${input.subjectRef}, ${at}::timestamptz, ${at}::timestamptz
        FROM ref WHERE region_known AND scope_active AND NOT EXISTS (SELECT 1 FROM existing)
      ON CONFLICT (source, "externalRef") DO NOTHING
      RETURNING id
    ), subject AS (
      INSERT INTO "CaseSubject" ("caseId", "displayName", email, phone, description,
                                 "minorSafetyDetail", attachments)
      SELECT id, ${subject.displayName ?? null}, ${subject.email ?? null}, ${subject.phone ?? null},
             ${subject.description ?? null},
             ${subject.minorSafetyDetail ? JSON.stringify(subject.minorSafetyDetail) : null}::jsonb,
             ${JSON.stringify(subject.attachments ?? [])}::jsonb
        FROM created
    ), event AS (
      INSERT INTO "CaseEvent" ("caseId", type, "toStatus", version, "actorKind", "actorId",
                               "requestId", data, "occurredAt")
      SELECT id, 'CREATED', 'NEW', 1, ${actor.kind}::"ActorKind", ${actor.id}, ${requestId},
             ${JSON.stringify({ source: input.source, channel: input.channel })}::jsonb, ${at}::timestamptz
        FROM created
    )
    SELECT (SELECT id::text FROM created) AS created, e.id::text AS id, e.status,
           e."vendorId"::text AS "vendorId", ref.region_known AS "regionKnown",
           ref.scope_active AS "scopeActive"
      FROM ref LEFT JOIN existing e ON true`;
  return row!;
}

function referenceProblems(row: CreatedRow, input: SubmitCaseData): Problem[] {
  const problems: Problem[] = [];
  if (!row.regionKnown)
    problems.push({ path: 'region', message: `unknown region ${input.region}` });
  if (row.scopeActive === null)
    problems.push({ path: 'scope', message: `unknown scope ${input.scope}` });
  else if (!row.scopeActive)
    problems.push({ path: 'scope', message: `scope ${input.scope} is not active` });
  return problems;
}

/** Times an intake aborted by a deadlock is run again. */
const DEADLOCK_RETRIES = 3;

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
  const requestId = options.requestId ?? null;

  // Concurrent intakes book shared counters; PostgreSQL may abort one to break a deadlock.
  // The submission is idempotent and the aborted attempt left nothing, so it runs again.
  return withSystem(
    prisma,
    'intake: create and route a case',
    async (tx) => {
      const at = now();
      const row = await createCase(tx, input, actor, requestId, at);
      if (row.created === null) {
        // The same submission again (or one that committed while this statement ran): its case.
        const found =
          row.id !== null
            ? row
            : (
                await tx.$queryRaw<Pick<CreatedRow, 'id' | 'status' | 'vendorId'>[]>`
                SELECT id::text AS id, status::text AS status, "vendorId"::text AS "vendorId"
                  FROM "Case" WHERE source = ${input.source} AND "externalRef" = ${input.externalRef}`
              )[0];
        if (found?.id) {
          return {
            caseId: found.id,
            created: false,
            status: found.status!,
            vendorId: found.vendorId,
          };
        }
        throw validationError(referenceProblems(row, input));
      }
      const caseId = row.created;
      const caseAttrs = {
        region: input.region,
        scope: input.scope,
        channel: input.channel,
        language: input.language,
        priority: input.priority,
        tier: 'T1' as const,
      };
      const state = await loadRoutingState(tx, { now: at });
      // Before booking: the draft's counters are its own rows, but they need not be held while
      // the live ones are.
      if (state.shadowing) await recordShadowDecision(tx, { caseId, caseAttrs, state, now: at });
      const routed = await routeAndAnnounce(
        tx,
        { caseId, now: at, actor, requestId, state },
        {
          current: {
            regionCode: input.region,
            scopeCode: input.scope,
            channel: input.channel,
            language: input.language,
            priority: input.priority,
            tier: 'T1',
            status: 'NEW',
            version: 1,
            routingAttempts: 0,
          },
          audit: {
            action: 'case.submit',
            details: { source: input.source, externalRef: input.externalRef },
          },
        },
      );
      return {
        caseId,
        created: true,
        status: routed.status,
        vendorId: routed.decision.outcome === 'ASSIGNED' ? routed.decision.vendorId : null,
      };
    },
    { retries: DEADLOCK_RETRIES },
  );
}
