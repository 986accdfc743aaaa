import type { PrismaClient, SqlTx } from '@bvg/db';
import { Prisma, systemScope, tenantScope, withScopedSql } from '@bvg/db';
import { dedupeKeyOf, raiseAlerts } from '../alerts/index.ts';
import { REDOABLE_COMMIT } from './redoable-commit.ts';
import { OutboxTopic } from './topics.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DeliveryToAttempt {
  id: string;
  webhookId: string;
  vendorId: string;
  endpointId: string;
  outboxId: bigint | null;
  caseId: string | null;
  eventType: string;
  /** The JSON text sent (and signed) byte for byte. */
  body: string;
  status: 'PENDING' | 'SUCCEEDED' | 'RETRYING' | 'EXHAUSTED' | 'ENDPOINT_DISABLED';
  attemptCount: number;
  endpoint: { url: string; active: boolean };
  /** Every secret not yet expired, newest first: several during a rotation. */
  secrets: string[];
}

interface DeliveryRow {
  id: string;
  webhookId: string;
  vendorId: string;
  endpointId: string;
  outboxId: bigint | null;
  caseId: string | null;
  eventType: string;
  payload: unknown;
  status: DeliveryToAttempt['status'];
  attemptCount: number;
  url: string;
  active: boolean;
  secrets: string[];
}

/** Deliveries with their endpoint and live secrets, in one statement, as the scope sees them. */
async function selectDeliveries(
  tx: SqlTx,
  deliveryIds: readonly string[],
  now: Date,
): Promise<Map<string, DeliveryToAttempt>> {
  const found = new Map<string, DeliveryToAttempt>();
  const ids = [...new Set(deliveryIds)].filter((id) => UUID.test(id));
  if (ids.length === 0) return found;
  const rows = await tx.query<DeliveryRow>(Prisma.sql`
      SELECT d.id::text AS id, d."webhookId", d."vendorId"::text AS "vendorId",
             d."endpointId"::text AS "endpointId", d."outboxId", d."caseId"::text AS "caseId",
             d."eventType", d.payload, d.status::text AS status, d."attemptCount",
             e.url, e.active,
             coalesce((SELECT array_agg(s.secret ORDER BY s."createdAt" DESC)
                         FROM "WebhookSecret" s
                        WHERE s."endpointId" = e.id
                          AND (s."expiresAt" IS NULL OR s."expiresAt" > ${now})),
                      '{}'::text[]) AS secrets
        FROM "WebhookDelivery" d
        JOIN "WebhookEndpoint" e ON e.id = d."endpointId"
       WHERE d.id = ANY(${ids}::uuid[])`);
  for (const row of rows) {
    found.set(row.id, {
      id: row.id,
      webhookId: row.webhookId,
      vendorId: row.vendorId,
      endpointId: row.endpointId,
      outboxId: row.outboxId === null ? null : BigInt(row.outboxId),
      caseId: row.caseId,
      eventType: row.eventType,
      body: JSON.stringify(row.payload),
      status: row.status,
      attemptCount: row.attemptCount,
      endpoint: { url: row.url, active: row.active },
      secrets: row.secrets,
    });
  }
  return found;
}

/**
 * Several deliveries of one vendor with what it takes to send them, read as that vendor
 * (row-level security) in one statement: delivery, endpoint and live secrets together.
 * Deliveries not found (or not the vendor's) are absent from the map.
 */
export async function loadDeliveriesToAttempt(
  prisma: PrismaClient,
  input: { vendorId: string; deliveryIds: readonly string[]; now?: Date },
): Promise<Map<string, DeliveryToAttempt>> {
  const { loaded } = await syncVendorDeliveries(prisma, {
    vendorId: input.vendorId,
    record: [],
    load: input.deliveryIds,
    ...(input.now ? { now: input.now } : {}),
  });
  return loaded;
}

/** The delivery with what it takes to send it, read as its vendor (row-level security). */
export async function loadDeliveryToAttempt(
  prisma: PrismaClient,
  input: { deliveryId: string; vendorId: string; now?: Date },
): Promise<DeliveryToAttempt | null> {
  const found = await loadDeliveriesToAttempt(prisma, {
    vendorId: input.vendorId,
    deliveryIds: [input.deliveryId],
    ...(input.now ? { now: input.now } : {}),
  });
  return found.get(input.deliveryId) ?? null;
}

/** What happens to a delivery after an attempt (decided by the dispatch policy). */
export type DeliveryOutcome =
  | { kind: 'SUCCEEDED' }
  | { kind: 'RETRYING'; nextAttemptAt: Date }
  /** No attempts left; `reroute` hands a case.assigned delivery's case to someone else. */
  | { kind: 'EXHAUSTED'; reroute: boolean }
  | { kind: 'ENDPOINT_DISABLED'; reason: string };

