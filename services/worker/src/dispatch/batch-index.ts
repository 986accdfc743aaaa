import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** Job states in which a batch job will still attempt its deliveries. */
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Which batch job holds each delivery's first attempt, in one Redis hash beside the jobs. The
 * relay's sweep re-queues deliveries not attempted long after they were due; without this it
 * could not tell one still waiting in a batch (a backlog) from one whose job was lost. A Redis
 * that forgets the jobs forgets this with them, and the sweep then queues those deliveries again.
 */
export function createBatchIndex(redis: Redis, queue: Queue, key: string) {
  return {
    /** Before the jobs are queued, so a job is never running without its entries. */
    async hold(batches: readonly { jobId: string; deliveryIds: readonly string[] }[]) {
      const fields = batches.flatMap((b) => b.deliveryIds.flatMap((id) => [id, b.jobId]));
      if (fields.length > 0) await redis.hset(key, ...fields);
    },
    /** When the batch job is done with them, whatever the outcome. */
    async release(deliveryIds: readonly string[]) {
      if (deliveryIds.length > 0) await redis.hdel(key, ...deliveryIds);
    },
    /** The deliveries a live batch job will still attempt; entries of finished jobs are dropped. */
    async stillHeld(deliveryIds: readonly string[]): Promise<Set<string>> {
      const held = new Set<string>();
      if (deliveryIds.length === 0) return held;
      const holders = await redis.hmget(key, ...deliveryIds);
      const stale: string[] = [];
      const states = new Map<string, Promise<string>>();
      for (const [i, jobId] of holders.entries()) {
        const deliveryId = deliveryIds[i] as string;
        if (jobId === null) continue;
        let state = states.get(jobId);
        if (!state) {
          state = queue.getJobState(jobId);
          states.set(jobId, state);
        }
        if (LIVE_STATES.has(await state)) held.add(deliveryId);
        else stale.push(deliveryId);
      }
      if (stale.length > 0) await redis.hdel(key, ...stale);
      return held;
    },
  };
}
export type BatchIndex = ReturnType<typeof createBatchIndex>;
