/**
 * Group commit per vendor: calls made while that vendor's batches are in flight wait and go
 * together in the next one, so the statements per delivery fall as load rises, while a lone
 * call waits only for the end of its turn of the event loop. Each batch belongs to one vendor,
 * so it runs in that vendor's tenant scope. Hand-written: DataLoader (the usual library) batches
 * per tick only and is not a worker dependency.
 */
export function createVendorBatcher<I, O>(
  run: (vendorId: string, items: I[]) => Promise<O[]>,
  options: { maxBatch: number; maxInFlight: number },
) {
  interface Entry {
    item: I;
    resolve: (value: O) => void;
    reject: (error: unknown) => void;
  }
  const vendors = new Map<string, { waiting: Entry[]; inFlight: number; scheduled: boolean }>();

  const settle = async (vendorId: string, entries: Entry[]) => {
    try {
      const results = await run(
        vendorId,
        entries.map((e) => e.item),
      );
      for (const [i, e] of entries.entries()) e.resolve(results[i] as O);
    } catch (error) {
      if (entries.length === 1) {
        entries[0]?.reject(error);
        return;
      }
      // One bad item must not fail the others: each goes again on its own.
      await Promise.all(entries.map((e) => settle(vendorId, [e])));
    }
  };

  const pump = (vendorId: string) => {
    const state = vendors.get(vendorId);
    if (!state) return;
    state.scheduled = false;
    while (state.inFlight < options.maxInFlight && state.waiting.length > 0) {
      const entries = state.waiting.splice(0, options.maxBatch);
      state.inFlight += 1;
      void settle(vendorId, entries).finally(() => {
        state.inFlight -= 1;
        if (state.waiting.length > 0) pump(vendorId);
        else if (state.inFlight === 0) vendors.delete(vendorId);
      });
    }
  };

  return (vendorId: string, item: I): Promise<O> =>
    new Promise<O>((resolve, reject) => {
      let state = vendors.get(vendorId);
      if (!state) {
        state = { waiting: [], inFlight: 0, scheduled: false };
        vendors.set(vendorId, state);
      }
      state.waiting.push({ item, resolve, reject });
      if (!state.scheduled && state.inFlight < options.maxInFlight) {
        state.scheduled = true;
        setImmediate(() => pump(vendorId));
      }
    });
}
