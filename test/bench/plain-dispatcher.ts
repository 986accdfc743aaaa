// The dispatch bench's floor: the same dispatch work written plainly, with none of the
// gateway's code. Outbox rows become deliveries in one statement per pass, BullMQ carries 50
// deliveries per job, and each delivery is loaded, signed (HMAC-SHA256), posted with node:http
// keep-alive and recorded (delivery updated, attempt row written), on the same tables, with
// the same commit setting as the gateway's bookkeeping (synchronous_commit off). Left out:
// row-level security, the egress guard, per-vendor limits, retries, the batch index, group
// commit, logging and crash safety (a crash between a pass's commit and its jobs loses them).
// Run by `pnpm bench dispatch` as its own process, as the worker is; exits once `COUNT`
// deliveries are recorded.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';

const { DATABASE_URL, REDIS_URL, QUEUE_PREFIX } = process.env;
const COUNT = Number(process.env.COUNT);
const PER_JOB = 50;

const pool = new pg.Pool({
  connectionString: DATABASE_URL,
  max: 10,
  options: '-c synchronous_commit=off',
});
const connection = () => new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
const queue = new Queue('plain', { connection: connection(), prefix: QUEUE_PREFIX });
const agent = new http.Agent({ keepAlive: true });

/** One relay pass: the oldest pending rows become deliveries and are marked; then queued. */
async function relayPass(): Promise<number> {
  const { rows } = await pool.query<{ id: string; vendorId: string }>(`
    WITH r AS (
      SELECT id, "vendorId", "caseId", payload FROM "OutboxMessage"
       WHERE status = 'PENDING' ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED
    ), marked AS (
      UPDATE "OutboxMessage" o SET status = 'ENQUEUED', "enqueuedAt" = now() FROM r WHERE o.id = r.id
    )
    INSERT INTO "WebhookDelivery"
           ("webhookId", "endpointId", "vendorId", "outboxId", "caseId", "eventType", payload,
            "nextAttemptAt")
    SELECT 'msg_' || r.id || '_' || replace(e.id::text, '-', ''), e.id, r."vendorId", r.id,
           r."caseId", 'case.assigned', r.payload, now()
      FROM r JOIN "WebhookEndpoint" e ON e."vendorId" = r."vendorId" AND e.active
    RETURNING id::text AS id, "vendorId"::text AS "vendorId"`);
  const byVendor = new Map<string, { id: string }[]>();
  for (const row of rows) byVendor.set(row.vendorId, [...(byVendor.get(row.vendorId) ?? []), row]);
  const jobs = [...byVendor.values()].flatMap((list) =>
    Array.from({ length: Math.ceil(list.length / PER_JOB) }, (_, i) => ({
      name: 'deliver',
      data: { ids: list.slice(i * PER_JOB, (i + 1) * PER_JOB).map((row) => row.id) },
      opts: { removeOnComplete: true },
    })),
  );
  if (jobs.length > 0) await queue.addBulk(jobs);
  return rows.length;
}

function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let recorded = 0;
const worker = new Worker(
  'plain',
  async (job) => {
    const ids = job.data.ids as string[];
    const { rows } = await pool.query<{
      id: string;
      webhookId: string;
      body: string;
      url: string;
      secret: string | null;
    }>(
      `SELECT d.id::text AS id, d."webhookId", d.payload::text AS body, e.url, s.secret
         FROM "WebhookDelivery" d
         JOIN "WebhookEndpoint" e ON e.id = d."endpointId"
         LEFT JOIN LATERAL (SELECT secret FROM "WebhookSecret" WHERE "endpointId" = e.id
                             ORDER BY "createdAt" DESC LIMIT 1) s ON true
        WHERE d.id = ANY($1::uuid[])`,
      [ids],
    );
    const results = await Promise.all(
      rows.map(async (row) => {
        const started = performance.now();
        const timestamp = String(Math.floor(Date.now() / 1000));
        const key = Buffer.from((row.secret ?? 'whsec_').slice('whsec_'.length), 'base64');
        const signature = createHmac('sha256', key)
          .update(`${row.webhookId}.${timestamp}.${row.body}`)
          .digest('base64');
        const status = await post(
          row.url,
          {
            'content-type': 'application/json',
            'webhook-id': row.webhookId,
            'webhook-timestamp': timestamp,
            'webhook-signature': `v1,${signature}`,
          },
          row.body,
        );
        return { id: row.id, status, latency: Math.round(performance.now() - started) };
      }),
    );
    await pool.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[]) AS t(id, status, latency)
       ), booked AS (
         UPDATE "WebhookDelivery" d
            SET "attemptCount" = 1, status = 'SUCCEEDED', "lastAttemptAt" = now(),
                "nextAttemptAt" = NULL
           FROM input i WHERE d.id = i.id
         RETURNING d.id, d."vendorId"
       )
       INSERT INTO "WebhookAttempt"
              ("deliveryId", "vendorId", "attemptNumber", "startedAt", "latencyMs", "responseStatus")
       SELECT b.id, b."vendorId", 1, now(), i.latency, i.status FROM booked b JOIN input i USING (id)`,
      [results.map((r) => r.id), results.map((r) => r.status), results.map((r) => r.latency)],
    );
    recorded += results.length;
  },
  { connection: connection(), prefix: QUEUE_PREFIX, concurrency: 8 },
);

await worker.waitUntilReady();
console.log('ready');
while (recorded < COUNT) {
  const moved = await relayPass();
  if (moved < 500) await new Promise((resolve) => setTimeout(resolve, 50));
}
// The bench removes the queue's keys.
await worker.close();
await queue.close();
await pool.end();
agent.destroy();
process.exit(0);
