// The worker's configuration, validated once at start-up. No other module reads process.env.
import { envInt, LOCAL_DATABASE_URL, LOCAL_REDIS_URL, parseEnv } from '@bvg/config';
import { MAX_DELIVERIES_PER_BATCH } from '@bvg/queue';
import { z } from 'zod';

const list = z
  .string()
  .optional()
  .transform((v) =>
    v === undefined
      ? undefined
      : v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
  );

/** An interval: zero would make a schedule spin. */
const intervalMs = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.string().url().default(LOCAL_DATABASE_URL),
  APP_DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().default(LOCAL_REDIS_URL),
  /** BullMQ key prefix; lets several stacks (or test files) share one Redis. */
  QUEUE_PREFIX: z.string().default('bvg'),
  /**
   * Jobs in flight per queue (webhook dispatch). Mostly waiting on partners' HTTP answers, and
   * their database work is batched per vendor, so a slot costs little; more slots in flight
   * make those batches larger (measured with `pnpm bench dispatch` when every delivery was its
   * own job: 200 beat 50 and 400; first attempts now come as batch jobs and need fewer slots).
   */
  WORKER_CONCURRENCY: envInt(200),
  /**
   * Connections to PostgreSQL. Dispatch batches its statements per vendor, so far fewer than
   * WORKER_CONCURRENCY are busy at once; the relay and maintenance need one each.
   */
  DATABASE_POOL_SIZE: envInt(20),
  /** A running job's lock in Redis, renewed at half of it; a killed worker's job is free after it. */
  WORKER_LOCK_DURATION_MS: intervalMs(30_000),
  /** How often a worker looks for jobs whose worker died (their lock lapsed) and runs them again. */
  WORKER_STALLED_INTERVAL_MS: intervalMs(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /** Multiplies the webhook retry schedule: 1 in production, e.g. 0.001 in tests. */
  WEBHOOK_RETRY_SCALE: z.coerce.number().nonnegative().default(1),
  /** One attempt: DNS, connect, request and response. */
  WEBHOOK_TIMEOUT_MS: envInt(10_000),
  /** In-flight deliveries per vendor per process, so one slow partner cannot hold up the rest. */
  WEBHOOK_VENDOR_CONCURRENCY: envInt(10),
  /**
   * Hosts/addresses/CIDRs webhooks may reach although private. Unset: loopback outside
   * production, nothing in production. Empty: nothing.
   */
  EGRESS_ALLOWLIST: list,
  /** Outbox rows moved per relay transaction. */
  RELAY_BATCH_SIZE: envInt(500),
  /**
   * First attempts of one vendor's deliveries queued as one job, at most this many (1: one job
   * per delivery). Measured with `pnpm bench dispatch`; see ARCHITECTURE.md.
   */
  WEBHOOK_DELIVERIES_PER_JOB: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_DELIVERIES_PER_BATCH)
    .default(50),
  /** How often the relay looks for new outbox rows when the last look found none. */
  RELAY_POLL_MS: envInt(50),
  /** How often the relay looks for deliveries whose queued attempt was lost. */
  RELAY_SWEEP_MS: envInt(5_000),
  /** A delivery due this long ago and not attempted has lost its job (e.g. Redis restarted). */
  RELAY_STALL_MS: envInt(30_000),
  /**
   * Overdue deliveries the sweep reads per statement, oldest first; it reads on, up to ten
   * pages, past those still held by a queued batch job (a backlog), to find the lost ones.
   */
  RELAY_SWEEP_PAGE: envInt(1_000),
  /** The relay leader's lock lifetime in Redis; renewed at a third of it. */
  RELAY_LOCK_TTL_MS: envInt(10_000),
  /** How long before a first-response or resolution due time the vendor gets case.sla_warning. */
  SLA_WARNING_LEAD_MS: envInt(30 * 60_000),
  /** The SLA sweep's schedule (one run at a time across all workers). */
  SLA_SWEEP_EVERY_MS: intervalMs(60_000),
  /** The schedule of recalling offers whose lease ended. */
  OFFER_EXPIRY_EVERY_MS: intervalMs(30_000),
  /** How often new case events are folded into the scorecard rollups. */
  ROLLUP_EVERY_MS: intervalMs(60_000),
  /** Resolved cases close after this quiet period (the user can reopen until then). */
  CLOSE_RESOLVED_AFTER_MS: intervalMs(7 * 24 * 3600_000),
  /** How often quiet resolved cases are closed. */
  CLOSE_RESOLVED_EVERY_MS: intervalMs(10 * 60_000),
  /** How often sandbox tenants' generation schedules are checked for runs that are due. */
  SANDBOX_CASES_EVERY_MS: intervalMs(60_000),
  /**
   * How often unrouted cases are looked at: those whose retry backoff ended are routed again,
   * and every one in a scope where capacity freed since the last look (a case resolved, a
   * capacity or vendor change, a ruleset published). Also the delay after which a bulk
   * operation still not started has its job queued again.
   */
  UNROUTED_RETRY_EVERY_MS: intervalMs(10_000),
  /** Cases per transaction when a bulk operation runs. */
  BULK_CHUNK_SIZE: envInt(250),
  /** How often alert conditions (capacity, failing endpoints, SLA at risk) are checked. */
  ALERT_SWEEP_EVERY_MS: intervalMs(60_000),
  /** A vendor is alerted (SLA_AT_RISK) when this many of its cases are due within SLA_WARNING_LEAD_MS. */
  SLA_AT_RISK_MIN_CASES: envInt(10),
  /** Longest a maintenance run holds its lock; a crashed run's lock lapses after it. */
  MAINTENANCE_LOCK_TTL_MS: intervalMs(5 * 60_000),
});

const DEVELOPMENT_ALLOWLIST = ['127.0.0.1', '::1', 'localhost'];

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env) {
  const env = parseEnv(schema, source);
  return {
    ...env,
    egressAllowlist:
      env.EGRESS_ALLOWLIST ?? (env.NODE_ENV === 'production' ? [] : DEVELOPMENT_ALLOWLIST),
  };
}
export type WorkerConfig = ReturnType<typeof loadWorkerEnv>;
