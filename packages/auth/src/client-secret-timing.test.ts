import { describe, expect, it, vi } from 'vitest';

// A pass-through spy: the real scrypt still runs, the test only counts calls.
const scryptCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return {
    ...original,
    scrypt: (...args: Parameters<typeof original.scrypt>) => {
      scryptCalls.count += 1;
      return original.scrypt(...args);
    },
  };
});

const { generateClientSecret, hashClientSecret, verifyAgainstAny } = await import(
  './client-secret.ts'
);

const T0 = new Date('2025-03-01T12:00:00Z');

describe('secret checks cost the same whether or not the client exists', () => {
  it('spends one hash with no stored secret, as with one wrong secret', async () => {
    const stored = [{ hash: await hashClientSecret(generateClientSecret()) }];
    // Warm the dummy hash so both measured paths do only their verification.
    await verifyAgainstAny(generateClientSecret(), [], T0);

    scryptCalls.count = 0;
    await verifyAgainstAny(generateClientSecret(), stored, T0);
    const withClient = scryptCalls.count;

    scryptCalls.count = 0;
    await verifyAgainstAny(generateClientSecret(), [], T0);
    const withoutClient = scryptCalls.count;

    expect(withClient).toBe(1);
    expect(withoutClient).toBe(withClient);
  });

  it('treats only expired secrets like none stored, hash included', async () => {
    const expired = [{ hash: await hashClientSecret('bvgs_old'), expiresAt: T0 }];
    await verifyAgainstAny('bvgs_warm', [], T0);
    scryptCalls.count = 0;
    expect(await verifyAgainstAny('bvgs_old', expired, T0)).toBe(false);
    expect(scryptCalls.count).toBe(1);
  });
});
