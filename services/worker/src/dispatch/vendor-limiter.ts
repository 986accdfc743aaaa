/**
 * Counts in-flight deliveries per vendor in this process. A job that finds its vendor full
 * waits in process for a free slot while no more than `limit` others already wait (a slot
 * handed over costs nothing, a job put back costs Redis round trips now and when it is
 * fetched again); beyond that it is put back (delayed), so a slow partner never occupies more
 * than twice its limit of the worker slots other partners' deliveries need. A batch job, once
 * running, waits for a slot per delivery (`wait`) and gives it back after each, so slots pass
 * in turn between the vendor's jobs.
 */
export function createVendorLimiter(limit: number) {
  const inFlight = new Map<string, number>();
  const waiting = new Map<string, (() => void)[]>();
  const tryAcquire = (vendorId: string): boolean => {
    const current = inFlight.get(vendorId) ?? 0;
    if (current >= limit) return false;
    inFlight.set(vendorId, current + 1);
    return true;
  };
  const enqueue = (vendorId: string, queue: (() => void)[]) => {
    waiting.set(vendorId, queue);
    return new Promise<true>((resolve) => queue.push(() => resolve(true)));
  };
  return {
    limit,
    tryAcquire,
    /** A slot now or once one is released; false at once when `limit` jobs already wait. */
    acquire(vendorId: string): Promise<boolean> | boolean {
      if (tryAcquire(vendorId)) return true;
      const queue = waiting.get(vendorId) ?? [];
      if (queue.length >= limit) return false;
      return enqueue(vendorId, queue);
    },
    /** A slot now or once one is released, however many already wait. */
    wait(vendorId: string): Promise<true> | true {
      if (tryAcquire(vendorId)) return true;
      return enqueue(vendorId, waiting.get(vendorId) ?? []);
    },
    release(vendorId: string): void {
      const queue = waiting.get(vendorId);
      const next = queue?.shift();
      if (next) {
        // The slot passes straight to the next waiter: the in-flight count stays.
        if (queue?.length === 0) waiting.delete(vendorId);
        next();
        return;
      }
      const current = inFlight.get(vendorId) ?? 0;
      if (current <= 1) inFlight.delete(vendorId);
      else inFlight.set(vendorId, current - 1);
    },
    inFlight: (vendorId: string) => inFlight.get(vendorId) ?? 0,
    waiting: (vendorId: string) => waiting.get(vendorId)?.length ?? 0,
  };
}
export type VendorLimiter = ReturnType<typeof createVendorLimiter>;
