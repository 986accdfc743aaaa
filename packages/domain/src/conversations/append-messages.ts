// Intake appends the user's messages to a case. Idempotent on (source, messageRef): a message
// already stored is answered as stored and nothing is written. A message on a case waiting for
// the user (PENDING_USER) resumes it, its paused time given back to the clocks. A message on a resolved case
// reopens it within the reopen window; on a closed case (or past the window) it starts a new
// case, routed through normal intake and linked to the one it follows.
//
// The common case — messages joining an open case's thread — runs on the pool's plain
// transaction (`withScopedSql`): one read (the case and the messages already stored), one write
// (the messages, their outbox rows and the audit record). A reopen or a resume, which move the
// case through its lifecycle, run in a Prisma transaction with the case's transition code.
import { createHash, randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient, SqlTx, TenantTx } from '@bvg/db';
import { Prisma as Sql, systemScope, withScope, withScopedSql } from '@bvg/db';
import { recordAudit, toAuditRow } from '../audit/index.ts';
import { applyPlatformTransition } from '../cases/index.ts';
import { announce } from '../dispatch/index.ts';
import { submitCases } from '../intake/index.ts';
import type { Actor } from '../shared/actor.ts';
import { CaseNotFoundError, DomainError, validationError } from '../shared/domain-error.ts';
import { DEFAULT_REOPEN_WINDOW_MS, decideFollowUp, type FollowUp } from './follow-up.ts';
import {
  type AppendMessagesData,
  type AppendMessagesInput,
  appendMessagesSchema,
  problemsOf,
} from './message-schema.ts';

export interface AppendedMessage {
  id: string;
  source: string;
  messageRef: string;
  /** False when this message was already stored (a repeat): nothing was written for it. */
  created: boolean;
}

export interface AppendMessagesResult {
  /** The case the messages are on (a new one when the user wrote on a closed case). */
  caseId: string;
  /** APPEND (joined the thread), REOPEN (a resolved case reopened), NEW_CASE (a follow-up case). */
  outcome: FollowUp;
  /** Set for NEW_CASE: the case the new one follows. */
  previousCaseId: string | null;
  status: string;
  version: number;
  messages: AppendedMessage[];
}

export interface AppendMessagesOptions {
  requestId?: string | null;
  reopenWindowMs?: number;
  now?: () => Date;
}

interface CaseFacts {
  id: string;
  status: string;
  version: number;
  vendorId: string | null;
  resolvedAt: Date | null;
}

const CASE_FACTS = {
  id: true,
  status: true,
  version: true,
  vendorId: true,
  resolvedAt: true,
} as const;

export async function appendCaseMessages(
  prisma: PrismaClient,
  actor: Actor,
  raw: AppendMessagesInput,
  options: AppendMessagesOptions = {},
): Promise<AppendMessagesResult> {
  const parsed = appendMessagesSchema.safeParse(raw);
  if (!parsed.success) throw validationError(problemsOf(parsed.error));
  const input = parsed.data;
  const now = options.now ?? (() => new Date());
  const windowMs = options.reopenWindowMs ?? DEFAULT_REOPEN_WINDOW_MS;

  const scope = systemScope('append case messages');
  const ctx = () => ({ now: now(), windowMs, requestId: options.requestId ?? null });
  let first: Step | { kind: 'transition' } = await withScopedSql(prisma, scope, (sql) =>
    appendSql(sql, actor, input, ctx()),
  );
  if (first.kind === 'transition') {
    // Decided again inside, on the case as it is then.
    first = await withScope(prisma, scope, (tx) => appendInTx(tx, actor, input, ctx()));
  }
  if (first.kind === 'done') return first.result;

  // A follow-up case: submitted through intake like any case (idempotent on its derived
  // reference, so a retry after a failure lands on the same case), then linked and given the
  // messages in a second transaction.
  const old = first.case;
  const followUp = await submitFollowUp(
    prisma,
    actor,
    old.id,
    input,
    options.requestId ?? null,
    now,
  );
  return withScope(prisma, systemScope('append case messages'), async (tx) => {
    await tx.case.updateMany({
      where: { id: followUp, previousCaseId: null },
      data: { previousCaseId: old.id },
    });
    const next = await appendInTx(
      tx,
      actor,
      { ...input, caseId: followUp, source: undefined, externalRef: undefined },
      { now: now(), windowMs, requestId: options.requestId ?? null },
    );
    if (next.kind !== 'done') {
      throw new DomainError(
        'CONFLICT',
        'The follow-up case changed meanwhile; send the messages again',
      );
    }
    return { ...next.result, outcome: 'NEW_CASE' as const, previousCaseId: old.id };
  });
}

type Step = { kind: 'done'; result: AppendMessagesResult } | { kind: 'follow-up'; case: CaseFacts };

