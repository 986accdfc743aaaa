/**
 * Counts in-flight deliveries per vendor in this process. A full vendor's job is put back
 * (delayed) instead of waiting in a worker slot, so a slow partner never occupies the slots
 * other partners' deliveries need.
 */
export function createVendorLimiter(limit: number) {
  const inFlight = new Map<string, number>();
  return {
    tryAcquire(vendorId: string): boolean {
      const current = inFlight.get(vendorId) ?? 0;
      if (current >= limit) return false;
      inFlight.set(vendorId, current + 1);
      return true;
    },
    release(vendorId: string): void {
      const current = inFlight.get(vendorId) ?? 0;
      if (current <= 1) inFlight.delete(vendorId);
      else inFlight.set(vendorId, current - 1);
    },
    inFlight: (vendorId: string) => inFlight.get(vendorId) ?? 0,
  };
}
export type VendorLimiter = ReturnType<typeof createVendorLimiter>;
