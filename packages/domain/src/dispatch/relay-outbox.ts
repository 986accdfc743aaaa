import type { PrismaClient, SqlTx } from '@bvg/db';
import { Prisma, systemScope, withScopedSql } from '@bvg/db';
import { REDOABLE_COMMIT } from './redoable-commit.ts';
import {
  ALERT_EVENT_TOPICS,
  endpointWants,
  eventTypeOfTopic,
  OutboxTopic,
  PLATFORM_CHANNEL_SLUG,
  RELAYED_TOPICS,
  type ReroutePayload,
  redeliverPayloadSchema,
  reroutePayloadSchema,
  WEBHOOK_EVENT_TOPICS,
  WEBHOOK_TEST_EVENT_TYPE,
  webhookIdFor,
  webhookOutboxPayloadSchema,
  webhookTestPayloadSchema,
} from './topics.ts';

/** One attempt to queue: the job id `${deliveryId}_${attempt}` (BullMQ refuses ':' in ids) makes queueing it twice harmless. */
export interface DispatchJobSpec {
  deliveryId: string;
  vendorId: string;
  /** The delivery's attempt number this job makes (1-based, counted over the delivery's life). */
  attempt: number;
}

export const dispatchJobId = (spec: Pick<DispatchJobSpec, 'deliveryId' | 'attempt'>) =>
  `${spec.deliveryId}_${spec.attempt}`;

/** An overdue delivery found by the sweep, with where the next page starts after it. */
export interface StalledDelivery extends DispatchJobSpec {
  cursor: { due: string; id: string };
}

export interface RerouteMessage {
  outboxId: bigint;
  payload: ReroutePayload;
}

export interface OutboxBatch {
  /** Every row of the batch; mark them ENQUEUED once the jobs are queued and reroutes handed over. */
  outboxIds: bigint[];
  dispatch: DispatchJobSpec[];
  /** Deliveries sent again on request: an attempt job may already wait in the queue. */
  redeliveries: DispatchJobSpec[];
  reroutes: RerouteMessage[];
  /** Rows whose payload could not be read: marked too, so one bad row does not stall the relay. */
  malformed: bigint[];
  /** Offers in this batch, for partners subscribed over GraphQL (whether or not they have endpoints). */
  offers: { caseId: string; vendorId: string; version: number; offerExpiresAt: string | null }[];
  /** Alert events in this batch, for consoles subscribed to alerts (thin: the outbox payload). */
  alerts: { type: string; data: Record<string, unknown> }[];
}

const WEBHOOK_TOPICS: readonly string[] = WEBHOOK_EVENT_TOPICS;
const ALERT_TOPICS: readonly string[] = ALERT_EVENT_TOPICS;

interface OutboxRow {
  id: bigint | number | string;
  topic: string;
  vendorId: string | null;
  caseId: string | null;
  payload: unknown;
  createdAt: Date;
  /** Whose endpoints receive it: the row's vendor, or the platform channel for a reply. */
  deliverTo: string | null;
  /** The active endpoints of `deliverTo`. */
  endpoints: { id: string; eventTypes: string[] }[];
}

interface NewDelivery {
  webhookId: string;
  endpointId: string;
  vendorId: string;
  outboxId: string;
  caseId: string | null;
  eventType: string;
  /** JSON text. */
  payload: string;
}

/**
 * Inserts the deliveries not made yet and returns every pending delivery of these outbox rows
 * in one statement: the ones made now (RETURNING) and, from the statement's snapshot, the ones
 * a pass that crashed before marking its rows made already.
 */
