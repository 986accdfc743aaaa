import type { Redis } from 'ioredis';

/**
 * Progress of ops' bulk operations, pushed to subscribers (GraphQL subscriptions over
 * server-sent events) by the worker that runs them. Same Redis channel layout as offers.
 */
export const BULK_OPERATIONS_ROUTING_KEY = 'bvg:bulk-operations';

export interface BulkOperationNotice {
  operationId: string;
  status: string;
  processed: number;
  total: number;
}

/** The channel the GraphQL pub/sub uses for `subscribe(BULK_OPERATIONS_ROUTING_KEY, id)`. */
export const bulkOperationChannel = (operationId: string) =>
  `${BULK_OPERATIONS_ROUTING_KEY}:${operationId}`;

export async function publishBulkOperationProgress(
  redis: Redis,
  notice: BulkOperationNotice,
): Promise<void> {
  await redis.publish(bulkOperationChannel(notice.operationId), JSON.stringify(notice));
}
