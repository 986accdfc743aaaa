// Intake of many cases in one transaction: each is validated on its own; one read finds the
// submissions already made and checks regions and scopes; the rest are routed together (one
// locked read of the counters) and created already routed, with their events, assignments,
// outbox messages and audit records, by one write for the whole batch. Every
// submission gets its own answer: its case, or its own typed error. Submissions are
// independent, so a batch is as correct as the same submissions made one after another.
import { randomUUID } from 'node:crypto';
import {
  Prisma,
  type PrismaClient,
  type SqlTx,
  sqlTxOf,
  systemScope,
  type TenantTx,
  withScope,
  withScopedSql,
} from '@bvg/db';
import type { z } from 'zod';
import { slaDueTimesFor, userDueTimesFor } from '../offers/index.ts';
import {
  bookRoutes,
  DEFAULT_OFFER_LEASE_MS,
  loadRoutingStateWith,
  type NewCase,
  type RouteItem,
  recordShadowDecision,
} from '../routing/index.ts';
import type { Actor } from '../shared/actor.ts';
import { type DomainError, type Problem, validationError } from '../shared/domain-error.ts';
import {
  type SubmitCaseInput,
  type SubmitCaseResult,
  submitCaseSchema,
} from './submission-schema.ts';

/** Most submissions one batch takes (a GraphQL `submitCases` call, or one intake batch). */
export const MAX_SUBMISSIONS_PER_BATCH = 500;

/** Refuses a call with more than MAX_SUBMISSIONS_PER_BATCH submissions, before any work. */
export function assertBatchSize(count: number): void {
  if (count > MAX_SUBMISSIONS_PER_BATCH) {
    throw validationError([
      {
        path: 'inputs',
        message: `at most ${MAX_SUBMISSIONS_PER_BATCH} submissions at once; got ${count}`,
      },
    ]);
  }
}

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