export interface RecordAttemptInput {
  delivery: Pick<DeliveryToAttempt, 'id' | 'vendorId' | 'endpointId' | 'caseId' | 'eventType'>;
  attemptNumber: number;
  startedAt: Date;
  /** Where the attempt was sent (the endpoint's URL at that moment), kept with the attempt. */
  url: string;
  latencyMs?: number | undefined;
  responseStatus?: number | undefined;
  error?: string | undefined;
  outcome: DeliveryOutcome;
}

/**
 * Books attempts in one statement: each delivery's attempt count moves from n − 1 to n with its
 * new status, and the attempt row is written, only where the count still was n − 1. Returns the
 * attempts booked; the others were booked already (a duplicate job). A delivery named twice
 * goes again in a second round, so the guard decides between the two as well.
 */
async function bookAttempts(
  tx: SqlTx,
  inputs: readonly RecordAttemptInput[],
): Promise<Set<RecordAttemptInput>> {
  const booked = new Set<RecordAttemptInput>();
  let rest = [...inputs];
  while (rest.length > 0) {
    const seen = new Set<string>();
    const round = rest.filter((i) => !seen.has(i.delivery.id) && seen.add(i.delivery.id));
    rest = rest.filter((i) => !round.includes(i));
    const rows = await tx.query<{ id: string }>(Prisma.sql`
      WITH input AS (
        SELECT * FROM unnest(${round.map((i) => i.delivery.id)}::uuid[],
                             ${round.map((i) => i.delivery.vendorId)}::uuid[],
                             ${round.map((i) => i.attemptNumber)}::int[],
                             ${round.map((i) => i.outcome.kind)}::text[],
                             ${round.map((i) => i.startedAt)}::timestamptz[],
                             ${round.map((i) => (i.outcome.kind === 'RETRYING' ? i.outcome.nextAttemptAt : null))}::timestamptz[],
                             ${round.map((i) => (i.latencyMs === undefined ? null : Math.round(i.latencyMs)))}::int[],
                             ${round.map((i) => i.responseStatus ?? null)}::int[],
                             ${round.map((i) => i.error ?? null)}::text[],
                             ${round.map((i) => i.url)}::text[])
          AS t(delivery_id, vendor_id, attempt, status, started_at, next_at, latency, response, error, url)
      ), booked AS (
        UPDATE "WebhookDelivery" d
           SET "attemptCount" = i.attempt, status = i.status::"DeliveryStatus",
               "lastAttemptAt" = i.started_at, "nextAttemptAt" = i.next_at
          FROM input i
         WHERE d.id = i.delivery_id AND d."attemptCount" = i.attempt - 1
        RETURNING d.id
      ), attempts AS (
        INSERT INTO "WebhookAttempt"
               ("deliveryId", "vendorId", "attemptNumber", "startedAt", "latencyMs", "responseStatus", error, url)
        SELECT i.delivery_id, i.vendor_id, i.attempt, i.started_at, i.latency, i.response, i.error, i.url
          FROM input i JOIN booked b ON b.id = i.delivery_id
      )
      SELECT id::text AS id FROM booked`);
    const ids = new Set(rows.map((r) => r.id));
    for (const input of round) if (ids.has(input.delivery.id)) booked.add(input);
  }
  return booked;
}

/**
 * Records one attempt and its consequence together. Returns false, changing nothing, when this
 * attempt number was already recorded (a duplicate job): the delivery's attempt count is the
 * guard, so two workers can never both book the same attempt.
 */
export async function recordDeliveryAttempt(
  prisma: PrismaClient,
  input: RecordAttemptInput,
): Promise<boolean> {
  const [recorded] = await recordDeliveryAttempts(prisma, [input]);
  return recorded ?? false;
}

/**
 * Records attempts of one vendor's deliveries (see `syncVendorDeliveries`). Returns, per
 * input, whether it was recorded (false: a duplicate job, nothing changed).
 */
export async function recordDeliveryAttempts(
  prisma: PrismaClient,
  inputs: readonly RecordAttemptInput[],
): Promise<boolean[]> {
  const vendorId = inputs[0]?.delivery.vendorId;
  if (vendorId === undefined) return [];
  const { recorded } = await syncVendorDeliveries(prisma, { vendorId, record: inputs, load: [] });
  return recorded;
}