type StoredMessage = { id: string; caseId: string; source: string; messageRef: string };

// Fixed texts (named statements, planned once per connection): one per way of naming the case.
const caseFactsSql = (where: Sql.Sql, keys: string) => Sql.sql`
  SELECT c.id::text AS id, c.status::text AS status, c.version, c."vendorId"::text AS "vendorId",
         c."resolvedAt",
         (SELECT coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'caseId', m."caseId",
                                                       'source', m.source, 'messageRef', m."messageRef")),
                          '[]'::jsonb)
            FROM jsonb_to_recordset(${keys}::jsonb) AS k(source text, "messageRef" text)
            JOIN "CaseMessage" m ON m.source = k.source AND m."messageRef" = k."messageRef") AS stored
    FROM "Case" c
   WHERE ${where}`;

/**
 * The messages joining the thread of a case that stays as it is (no reopen, no resume): the
 * messages, one outbox row each for the holder and the audit record, in one statement.
 */
const APPEND_SQL = (p: {
  rows: string;
  caseId: string;
  vendorId: string | null;
  version: number;
  actorKind: string;
  actorId: string;
  at: Date;
  audit: string;
  total: number;
}) => Sql.sql`
  WITH input AS (
    SELECT * FROM jsonb_to_recordset(${p.rows}::jsonb)
      AS m(n int, source text, "messageRef" text, channel text, body text, attachments jsonb,
           "sentAt" timestamptz)
  ), made AS (
    INSERT INTO "CaseMessage" ("caseId", "vendorId", direction, source, "messageRef", channel,
                               "authorKind", "authorId", body, attachments, "sentAt", "createdAt")
    SELECT ${p.caseId}::uuid, ${p.vendorId}::uuid, 'INBOUND', m.source, m."messageRef",
           m.channel::"Channel", ${p.actorKind}::"ActorKind", ${p.actorId}, m.body, m.attachments,
           m."sentAt", ${p.at}::timestamptz
      FROM input m ORDER BY m.n
    -- A concurrent append of the same message: it wrote it, this one answers it as stored.
    ON CONFLICT (source, "messageRef") DO NOTHING
    RETURNING id, source, "messageRef"
  ), outbox AS (
    -- The holder hears of each new message (thin: ids; the body is read through the API).
    INSERT INTO "OutboxMessage" (topic, "vendorId", "caseId", payload)
    SELECT 'webhook.case.message_received', ${p.vendorId}::uuid, ${p.caseId}::uuid,
           jsonb_build_object('type', 'case.message_received',
                              'data', jsonb_build_object('caseId', ${p.caseId}::text,
                                                         'vendorId', ${p.vendorId}::text,
                                                         'version', ${p.version}::int,
                                                         'messageId', made.id::text))
      FROM made JOIN input m USING (source, "messageRef")
     WHERE ${p.vendorId}::uuid IS NOT NULL
     ORDER BY m.n
  ), audit AS (
    INSERT INTO "AuditEvent" ("actorKind", "actorId", "vendorId", action, "targetType",
                              "targetId", "requestId", outcome, details)
    SELECT a."actorKind", a."actorId", a."vendorId", a.action, a."targetType", a."targetId",
           a."requestId", a.outcome,
           a.details || jsonb_build_object('messages', n.made, 'repeated', ${p.total}::int - n.made)
      FROM jsonb_to_record(${p.audit}::jsonb) AS a("actorKind" "ActorKind", "actorId" text,
             "vendorId" uuid, action text, "targetType" text, "targetId" text, "requestId" text,
             outcome text, details jsonb),
           (SELECT count(*)::int AS made FROM made) n
  )
  SELECT id::text AS id, source, "messageRef" FROM made`;

/**
 * `appendInTx` on the plain transaction, for messages that leave the case as it is. Answers
 * `transition` without writing when the messages would reopen or resume the case.
 */
