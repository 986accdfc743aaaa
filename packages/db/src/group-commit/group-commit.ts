/**
 * Group commit: calls made while a key's batches are in flight wait and go together in the
 * next one, so the transactions per call fall as load rises, while a lone call waits only for
 * the end of its turn of the event loop. Keys keep batches apart (a vendor's deliveries run in
 * that vendor's tenant scope; intake has one key). Hand-written: DataLoader (the usual library)
 * batches per tick only, with no limit on batches in flight.
 */
export function createGroupCommit<I, O>(
  run: (key: string, items: I[]) => Promise<O[]>,
  options: { maxBatch: number; maxInFlight: number },
) {
  interface Entry {
    item: I;
    resolve: (value: O) => void;
    reject: (error: unknown) => void;
  }
  const keys = new Map<string, { waiting: Entry[]; inFlight: number; scheduled: boolean }>();

  const settle = async (key: string, entries: Entry[]) => {
    try {
      const results = await run(
        key,
        entries.map((e) => e.item),
      );
      for (const [i, e] of entries.entries()) e.resolve(results[i] as O);
    } catch (error) {
      if (entries.length === 1) {
        entries[0]?.reject(error);
        return;
      }
      // One bad item must not fail the others: each goes again on its own, one after another
      // so as not to flood the connection pool.
      for (const e of entries) await settle(key, [e]);
    }
  };

  const pump = (key: string) => {
    const state = keys.get(key);
    if (!state) return;
    state.scheduled = false;
    while (state.inFlight < options.maxInFlight && state.waiting.length > 0) {
      const entries = state.waiting.splice(0, options.maxBatch);
      state.inFlight += 1;
      void settle(key, entries).finally(() => {
        state.inFlight -= 1;
        if (state.waiting.length > 0) pump(key);
        else if (state.inFlight === 0) keys.delete(key);
      });
    }
  };

  return (key: string, item: I): Promise<O> =>
    new Promise<O>((resolve, reject) => {
      let state = keys.get(key);
      if (!state) {
        state = { waiting: [], inFlight: 0, scheduled: false };
        keys.set(key, state);
      }
      state.waiting.push({ item, resolve, reject });
      if (!state.scheduled && state.inFlight < options.maxInFlight) {
        state.scheduled = true;
        setImmediate(() => pump(key));
      }
    });
}
