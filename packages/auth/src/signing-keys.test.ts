import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { createAccessTokenVerifier, issueAccessToken } from './access-token.ts';
import {
  currentSigningKey,
  generateSigningKey,
  KeyRing,
  MemorySigningKeyStore,
  NoSigningKeyError,
  planRotation,
  publishedJwks,
  type StoredKey,
} from './signing-keys.ts';

const T0 = new Date('2025-03-01T12:00:00Z');
const at = (offsetMs: number) => new Date(T0.getTime() + offsetMs);
const MIN = 60_000;
const ROTATION = { publishLeadMs: 10 * MIN, tokenLifetimeMs: 15 * MIN };

function key(kid: string, fields: Partial<StoredKey> = {}): StoredKey {
  return {
    kid,
    alg: 'ES256',
    publicJwk: { kty: 'EC', crv: 'P-256', x: `x-${kid}`, y: `y-${kid}` },
    privateJwk: { kty: 'EC', crv: 'P-256', x: `x-${kid}`, y: `y-${kid}`, d: `d-${kid}` },
    createdAt: T0,
    activatesAt: T0,
    retiresAt: null,
    expiresAt: null,
    ...fields,
  };
}

describe('planRotation', () => {
  it('activates the first key at once: nobody holds tokens to honour yet', () => {
    expect(planRotation([], T0, ROTATION)).toEqual({ activatesAt: T0, updates: [] });
  });

  it('publishes the new key before it signs and retires the signing key at that moment', () => {
    const plan = planRotation([key('old', { activatesAt: at(-60 * MIN) })], T0, ROTATION);
    expect(plan).toEqual({
      activatesAt: at(10 * MIN),
      updates: [{ kid: 'old', retiresAt: at(10 * MIN), expiresAt: at(25 * MIN) }],
    });
  });

  it('leaves settled retired keys alone and ignores expired ones', () => {
    const keys = [
      key('gone', { retiresAt: at(-90 * MIN), expiresAt: at(-75 * MIN) }),
      key('retired', { retiresAt: at(-5 * MIN), expiresAt: at(10 * MIN) }),
      key('active', { activatesAt: at(-5 * MIN) }),
    ];
    expect(planRotation(keys, T0, ROTATION)?.updates).toEqual([
      { kid: 'active', retiresAt: at(10 * MIN), expiresAt: at(25 * MIN) },
    ]);
  });

  it('plans nothing while a rotation is already pending', () => {
    const keys = [
      key('old', { activatesAt: at(-60 * MIN), retiresAt: at(5 * MIN), expiresAt: at(20 * MIN) }),
      key('next', { activatesAt: at(5 * MIN) }),
    ];
    expect(planRotation(keys, T0, ROTATION)).toBeNull();
  });
});

describe('publishedJwks and currentSigningKey', () => {
  const keys = [
    key('expired', { retiresAt: at(-30 * MIN), expiresAt: at(-1) }),
    key('retired', { activatesAt: at(-60 * MIN), retiresAt: at(-1), expiresAt: at(MIN) }),
    key('active', { activatesAt: at(-1) }),
    key('pending', { activatesAt: at(MIN) }),
  ];

  it('publishes pending, active and retired keys until they expire, without private parts', () => {
    const jwks = publishedJwks(keys, T0);
    expect(jwks.keys.map((jwk) => jwk.kid)).toEqual(['pending', 'active', 'retired']);
    for (const jwk of jwks.keys) {
      expect(jwk).not.toHaveProperty('d');
      expect(jwk).toMatchObject({ alg: 'ES256', use: 'sig' });
    }
  });

  it('signs with the newest activated key, never a pending or retired one', () => {
    expect(currentSigningKey(keys, T0)?.kid).toBe('active');
    expect(currentSigningKey(keys, at(MIN))?.kid).toBe('pending');
    expect(currentSigningKey([keys[1]!], T0)).toBeUndefined();
  });
});

describe('generateSigningKey', () => {
  it('names the key by its RFC 7638 thumbprint and keeps the private half apart', async () => {
    const generated = await generateSigningKey(T0, at(MIN));
    expect(generated.kid).toBe(await calculateJwkThumbprint(generated.publicJwk));
    expect(generated.publicJwk).not.toHaveProperty('d');
    expect(generated.privateJwk).toHaveProperty('d');
    expect(generated).toMatchObject({ alg: 'ES256', createdAt: T0, activatesAt: at(MIN) });
  });
});