async function insertDeliveries(
  tx: SqlTx,
  deliveries: readonly NewDelivery[],
  outboxIds: readonly string[],
  now: Date,
): Promise<{ id: string; vendorId: string; attemptCount: number }[]> {
  return tx.query(Prisma.sql`
    WITH made AS (
      INSERT INTO "WebhookDelivery"
             ("webhookId", "endpointId", "vendorId", "outboxId", "caseId", "eventType", payload,
              "nextAttemptAt")
      SELECT t.webhook_id, t.endpoint_id, t.vendor_id, t.outbox_id, t.case_id, t.event_type,
             t.payload, ${now}
        FROM unnest(${deliveries.map((d) => d.webhookId)}::text[],
                    ${deliveries.map((d) => d.endpointId)}::uuid[],
                    ${deliveries.map((d) => d.vendorId)}::uuid[],
                    ${deliveries.map((d) => d.outboxId)}::text[]::bigint[],
                    ${deliveries.map((d) => d.caseId)}::uuid[],
                    ${deliveries.map((d) => d.eventType)}::text[],
                    ${deliveries.map((d) => d.payload)}::text[]::jsonb[])
          AS t(webhook_id, endpoint_id, vendor_id, outbox_id, case_id, event_type, payload)
      ON CONFLICT DO NOTHING
      RETURNING id, "vendorId", "attemptCount"
    )
    SELECT id::text AS id, "vendorId"::text AS "vendorId", "attemptCount" FROM made
    UNION ALL
    -- Probed per outbox row through the (outboxId, endpointId) index; OFFSET 0 keeps the
    -- planner from turning this into a scan of every delivery.
    SELECT d.id::text, d."vendorId"::text, d."attemptCount"
      FROM unnest(${outboxIds}::text[]::bigint[]) AS o(id)
     CROSS JOIN LATERAL (
       SELECT x.id, x."vendorId", x."attemptCount" FROM "WebhookDelivery" x
        WHERE x."outboxId" = o.id AND x.status = 'PENDING'
       OFFSET 0
     ) d`);
}

/**
 * Reads the oldest pending outbox rows and turns them into deliveries, in one transaction.
 * Idempotent: the deliveries' unique (outboxId, endpointId) makes a redone batch (after a crash
 * before the rows were marked) find the rows it made the first time, with the same webhook-ids.
 * The caller queues the returned jobs, then calls `markOutboxEnqueued`.
 */