async function appendSql(
  tx: SqlTx,
  actor: Actor,
  input: AppendMessagesData,
  ctx: { now: Date; windowMs: number; requestId: string | null },
): Promise<Step | { kind: 'transition' }> {
  const keys = JSON.stringify(
    input.messages.map((m) => ({ source: m.source, messageRef: m.messageRef })),
  );
  const [row] = await tx.query<CaseFacts & { stored: StoredMessage[] }>(
    input.caseId
      ? caseFactsSql(Sql.sql`c.id = ${input.caseId}::uuid`, keys)
      : caseFactsSql(
          Sql.sql`c.source = ${input.source!} AND c."externalRef" = ${input.externalRef!}`,
          keys,
        ),
  );
  if (!row) throw new CaseNotFoundError(input.caseId ?? `${input.source}/${input.externalRef}`);
  const { stored: storedRows, ...c } = row;
  const stored = new Map(storedRows.map((m) => [keyOf(m), m]));
  const known = knownMessages(c, input, stored);
  if (known) return known;

  const outcome = decideFollowUp(c, ctx.now, ctx.windowMs);
  if (outcome === 'NEW_CASE') return { kind: 'follow-up', case: c };
  if (outcome === 'REOPEN' || c.status === 'PENDING_USER') return { kind: 'transition' };

  const fresh = input.messages
    .map((m, n) => ({ m, n }))
    .filter(({ m }) => !stored.has(keyOf(m)))
    .map(({ m, n }) => ({
      n,
      source: m.source,
      messageRef: m.messageRef,
      channel: m.channel,
      body: m.body,
      attachments: m.attachments.map((a) => ({ id: randomUUID(), ...a })),
      sentAt: m.sentAt.toISOString(),
    }));
  const made = await tx.query<{ id: string; source: string; messageRef: string }>(
    APPEND_SQL({
      rows: JSON.stringify(fresh),
      caseId: c.id,
      vendorId: c.vendorId,
      version: c.version,
      actorKind: actor.kind,
      actorId: actor.id,
      at: ctx.now,
      audit: JSON.stringify(
        toAuditRow({
          actor,
          action: 'case.messages.append',
          targetType: 'Case',
          targetId: c.id,
          requestId: ctx.requestId,
          details: { outcome },
        }),
      ),
      total: input.messages.length,
    }),
  );
  const createdIds = new Set(made.map((m) => m.id));
  const all = new Map(stored);
  for (const m of made) all.set(keyOf(m), { ...m, caseId: c.id });
  // A message written meanwhile by a concurrent append is read as that append stored it.
  const missing = input.messages.filter((m) => !all.has(keyOf(m)));
  if (missing.length > 0) {
    const [again] = await tx.query<{ stored: StoredMessage[] }>(
      caseFactsSql(Sql.sql`c.id = ${c.id}::uuid`, JSON.stringify(missing.map(pickKey))),
    );
    for (const m of again?.stored ?? []) all.set(keyOf(m), m);
  }
  return {
    kind: 'done',
    result: {
      caseId: c.id,
      outcome,
      previousCaseId: null,
      status: c.status,
      version: c.version,
      messages: input.messages.map((m) => {
        const s = all.get(keyOf(m))!;
        return { ...pick(s), created: createdIds.has(s.id) };
      }),
    },
  };
}

/**
 * The stored answer when every message is known (nothing to write); a CONFLICT when one is
 * stored on another case; null when there is something to append.
 */
function knownMessages(
  c: CaseFacts,
  input: AppendMessagesData,
  stored: Map<string, StoredMessage>,
): Step | null {
  const elsewhere = input.messages.findIndex((m) => {
    const s = stored.get(keyOf(m));
    return s && s.caseId !== c.id;
  });
  if (elsewhere >= 0) {
    throw new DomainError(
      'CONFLICT',
      'A message with this source and messageRef is on another case',
      {
        problems: [{ path: `messages.${elsewhere}.messageRef`, message: 'is on another case' }],
      },
    );
  }
  if (input.messages.some((m) => !stored.has(keyOf(m)))) return null;
  return {
    kind: 'done',
    result: {
      caseId: c.id,
      outcome: 'APPEND',
      previousCaseId: null,
      status: c.status,
      version: c.version,
      messages: input.messages.map((m) => ({ ...pick(stored.get(keyOf(m))!), created: false })),
    },
  };
}

