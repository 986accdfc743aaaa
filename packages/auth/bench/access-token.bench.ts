import { jwtVerify } from 'jose';
import { bench, describe } from 'vitest';
import { createAccessTokenVerifier, issueAccessToken } from '../src/access-token.ts';
import { KeyRing, MemorySigningKeyStore } from '../src/signing-keys.ts';

// The baseline is jose's own verification with an already-imported key, measured in the
// same run: the uncached verifier should sit close to it, the cached one far below it.

const ring = await KeyRing.load(new MemorySigningKeyStore());
await ring.rotate({ publishLeadMs: 0, tokenLifetimeMs: 900_000 });
const { token, kid } = await issueAccessToken(ring, {
  issuer: 'https://gateway.bench',
  audience: 'https://gateway.bench/graphql',
  vendorId: 'vendor-a',
  clientId: 'client-a',
  scopes: ['cases:read', 'cases:write'],
  lifetimeSec: 600,
  now: new Date(),
});
const publicKey = ring.verificationKey(kid)!.publicKey;
const options = { issuer: 'https://gateway.bench', audience: 'https://gateway.bench/graphql' };
const uncached = createAccessTokenVerifier({ keyRing: ring, ...options, cacheSize: 0 });
const cached = createAccessTokenVerifier({
  keyRing: ring,
  ...options,
  isRevoked: () => false,
});
await cached.verify(token);

describe('verifying one access token', () => {
  bench('baseline: jose jwtVerify with an imported key', async () => {
    await jwtVerify(token, publicKey, { algorithms: ['ES256'], ...options });
  });
  bench('verifier, cache disabled', async () => {
    await uncached.verify(token);
  });
  bench('verifier, token already verified (revocation hook still called)', async () => {
    await cached.verify(token);
  });
});