export async function prepareOutboxBatch(
  prisma: PrismaClient,
  options: { limit: number; now?: Date },
): Promise<OutboxBatch> {
  const now = options.now ?? new Date();
  // A plain index scan of the pending-rows index, not a bitmap scan: it marks the entries of
  // rows relayed since the last vacuum dead as it passes them (see the migration that made it).
  const settings = { ...REDOABLE_COMMIT, enable_bitmapscan: 'off' };
  return withScopedSql(
    prisma,
    systemScope('outbox relay'),
    async (tx) => {
      // The rows and their vendors' active endpoints in one statement.
      const rows = await tx.query<OutboxRow>(Prisma.sql`
      WITH r AS MATERIALIZED (
        SELECT o.id, o.topic, o."vendorId", o."caseId", o.payload, o."createdAt",
               -- A reply goes to the platform channel's endpoints, not the writer's.
               CASE WHEN o.topic = ${OutboxTopic.MessageOutbound}
                    THEN (SELECT v.id FROM "Vendor" v WHERE v.slug = ${PLATFORM_CHANNEL_SLUG})
                    ELSE o."vendorId" END AS "deliverTo"
          FROM "OutboxMessage" o
         WHERE o.status = 'PENDING' AND o.topic = ANY(${[...RELAYED_TOPICS]}::text[])
         ORDER BY o.id
         LIMIT ${options.limit}
      ), ep AS (
        SELECT e."vendorId",
               json_agg(json_build_object('id', e.id, 'eventTypes', e."eventTypes")) AS endpoints
          FROM "WebhookEndpoint" e
         WHERE e.active AND e."vendorId" IN (SELECT "deliverTo" FROM r)
         GROUP BY e."vendorId"
      )
      SELECT r.id, r.topic, r."vendorId"::text AS "vendorId", r."caseId"::text AS "caseId",
             r."deliverTo"::text AS "deliverTo",
             r.payload, r."createdAt", coalesce(ep.endpoints, '[]'::json) AS endpoints
        FROM r LEFT JOIN ep ON ep."vendorId" = r."deliverTo"
       ORDER BY r.id`);
      const batch: OutboxBatch = {
        outboxIds: rows.map((r) => BigInt(r.id)),
        dispatch: [],
        redeliveries: [],
        reroutes: [],
        malformed: [],
        offers: [],
        alerts: [],
      };
      if (rows.length === 0) return batch;

      for (const row of rows) {
        if (!ALERT_TOPICS.includes(row.topic)) continue;
        const parsed = webhookOutboxPayloadSchema.safeParse(row.payload);
        if (parsed.success) batch.alerts.push(parsed.data);
      }
      // An alert with no operations desk yet is only published to subscribers.
      const events = rows.filter(
        (r) =>
          WEBHOOK_TOPICS.includes(r.topic) ||
          r.topic === OutboxTopic.WebhookTest ||
          (ALERT_TOPICS.includes(r.topic) && r.vendorId),
      );
      const deliveries: NewDelivery[] = [];
      for (const row of events) {
        if (row.topic === OutboxTopic.WebhookTest) {
          const test = webhookTestPayloadSchema.safeParse(row.payload);
          if (!test.success || test.data.data.vendorId !== row.vendorId) {
            batch.malformed.push(BigInt(row.id));
            continue;
          }
          // Only to the endpoint named, and only while it is active (else nothing to send).
          const endpoint = row.endpoints.find((e) => e.id === test.data.data.endpointId);
          if (!endpoint) continue;
          const payload = { timestamp: row.createdAt.toISOString(), ...test.data };
          deliveries.push({
            webhookId: webhookIdFor(BigInt(row.id), endpoint.id),
            endpointId: endpoint.id,
            vendorId: test.data.data.vendorId,
            outboxId: String(row.id),
            caseId: null,
            eventType: WEBHOOK_TEST_EVENT_TYPE,
            payload: JSON.stringify(payload),
          });
          continue;
        }
        const parsed = webhookOutboxPayloadSchema.safeParse(row.payload);
        if (row.topic === OutboxTopic.MessageOutbound && parsed.success) {
          // No platform channel set up yet: nothing to send, like a vendor without endpoints.
          if (!row.deliverTo) continue;
        } else if (!parsed.success || !row.vendorId) {
          batch.malformed.push(BigInt(row.id));
          continue;
        }
        const eventType = eventTypeOfTopic(row.topic);
        if (eventType === 'case.assigned') {
          const data = parsed.data.data as {
            caseId: string;
            version: number;
            offerExpiresAt?: string;
          };
          batch.offers.push({
            caseId: data.caseId,
            vendorId: row.vendorId!,
            version: data.version,
            offerExpiresAt: data.offerExpiresAt ?? null,
          });
        }
        // The wire payload is thin (type, time of the event, ids; no case data, so no PII leaves
        // in a webhook to a partner): partners read the case itself through the API. A reply's
        // body goes only to the platform's own channel, which sends it to the user.
        const payload = { timestamp: row.createdAt.toISOString(), ...parsed.data, type: eventType };
        for (const endpoint of row.endpoints) {
          if (!endpointWants(endpoint.eventTypes, eventType)) continue;
          deliveries.push({
            webhookId: webhookIdFor(BigInt(row.id), endpoint.id),
            endpointId: endpoint.id,
            vendorId: row.deliverTo!,
            outboxId: String(row.id),
            caseId: row.caseId,
            eventType,
            payload: JSON.stringify(payload),
          });
        }
      }
      if (deliveries.length > 0) {
        const made = await insertDeliveries(
          tx,
          deliveries,
          events.map((r) => String(r.id)),
          now,
        );
        for (const d of made) {
          batch.dispatch.push({
            deliveryId: d.id,
            vendorId: d.vendorId,
            attempt: d.attemptCount + 1,
          });
        }
      }

      const redeliverIds: string[] = [];
      for (const row of rows) {
        if (row.topic === OutboxTopic.Redeliver) {
          const parsed = redeliverPayloadSchema.safeParse(row.payload);
          if (parsed.success) redeliverIds.push(parsed.data.deliveryId);
          else batch.malformed.push(BigInt(row.id));
        } else if (row.topic === OutboxTopic.CaseReroute) {
          const parsed = reroutePayloadSchema.safeParse(row.payload);
          if (parsed.success)
            batch.reroutes.push({ outboxId: BigInt(row.id), payload: parsed.data });
          else batch.malformed.push(BigInt(row.id));
        }
      }
      if (redeliverIds.length > 0) {
        const again = await tx.query<{ id: string; vendorId: string; attemptCount: number }>(
          Prisma.sql`
          SELECT id::text AS id, "vendorId"::text AS "vendorId", "attemptCount"
            FROM "WebhookDelivery"
           WHERE id = ANY(${redeliverIds}::uuid[])
             AND status IN ('PENDING', 'RETRYING')`,
        );
        for (const d of again) {
          batch.redeliveries.push({
            deliveryId: d.id,
            vendorId: d.vendorId,
            attempt: d.attemptCount + 1,
          });
        }
      }
      return batch;
    },
    { settings },
  );
}