async function appendInTx(
  tx: TenantTx,
  actor: Actor,
  input: AppendMessagesData,
  ctx: { now: Date; windowMs: number; requestId: string | null },
): Promise<Step> {
  const c: CaseFacts | null = input.caseId
    ? await tx.case.findUnique({ where: { id: input.caseId }, select: CASE_FACTS })
    : await tx.case.findUnique({
        where: {
          source_externalRef: { source: input.source!, externalRef: input.externalRef! },
        },
        select: CASE_FACTS,
      });
  if (!c) throw new CaseNotFoundError(input.caseId ?? `${input.source}/${input.externalRef}`);

  const stored = await storedMessages(tx, input);
  const known = knownMessages(c, input, stored);
  if (known) return known;
  const fresh = input.messages.filter((m) => !stored.has(keyOf(m)));

  const outcome = decideFollowUp(c, ctx.now, ctx.windowMs);
  if (outcome === 'NEW_CASE') return { kind: 'follow-up', case: c };

  let { status, version } = c;
  if (outcome === 'REOPEN') {
    const reopened = await applyPlatformTransition(
      tx,
      actor,
      'REOPEN',
      c,
      ctx.now,
      { reason: 'the user wrote back', messageRef: fresh[0]!.messageRef },
      ctx.requestId,
    );
    status = reopened.status;
    version = reopened.version;
    await recordAudit(tx, {
      actor,
      action: 'case.reopen',
      targetType: 'Case',
      targetId: c.id,
      requestId: ctx.requestId,
      details: { reason: 'the user wrote back' },
    });
  } else if (c.status === 'PENDING_USER') {
    // The partner was waiting for exactly this: the case resumes as a partner's resume would.
    const resumed = await applyPlatformTransition(
      tx,
      actor,
      'RESUME',
      c,
      ctx.now,
      { reason: 'the user wrote back', messageRef: fresh[0]!.messageRef },
      ctx.requestId,
    );
    status = resumed.status;
    version = resumed.version;
    await recordAudit(tx, {
      actor,
      action: 'case.resume',
      targetType: 'Case',
      targetId: c.id,
      requestId: ctx.requestId,
      details: { reason: 'the user wrote back' },
    });
  }

  const made = await tx.caseMessage.createManyAndReturn({
    data: fresh.map((m) => ({
      caseId: c.id,
      vendorId: c.vendorId,
      direction: 'INBOUND' as const,
      source: m.source,
      messageRef: m.messageRef,
      channel: m.channel,
      authorKind: actor.kind,
      authorId: actor.id,
      body: m.body,
      attachments: m.attachments.map((a) => ({ id: randomUUID(), ...a })) as Prisma.InputJsonValue,
      sentAt: m.sentAt,
      createdAt: ctx.now,
    })),
    // A concurrent append of the same message: it wrote it, this one answers it as stored.
    skipDuplicates: true,
    select: { id: true, caseId: true, source: true, messageRef: true },
  });
  const createdIds = new Set(made.map((m) => m.id));
  const all = await storedMessages(tx, input);

  // The holder hears of each new message (thin: ids; the body is read through the API).
  if (c.vendorId) {
    for (const m of made) {
      await announce(tx, 'case.message_received', {
        caseId: c.id,
        vendorId: c.vendorId,
        version,
        messageId: m.id,
      });
    }
  }
  await recordAudit(tx, {
    actor,
    action: 'case.messages.append',
    targetType: 'Case',
    targetId: c.id,
    requestId: ctx.requestId,
    details: { messages: made.length, repeated: input.messages.length - made.length, outcome },
  });
  return {
    kind: 'done',
    result: {
      caseId: c.id,
      outcome,
      previousCaseId: null,
      status,
      version,
      messages: input.messages.map((m) => {
        const s = all.get(keyOf(m))!;
        return { ...pick(s), created: createdIds.has(s.id) };
      }),
    },
  };
}

const keyOf = (m: { source: string; messageRef: string }) => `${m.source}\u0000${m.messageRef}`;
const pickKey = (m: { source: string; messageRef: string }) => ({
  source: m.source,
  messageRef: m.messageRef,
});
const pick = (m: { id: string; source: string; messageRef: string }) => ({
  id: m.id,
  source: m.source,
  messageRef: m.messageRef,
});

async function storedMessages(tx: TenantTx, input: AppendMessagesData) {
  const rows = await tx.caseMessage.findMany({
    where: { OR: input.messages.map((m) => ({ source: m.source, messageRef: m.messageRef })) },
    select: { id: true, caseId: true, source: true, messageRef: true },
  });
  return new Map(rows.map((r) => [keyOf(r), r]));
}

/** Submits the case that follows `previousId` through intake; returns its id. */
async function submitFollowUp(
  prisma: PrismaClient,
  actor: Actor,
  previousId: string,
  input: AppendMessagesData,
  requestId: string | null,
  now: () => Date,
): Promise<string> {
  const old = await withScope(prisma, systemScope('follow-up case'), (tx) =>
    tx.case.findUniqueOrThrow({ where: { id: previousId }, include: { subject: true } }),
  );
  const firstMessage = input.messages[0]!;
  // Derived from the case and the first message: a retry submits the same case again.
  const ref = `${old.externalRef}:follow-up:${firstMessage.source}:${firstMessage.messageRef}`;
  const externalRef =
    ref.length <= 200 ? ref : `follow-up:${createHash('sha256').update(ref).digest('hex')}`;
  const [outcome] = await submitCases(
    prisma,
    [
      {
        actor,
        requestId,
        input: {
          source: old.source,
          externalRef,
          region: old.regionCode,
          scope: old.scopeCode,
          channel: firstMessage.channel,
          language: old.language,
          priority: old.priority,
          subjectRef: old.subjectRef,
          subject: {
            ...(old.subject?.displayName ? { displayName: old.subject.displayName } : {}),
            ...(old.subject?.email ? { email: old.subject.email } : {}),
            ...(old.subject?.phone ? { phone: old.subject.phone } : {}),
            description: firstMessage.body,
          },
        },
      },
    ],
    { now },
  );
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.result.caseId;
}