/**
 * What one vendor's concurrent attempts need from the database, in one transaction of that
 * vendor: the attempts just made that leave their delivery SUCCEEDED or RETRYING are recorded
 * in one statement, then the deliveries about to be attempted are loaded in another. The rare
 * outcomes that also write system records (alerts, a re-route) are recorded each in their own
 * transaction. `recorded[i]` is false when `record[i]` was a duplicate job (nothing changed).
 */
export async function syncVendorDeliveries(
  prisma: PrismaClient,
  input: {
    vendorId: string;
    record: readonly RecordAttemptInput[];
    load: readonly string[];
    now?: Date;
  },
): Promise<{ recorded: boolean[]; loaded: Map<string, DeliveryToAttempt> }> {
  const now = input.now ?? new Date();
  if (input.record.some((i) => i.delivery.vendorId !== input.vendorId)) {
    throw new Error('syncVendorDeliveries: every attempt must be of the vendor');
  }
  const common = input.record.filter(
    (i) => i.outcome.kind === 'SUCCEEDED' || i.outcome.kind === 'RETRYING',
  );
  const { booked, loaded } =
    common.length === 0 && input.load.length === 0
      ? { booked: new Set<RecordAttemptInput>(), loaded: new Map<string, DeliveryToAttempt>() }
      : await withScopedSql(
          prisma,
          tenantScope(input.vendorId),
          async (tx) => ({
            booked:
              common.length === 0 ? new Set<RecordAttemptInput>() : await bookAttempts(tx, common),
            loaded: await selectDeliveries(tx, input.load, now),
          }),
          { settings: REDOABLE_COMMIT },
        );
  const recorded: boolean[] = [];
  for (const attempt of input.record) {
    if (common.includes(attempt)) recorded.push(booked.has(attempt));
    else recorded.push(await recordClosingAttempt(prisma, attempt));
  }
  return { recorded, loaded };
}

/** An attempt that closes its delivery without success: alerts and a re-route are system records. */
async function recordClosingAttempt(
  prisma: PrismaClient,
  input: RecordAttemptInput,
): Promise<boolean> {
  const { delivery, outcome } = input;
  return withScopedSql(prisma, systemScope('webhook delivery outcome'), async (tx) => {
    const booked = await bookAttempts(tx, [input]);
    if (!booked.has(input)) return false;
    if (outcome.kind === 'ENDPOINT_DISABLED') {
      await tx.execute(Prisma.sql`
        UPDATE "WebhookEndpoint"
           SET active = false, "disabledAt" = ${input.startedAt}, "disabledReason" = ${outcome.reason}
         WHERE id = ${delivery.endpointId}::uuid AND active`);
      await raiseAlert(
        tx,
        'ENDPOINT_DISABLED',
        delivery,
        `Webhook endpoint ${delivery.endpointId} disabled: ${outcome.reason}`,
      );
    }
    if (outcome.kind === 'EXHAUSTED') {
      await raiseAlert(
        tx,
        'DELIVERY_EXHAUSTED',
        delivery,
        `Webhook delivery ${delivery.id} (${delivery.eventType}) exhausted after ${input.attemptNumber} attempts`,
      );
      if (outcome.reroute && delivery.eventType === 'case.assigned' && delivery.caseId) {
        const payload = {
          caseId: delivery.caseId,
          excludeVendorId: delivery.vendorId,
          reason: 'DELIVERY_EXHAUSTED',
        };
        await tx.execute(Prisma.sql`
          INSERT INTO "OutboxMessage" (topic, "vendorId", "caseId", payload)
          VALUES (${OutboxTopic.CaseReroute}, ${delivery.vendorId}::uuid, ${delivery.caseId}::uuid,
                  ${JSON.stringify(payload)}::jsonb)`);
      }
    }
    return true;
  });
}

async function raiseAlert(
  tx: SqlTx,
  kind: 'ENDPOINT_DISABLED' | 'DELIVERY_EXHAUSTED',
  delivery: RecordAttemptInput['delivery'],
  message: string,
): Promise<void> {
  // A sandbox tenant's endpoint is the integrator's to fix: raiseAlerts leaves it out.
  await raiseAlerts(tx, [
    {
      kind,
      severity: kind === 'ENDPOINT_DISABLED' ? 'CRITICAL' : 'WARNING',
      dedupeKey: dedupeKeyOf(
        kind,
        kind === 'ENDPOINT_DISABLED' ? delivery.endpointId : delivery.id,
      ),
      vendorId: delivery.vendorId,
      caseId: delivery.caseId,
      message,
      data: {
        endpointId: delivery.endpointId,
        deliveryId: delivery.id,
        eventType: delivery.eventType,
      },
      at: new Date(),
    },
  ]);
}