export async function markOutboxEnqueued(
  prisma: PrismaClient,
  outboxIds: readonly bigint[],
  now: Date = new Date(),
): Promise<number> {
  if (outboxIds.length === 0) return 0;
  const count = await withScopedSql(
    prisma,
    systemScope('outbox relay'),
    (tx) =>
      tx.execute(Prisma.sql`
      UPDATE "OutboxMessage" SET status = 'ENQUEUED', "enqueuedAt" = ${now}
       WHERE id = ANY(${outboxIds.map(String)}::text[]::bigint[]) AND status = 'PENDING'`),
    { settings: REDOABLE_COMMIT },
  );
  return count;
}

/**
 * Deliveries that should have been attempted a while ago but were not: their job was lost (Redis
 * restarted without persistence, or the worker died between committing an outcome and queueing
 * the next attempt). Queueing them again is harmless: the job id is the same.
 */
export async function findStalledDeliveries(
  prisma: PrismaClient,
  options: {
    dueBefore: Date;
    limit: number;
    /** Continue after this one (the last of the previous page). */
    after?: StalledDelivery['cursor'] | undefined;
  },
): Promise<StalledDelivery[]> {
  const { after } = options;
  // The statuses are literals so that even a generic plan can use the partial index of
  // deliveries still to attempt (its predicate must be provable from the statement text).
  // The cursor's instant goes as text, at the database's own precision (a Date keeps ms only).
  const rows = await withScopedSql(prisma, systemScope('webhook delivery sweep'), (tx) =>
    tx.query<{ id: string; vendorId: string; attemptCount: number; due: string }>(Prisma.sql`
      SELECT id::text AS id, "vendorId"::text AS "vendorId", "attemptCount",
             "nextAttemptAt"::text AS due
        FROM "WebhookDelivery"
       WHERE status IN ('PENDING', 'RETRYING') AND "nextAttemptAt" < ${options.dueBefore}
         AND (${after?.due ?? null}::timestamptz IS NULL
              OR ("nextAttemptAt", id) > (${after?.due ?? null}::timestamptz, ${after?.id ?? null}::uuid))
       ORDER BY "nextAttemptAt", id
       LIMIT ${options.limit}`),
  );
  return rows.map((d) => ({
    deliveryId: d.id,
    vendorId: d.vendorId,
    attempt: d.attemptCount + 1,
    cursor: { due: d.due, id: d.id },
  }));
}