interface KnownRow {
  n: number;
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
  assertBatchSize(submissions.length);
  const outcomes: SubmissionOutcome[] = new Array(submissions.length);
  // The first submission of each (source, externalRef) is made; repeats in the same batch
  // get its case, as a resubmission would.
  const firstOf = new Map<string, number>();
  const repeats: [index: number, of: number][] = [];
  const valid: Valid[] = [];
  const invalid: { index: number; problems: Problem[] }[] = [];
  submissions.forEach((s, index) => {
    const parsed = submitCaseSchema.safeParse(s.input);
    if (!parsed.success) {
      invalid.push({ index, problems: problemsOf(parsed.error) });
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

  // Every problem at once: a submission refused for its shape is also told of an unknown
  // region or scope (for the valid ones the intake transaction checks them).
  if (invalid.length > 0) {
    const refs = await referenceProblemsOf(
      prisma,
      invalid.map(({ index }) => submissions[index]!.input),
    );
    for (const [k, { index, problems }] of invalid.entries()) {
      const known = new Set(problems.map((p) => p.path));
      const extra = refs[k]!.filter((p) => !known.has(p.path));
      const all = [...problems, ...extra].sort((a, b) => (a.path < b.path ? -1 : 1));
      outcomes[index] = { ok: false, error: validationError(all) };
    }
  }

  if (valid.length > 0) {
    const now = options.now ?? (() => new Date());
    // Concurrent intakes book shared counters; PostgreSQL may abort one to break a deadlock.
    // Submissions are idempotent and the aborted attempt left nothing, so it runs again.
    // On the pool's plain transaction (withScopedSql); in a Prisma one when the unit needs
    // the ORM: the routing reference data is not cached, or a draft ruleset is in shadow.
    const reason = 'intake: create and route cases';
    const made =
      (await withScopedSql(
        prisma,
        systemScope(reason),
        (sql) => createAndRoute(sql, null, valid, now()),
        {
          retries: DEADLOCK_RETRIES,
        },
      )) ??
      (await withScope(
        prisma,
        systemScope(reason),
        async (tx) => (await createAndRoute(sqlTxOf(tx), tx, valid, now()))!,
        { retries: DEADLOCK_RETRIES },
      ));
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

/**
 * Makes and routes the batch's new cases. `orm` is the unit's Prisma transaction when it has
 * one; without it, work that needs the ORM answers null before writing anything (see above).
 */
async function createAndRoute(
  tx: SqlTx,
  orm: TenantTx | null,
  valid: readonly Valid[],
  at: Date,
): Promise<SubmissionOutcome[] | null> {
  const outcomes: SubmissionOutcome[] = new Array(valid.length);
  const fresh: { i: number; caseId: string }[] = [];
  for (const row of await findKnown(tx, valid)) {
    const i = row.n;
    if (row.id !== null) outcomes[i] = { ok: true, result: existing(row) };
    else if (!row.regionKnown || row.scopeActive !== true)
      outcomes[i] = { ok: false, error: validationError(referenceProblems(row, valid[i]!.input)) };
    else fresh.push({ i, caseId: randomUUID() });
  }
  if (fresh.length === 0) return outcomes;

  const state = await loadRoutingStateWith(tx, { now: at }, orm);
  if (state === null || (state.shadowing && orm === null)) return null;
  const create = new Map<string, NewCase>();
  const items: RouteItem[] = fresh.map(({ i, caseId }) => {
    const { input, actor, requestId } = valid[i]!;
    const subject = input.subject;
    const userClock = userDueTimesFor(input, state, at);
    create.set(caseId, {
      source: input.source,
      externalRef: input.externalRef,
      subjectRef: input.subjectRef,
      subject: {
        displayName: subject.displayName ?? null,
        email: subject.email ?? null,
        phone: subject.phone ?? null,
        description: subject.description ?? null,
        minorSafetyDetail: subject.minorSafetyDetail ?? null,
        attachments: subject.attachments ?? [],
      },
      // The CREATED event keeps what the user's clock counts on, for its replay.
      event: { source: input.source, channel: input.channel, ...(userClock ? { userClock } : {}) },
      userDue: userClock,
    });
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
  const routed = await bookRoutes(tx, {
    state,
    now: at,
    items,
    dueTimes: slaDueTimesFor,
    announce: true,
    create,
  });
  // A concurrent identical submission committed first: its case is the answer.
  const lost: number[] = [];
  fresh.forEach(({ i, caseId }, k) => {
    const r = routed[k];
    if (!r) {
      lost.push(i);
      return;
    }
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
  if (lost.length > 0) {
    const rows = await findKnown(
      tx,
      lost.map((i) => valid[i]!),
    );
    for (const row of rows) {
      if (row.id === null) throw new Error('intake: a case skipped as a duplicate was not found');
      outcomes[lost[row.n]!] = { ok: true, result: existing(row) };
    }
  }
  // After booking (the cases exist now); a draft's counters are its own rows.
  if (state.shadowing) {
    for (const [k, item] of items.entries()) {
      if (!routed[k]) continue;
      await recordShadowDecision(orm!, {
        caseId: item.caseId,
        caseAttrs: item.current.caseAttrs,
        state,
        now: at,
      });
    }
  }
  return outcomes;
}

const existing = (row: Pick<KnownRow, 'id' | 'status' | 'vendorId'>): SubmitCaseResult => ({
  caseId: row.id!,
  created: false,
  status: row.status!,
  vendorId: row.vendorId,
});

/** Unknown regions and unknown or inactive scopes among raw submissions (shared tables). */
async function referenceProblemsOf(
  prisma: PrismaClient,
  inputs: readonly SubmitCaseInput[],
): Promise<Problem[][]> {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : null);
  const regions = [...new Set(inputs.map((i) => text(i.region)).filter((v) => v !== null))];
  const scopes = [...new Set(inputs.map((i) => text(i.scope)).filter((v) => v !== null))];
  const [knownRegions, knownScopes] = await Promise.all([
    prisma.region.findMany({ where: { code: { in: regions } }, select: { code: true } }),
    prisma.scope.findMany({
      where: { code: { in: scopes } },
      select: { code: true, active: true },
    }),
  ]);
  const regionSet = new Set(knownRegions.map((r) => r.code));
  const scopeActive = new Map(knownScopes.map((s) => [s.code, s.active]));
  return inputs.map((input) => {
    const region = text(input.region);
    const scope = text(input.scope);
    return referenceProblems(
      {
        regionKnown: region === null || regionSet.has(region),
        scopeActive: scope === null ? true : (scopeActive.get(scope) ?? null),
      },
      { region: region ?? '', scope: scope ?? '' },
    );
  });
}

function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

function referenceProblems(
  row: Pick<KnownRow, 'regionKnown' | 'scopeActive'>,
  input: Pick<SubmitCaseData, 'region' | 'scope'>,
): Problem[] {
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
 * One read for the batch: per submission (`n`, its position in `valid`), the case already made
 * for its (source, externalRef) if any, and whether its region and scope are known and active.
 * Also finds the cases a concurrent transaction made while this one waited on their keys.
 */
function findKnown(tx: SqlTx, valid: readonly Valid[]): Promise<KnownRow[]> {
  const keys = valid.map(({ input }, n) => ({
    n,
    source: input.source,
    external_ref: input.externalRef,
    region: input.region,
    scope: input.scope,
  }));
  return tx.query<KnownRow>(Prisma.sql`
    SELECT k.n, c.id::text AS id, c.status::text AS status, c."vendorId"::text AS "vendorId",
           EXISTS (SELECT 1 FROM "Region" r WHERE r.code = k.region) AS "regionKnown",
           (SELECT s.active FROM "Scope" s WHERE s.code = k.scope) AS "scopeActive"
      FROM jsonb_to_recordset(${JSON.stringify(keys)}::jsonb)
           AS k(n int, source text, external_ref text, region text, scope text)
      -- One unique-index probe per key (LIMIT keeps the planner from folding this into a join
      -- that scans every case when its statistics are stale).
      LEFT JOIN LATERAL (
        SELECT c.id, c.status, c."vendorId" FROM "Case" c
         WHERE c.source = k.source AND c."externalRef" = k.external_ref
         LIMIT 1
      ) c ON true
     ORDER BY k.n`);
}
