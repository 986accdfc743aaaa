import type { Redis } from 'ioredis';

/**
 * Alert events (raised, acknowledged, resolved) pushed to consoles subscribed over GraphQL.
 * The worker's relay publishes what it relays from the outbox; every gateway subscribes.
 */
export const ALERTS_ROUTING_KEY = 'bvg:alerts';

export interface AlertNotice {
  /** `alert.raised`, `alert.acknowledged` or `alert.resolved`. */
  type: string;
  data: Record<string, unknown>;
}

/** Publishes a batch's alert events in one pipeline; rejects with the first failure. */
export async function publishAlerts(redis: Redis, notices: readonly AlertNotice[]): Promise<void> {
  if (notices.length === 0) return;
  const pipeline = redis.pipeline();
  for (const notice of notices) pipeline.publish(ALERTS_ROUTING_KEY, JSON.stringify(notice));
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([error]) => error !== null);
  if (failed) throw failed[0];
}
