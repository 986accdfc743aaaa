// Hand-written: a Map already keeps insertion order, which is all a bounded LRU needs, and
// no LRU package is a dependency of this workspace.
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0) {
      throw new RangeError('maxEntries must be a non-negative integer');
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Re-inserting moves the entry to the most recently used end.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    if (this.maxEntries === 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * A verified token's entry while it has not expired at `nowMs`; otherwise `verify` runs (and
 * throws for a bad token, caching nothing) and its entry is kept until its `expMs`.
 */
export async function unexpiredOrVerify<E extends { expMs: number }>(
  cache: LruCache<string, E>,
  token: string,
  nowMs: number,
  verify: () => Promise<E>,
): Promise<E> {
  const cached = cache.get(token);
  if (cached && cached.expMs > nowMs) return cached;
  if (cached) cache.delete(token);
  const entry = await verify();
  cache.set(token, entry);
  return entry;
}
