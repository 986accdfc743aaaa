import type { Redis } from 'ioredis';

/**
 * Offers are also pushed to subscribed partners (GraphQL subscriptions over server-sent
 * events). Every gateway subscribes to the Redis channel of the vendors it serves, so an
 * offer published by any process reaches the partner wherever it is connected.
 */
export const OFFERS_ROUTING_KEY = 'bvg:offers';

export interface OfferNotice {
  caseId: string;
  vendorId: string;
  version: number;
  offerExpiresAt: string | null;
}

/** The channel name the GraphQL pub/sub uses for `subscribe(OFFERS_ROUTING_KEY, vendorId)`. */
export const offersChannel = (vendorId: string) => `${OFFERS_ROUTING_KEY}:${vendorId}`;

export async function publishOffer(redis: Redis, notice: OfferNotice): Promise<void> {
  await publishOffers(redis, [notice]);
}

/**
 * Publishes several offers in one pipeline: one write and one reply batch instead of a round
 * trip per offer. Resolves once all are sent; rejects with the first failure.
 */
export async function publishOffers(redis: Redis, notices: readonly OfferNotice[]): Promise<void> {
  if (notices.length === 0) return;
  const pipeline = redis.pipeline();
  for (const notice of notices) {
    pipeline.publish(offersChannel(notice.vendorId), JSON.stringify(notice));
  }
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([error]) => error !== null);
  if (failed) throw failed[0];
}
