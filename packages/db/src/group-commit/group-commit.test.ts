import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

describe('createGroupCommit', () => {
  it('runs concurrent calls of one key together and keeps keys apart', async () => {
    const runs: { vendorId: string; items: number[] }[] = [];
    const call = createGroupCommit<number, number>(
      async (key, items) => {
        runs.push({ vendorId: key, items });
        return items.map((n) => n * 10);
      },
      { maxBatch: 100, maxInFlight: 1 },
    );
    const results = await Promise.all([call('a', 1), call('b', 2), call('a', 3), call('a', 4)]);
    expect(results).toEqual([10, 20, 30, 40]);
    expect(runs).toEqual([
      { vendorId: 'a', items: [1, 3, 4] },
      { vendorId: 'b', items: [2] },
    ]);
  });

  it('holds calls made while a batch is in flight for the next batch, up to maxBatch each', async () => {
    const runs: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const call = createGroupCommit<number, number>(
      async (_key, items) => {
        runs.push(items);
        if (runs.length === 1) await gate;
        return items;
      },
      { maxBatch: 2, maxInFlight: 1 },
    );
    const first = call('a', 1);
    await new Promise<void>((resolve) => setImmediate(resolve));
    const later = [call('a', 2), call('a', 3), call('a', 4)];
    release();
    await Promise.all([first, ...later]);
    expect(runs).toEqual([[1], [2, 3], [4]]);
  });

  it('fails only the call whose item fails', async () => {
    const call = createGroupCommit<number, number>(
      async (_key, items) => {
        if (items.includes(2)) throw new Error(`bad item in ${items.join(',')}`);
        return items;
      },
      { maxBatch: 100, maxInFlight: 1 },
    );
    const results = await Promise.allSettled([call('a', 1), call('a', 2), call('a', 3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
