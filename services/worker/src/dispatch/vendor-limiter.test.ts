import { describe, expect, it } from 'vitest';
import { createVendorLimiter } from './vendor-limiter.ts';

describe('createVendorLimiter', () => {
  it('hands a released slot to a waiting job and puts back jobs beyond the waiting room', async () => {
    const limiter = createVendorLimiter(2);
    expect(limiter.acquire('a')).toBe(true);
    expect(limiter.acquire('a')).toBe(true);
    const third = limiter.acquire('a');
    const fourth = limiter.acquire('a');
    expect(limiter.acquire('a')).toBe(false);
    // Another vendor is not held up by the full one.
    expect(limiter.acquire('b')).toBe(true);
    expect(limiter.waiting('a')).toBe(2);

    limiter.release('a');
    await expect(third).resolves.toBe(true);
    expect(limiter.inFlight('a')).toBe(2);
    limiter.release('a');
    await expect(fourth).resolves.toBe(true);
    limiter.release('a');
    limiter.release('a');
    expect(limiter.inFlight('a')).toBe(0);
    expect(limiter.waiting('a')).toBe(0);
  });

  it('lets a running batch wait for slots beyond the waiting room, served in turn', async () => {
    const limiter = createVendorLimiter(1);
    expect(limiter.acquire('a')).toBe(true);
    const order: string[] = [];
    const queued = limiter.acquire('a');
    const lanes = [1, 2].map(async (lane) => {
      await limiter.wait('a');
      order.push(`lane ${lane}`);
    });
    // A new job still finds the waiting room full and is put back.
    expect(limiter.acquire('a')).toBe(false);
    expect(limiter.waiting('a')).toBe(3);
    void Promise.resolve(queued).then(() => order.push('queued job'));
    for (let i = 0; i < 3; i++) {
      limiter.release('a');
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await Promise.all(lanes);
    expect(order).toEqual(['queued job', 'lane 1', 'lane 2']);
    expect(limiter.inFlight('a')).toBe(1);
    limiter.release('a');
    expect(limiter.inFlight('a')).toBe(0);
  });
});
