// Intake of many cases in one transaction: each is validated on its own, created (or found,
// when its (source, externalRef) is known) by one statement for the whole batch, routed by one
// locked read and one write for the whole batch, and announced through the outbox. Every
// submission gets its own answer: its case, or its own typed error. Submissions are
// independent, so a batch is as correct as the same submissions made one after another.
import { randomUUID } from 'node:crypto';
import { type PrismaClient, type TenantTx, withSystem } from '@bvg/db';
import type { z } from 'zod';
import { slaDueTimesFor } from '../offers/assign-and-announce.ts';
import { bookRoutes, type RouteItem } from '../routing/book-routes.ts';
import { loadRoutingState, recordShadowDecision } from '../routing/index.ts';
import { DEFAULT_OFFER_LEASE_MS } from '../routing/route-case.ts';
import type { Actor } from '../shared/actor.ts';
import { type DomainError, type Problem, validationError } from '../shared/domain-error.ts';
import {
  type SubmitCaseInput,
  type SubmitCaseResult,
  submitCaseSchema,
} from './submission-schema.ts';

/** Most submissions one batch takes (a GraphQL `submitCases` call, or one intake batch). */
export const MAX_SUBMISSIONS_PER_BATCH = 500;

export interface Submission {
  actor: Actor;
  input: SubmitCaseInput;
  requestId?: string | null;
}

export type SubmissionOutcome =
  | { ok: true; result: SubmitCaseResult }
  | { ok: false; error: DomainError };

type SubmitCaseData = z.output<typeof submitCaseSchema>;

interface Valid {
  /** Index in the caller's list. */
  index: number;
  actor: Actor;
  requestId: string | null;
  input: SubmitCaseData;
}

interface CreatedRow {
  n: number;
  created: string | null;
  id: string | null;
  status: string | null;
  vendorId: string | null;
  regionKnown: boolean;
  scopeActive: boolean | null;
}

/** Times an intake aborted by a deadlock is run again. */
const DEADLOCK_RETRIES = 3;

export async function submitCases(
  prisma: PrismaClient,
  submissions: readonly Submission[],
  options: { now?: () => Date } = {},
): Promise<SubmissionOutcome[]> {
  if (submissions.length > MAX_SUBMISSIONS_PER_BATCH) {
    throw validationError([
      {
        path: 'inputs',
        message: `at most ${MAX_SUBMISSIONS_PER_BATCH} submissions at once; got ${submissions.length}`,
      },
    ]);
  }
  const outcomes: SubmissionOutcome[] = new Array(submissions.length);
  // The first submission of each (source, externalRef) is made; repeats in the same batch
  // get its case, as a resubmission would.
  const firstOf = new Map<string, number>();
  const repeats: [index: number, of: number][] = [];
  const valid: Valid[] = [];
  submissions.forEach((s, index) => {
    const parsed = submitCaseSchema.safeParse(s.input);
    if (!parsed.success) {
      outcomes[index] = { ok: false, error: validationError(problemsOf(parsed.error)) };
      return;
    }
    const key = `${parsed.data.source}\u0000${parsed.data.externalRef}`;
    const first = firstOf.get(key);
    if (first !== undefined) {
      repeats.push([index, first]);
      return;
    }
    firstOf.set(key, index);
    valid.push({ index, actor: s.actor, requestId: s.requestId ?? null, input: parsed.data });
  });

  if (valid.length > 0) {
    const now = options.now ?? (() => new Date());
    // Concurrent intakes book shared counters; PostgreSQL may abort one to break a deadlock.
    // Submissions are idempotent and the aborted attempt left nothing, so it runs again.
    const made = await withSystem(
      prisma,
      'intake: create and route cases',
      (tx) => createAndRoute(tx, valid, now()),
      { retries: DEADLOCK_RETRIES },
    );
    valid.forEach((v, i) => {
      outcomes[v.index] = made[i]!;
    });
  }
  for (const [index, of] of repeats) {
    const first = outcomes[of]!;
    outcomes[index] = first.ok ? { ok: true, result: { ...first.result, created: false } } : first;
  }
  return outcomes;
}