describe('KeyRing', () => {
  it('refuses to sign before any key exists', async () => {
    const ring = await KeyRing.load(new MemorySigningKeyStore());
    expect(() => ring.signingKey(T0)).toThrow(NoSigningKeyError);
  });

  it('reads the store once, not per token', async () => {
    const store = new MemorySigningKeyStore();
    await store.save(await generateSigningKey(T0, T0));
    const list = vi.spyOn(store, 'list');
    const ring = await KeyRing.load(store, { now: () => T0 });
    const verifier = createAccessTokenVerifier({
      keyRing: ring,
      issuer: 'iss',
      audience: 'aud',
      now: () => T0,
    });
    for (let i = 0; i < 5; i += 1) {
      const { token } = await issueAccessToken(ring, {
        issuer: 'iss',
        audience: 'aud',
        vendorId: 'v',
        clientId: 'c',
        scopes: [],
        lifetimeSec: 60,
        now: T0,
      });
      await verifier.verify(token);
    }
    expect(list).toHaveBeenCalledTimes(1);
  });

  it('rotates: publish first, sign later, keep the retired key while its tokens live', async () => {
    let clock = T0;
    const store = new MemorySigningKeyStore();
    const ring = await KeyRing.load(store, { now: () => clock });
    await ring.rotate(ROTATION, T0);
    const verifier = createAccessTokenVerifier({
      keyRing: ring,
      issuer: 'iss',
      audience: 'aud',
      cacheSize: 0,
      now: () => clock,
    });
    const issueAt = (now: Date, lifetimeSec = 15 * 60) =>
      issueAccessToken(ring, {
        issuer: 'iss',
        audience: 'aud',
        vendorId: 'v',
        clientId: 'c',
        scopes: ['cases:read'],
        lifetimeSec,
        now,
      });

    const oldKid = ring.signingKey(T0).kid;
    clock = at(MIN);
    await ring.rotate(ROTATION, clock);
    const newKid = ring.jwks(clock).keys.find((jwk) => jwk.kid !== oldKid)?.kid;

    // Pending: published so verifiers learn it, but the old key still signs.
    expect(
      ring
        .jwks(clock)
        .keys.map((jwk) => jwk.kid)
        .sort(),
    ).toEqual([oldKid, newKid].sort());
    const beforeSwitch = await issueAt(at(10 * MIN));
    expect(beforeSwitch.kid).toBe(oldKid);
    // A second rotation request during the lead time stacks no extra key.
    expect(await ring.rotate(ROTATION, at(2 * MIN))).toBeNull();

    // Active: the new key signs, the retired one still verifies its tokens.
    clock = at(12 * MIN);
    expect((await issueAt(clock)).kid).toBe(newKid);
    await expect(verifier.verify(beforeSwitch.token)).resolves.toMatchObject({ clientId: 'c' });
    expect(ring.jwks(clock).keys.map((jwk) => jwk.kid)).toContain(oldKid);

    // Expired: gone from the published set and refused, even for a token that claims more time.
    const longLived = await issueAt(at(10 * MIN), 3600);
    clock = at(27 * MIN);
    await ring.refresh();
    expect(ring.jwks(clock).keys.map((jwk) => jwk.kid)).toEqual([newKid]);
    await expect(verifier.verify(longLived.token)).rejects.toMatchObject({ reason: 'unknown_kid' });
  });

  it('picks up a key another instance created when a token names it', async () => {
    let clock = T0;
    const store = new MemorySigningKeyStore();
    const signer = await KeyRing.load(store, { now: () => clock });
    const stale = await KeyRing.load(store, {
      now: () => clock,
      unknownKidRefreshIntervalMs: 1000,
    });
    await signer.rotate(ROTATION, T0);
    const { token } = await issueAccessToken(signer, {
      issuer: 'iss',
      audience: 'aud',
      vendorId: 'v',
      clientId: 'c',
      scopes: [],
      lifetimeSec: 60,
      now: T0,
    });
    clock = at(2000);
    const verifier = createAccessTokenVerifier({
      keyRing: stale,
      issuer: 'iss',
      audience: 'aud',
      now: () => clock,
    });
    await expect(verifier.verify(token)).resolves.toMatchObject({ clientId: 'c' });
  });
});
