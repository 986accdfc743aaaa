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
});