async function createAndRoute(
  tx: TenantTx,
  valid: readonly Valid[],
  at: Date,
): Promise<SubmissionOutcome[]> {
  const rows = await createCases(tx, valid, at);
  const outcomes: SubmissionOutcome[] = new Array(valid.length);
  const fresh: { i: number; caseId: string }[] = [];
  const lost: number[] = [];
  rows.forEach((row) => {
    const i = row.n;
    if (row.created !== null) fresh.push({ i, caseId: row.created });
    else if (row.id !== null) outcomes[i] = { ok: true, result: existing(row) };
    else if (!row.regionKnown || row.scopeActive !== true)
      outcomes[i] = { ok: false, error: validationError(referenceProblems(row, valid[i]!.input)) };
    // A concurrent identical submission committed while the insert waited for it.
    else lost.push(i);
  });
  if (lost.length > 0) {
    for (const row of await findCases(tx, lost, valid)) {
      outcomes[row.n] = { ok: true, result: existing(row) };
    }
    if (lost.some((i) => outcomes[i] === undefined)) {
      throw new Error('intake: a case skipped as a duplicate could not be found');
    }
  }
  if (fresh.length === 0) return outcomes;

  const state = await loadRoutingState(tx, { now: at });
  const items: RouteItem[] = fresh.map(({ i, caseId }) => {
    const { input, actor, requestId } = valid[i]!;
    return {
      caseId,
      current: {
        caseAttrs: {
          region: input.region,
          scope: input.scope,
          channel: input.channel,
          language: input.language,
          priority: input.priority,
          tier: 'T1',
        },
        status: 'NEW',
        version: 1,
        routingAttempts: 0,
      },
      actor,
      requestId,
      assignmentId: randomUUID(),
      leaseExpiresAt: new Date(at.getTime() + DEFAULT_OFFER_LEASE_MS),
      audit: {
        action: 'case.submit',
        details: { source: input.source, externalRef: input.externalRef },
      },
    };
  });
  // Before booking: the draft's counters are its own rows, but they need not be held while
  // the live ones are.
  if (state.shadowing) {
    for (const item of items) {
      await recordShadowDecision(tx, {
        caseId: item.caseId,
        caseAttrs: item.current.caseAttrs,
        state,
        now: at,
      });
    }
  }
  const routed = await bookRoutes(tx, {
    state,
    now: at,
    items,
    dueTimes: slaDueTimesFor,
    announce: true,
  });
  fresh.forEach(({ i, caseId }, k) => {
    const r = routed[k]!;
    outcomes[i] = {
      ok: true,
      result: {
        caseId,
        created: true,
        status: r.status,
        vendorId: r.decision.outcome === 'ASSIGNED' ? r.decision.vendorId : null,
      },
    };
  });
  return outcomes;
}

const existing = (row: Pick<CreatedRow, 'id' | 'status' | 'vendorId'>): SubmitCaseResult => ({
  caseId: row.id!,
  created: false,
  status: row.status!,
  vendorId: row.vendorId,
});

function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
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

/**
 * One statement for the batch: each case with its subject and CREATED event, unless a case
 * with the same (source, externalRef) exists (returned instead) or its region or scope is
 * unknown. Rows go in key order, so two batches waiting on each other's keys queue rather than
 * deadlock; a concurrent identical submission makes `ON CONFLICT` wait for it, then skip.
 */
async function createCases(tx: TenantTx, valid: readonly Valid[], at: Date): Promise<CreatedRow[]> {
  const rows = valid.map(({ input, actor, requestId }, n) => ({
    n,
    source: input.source,
    external_ref: input.externalRef,
    region: input.region,
    scope: input.scope,
    channel: input.channel,
    language: input.language,
    priority: input.priority,
    subject_ref: input.subjectRef,
    display_name: input.subject.displayName ?? null,
    email: input.subject.email ?? null,
    phone: input.subject.phone ?? null,
    description: input.subject.description ?? null,
    minor: input.subject.minorSafetyDetail ?? null,
    attachments: input.subject.attachments ?? [],
    actor_kind: actor.kind,
    actor_id: actor.id,
    request_id: requestId,
    event: { source: input.source, channel: input.channel },
  }));
  return tx.$queryRaw<CreatedRow[]>`
    WITH input AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
        n int, source text, external_ref text, region text, scope text, channel text,
        language text, priority text, subject_ref text, display_name text, email text,
        phone text, description text, minor jsonb, attachments jsonb, actor_kind text,
        actor_id text, request_id text, event jsonb)
    ), ref AS MATERIALIZED (
      SELECT i.n, EXISTS (SELECT 1 FROM "Region" r WHERE r.code = i.region) AS region_known,
             (SELECT s.active FROM "Scope" s WHERE s.code = i.scope) AS scope_active
        FROM input i
    ), existing AS MATERIALIZED (
      SELECT i.n, c.id, c.status::text AS status, c."vendorId"
        FROM input i JOIN "Case" c ON c.source = i.source AND c."externalRef" = i.external_ref
    ), created AS (
      INSERT INTO "Case" (source, "externalRef", "regionCode", "scopeCode", channel, language,
                          priority, status, "subjectRef", "createdAt", "updatedAt")
      SELECT i.source, i.external_ref, i.region, i.scope, i.channel::"Channel", i.language,
             i.priority::"Priority", 'NEW', i.subject_ref, ${at}::timestamptz, ${at}::timestamptz
        FROM input i JOIN ref USING (n)
       WHERE ref.region_known AND ref.scope_active
         AND NOT EXISTS (SELECT 1 FROM existing e WHERE e.n = i.n)
       ORDER BY i.source, i.external_ref
      ON CONFLICT (source, "externalRef") DO NOTHING
      RETURNING id, source, "externalRef"
    ), made AS MATERIALIZED (
      SELECT i.n, c.id FROM created c
        JOIN input i ON i.source = c.source AND i.external_ref = c."externalRef"
    ), subject AS (
      INSERT INTO "CaseSubject" ("caseId", "displayName", email, phone, description,
                                 "minorSafetyDetail", attachments)
      SELECT m.id, i.display_name, i.email, i.phone, i.description, i.minor, i.attachments
        FROM made m JOIN input i USING (n)
    ), event AS (
      INSERT INTO "CaseEvent" ("caseId", type, "toStatus", version, "actorKind", "actorId",
                               "requestId", data, "occurredAt")
      SELECT m.id, 'CREATED', 'NEW', 1, i.actor_kind::"ActorKind", i.actor_id, i.request_id,
             i.event, ${at}::timestamptz
        FROM made m JOIN input i USING (n) ORDER BY m.n
    )
    SELECT i.n, m.id::text AS created, e.id::text AS id, e.status,
           e."vendorId"::text AS "vendorId", ref.region_known AS "regionKnown",
           ref.scope_active AS "scopeActive"
      FROM input i JOIN ref USING (n) LEFT JOIN made m USING (n) LEFT JOIN existing e USING (n)
     ORDER BY i.n`;
}

/** The cases of submissions another transaction created while this one waited. */
function findCases(tx: TenantTx, indexes: readonly number[], valid: readonly Valid[]) {
  const keys = indexes.map((n) => ({
    n,
    source: valid[n]!.input.source,
    external_ref: valid[n]!.input.externalRef,
  }));
  return tx.$queryRaw<(Pick<CreatedRow, 'id' | 'status' | 'vendorId'> & { n: number })[]>`
    SELECT k.n, c.id::text AS id, c.status::text AS status, c."vendorId"::text AS "vendorId"
      FROM jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) AS k(n int, source text, external_ref text)
      JOIN "Case" c ON c.source = k.source AND c."externalRef" = k.external_ref`;
}
