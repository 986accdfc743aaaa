import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(async () => stack?.close());

describe('gateway signing key rotation', () => {
  it('publishes the new key first, keeps signing with the old one until it activates, and keeps old tokens valid', async () => {
    const vendor = await stack.seed.vendor();
    const before = await stack.vendorToken(vendor);
    const oldKid = stack.gateway.keyRing.signingKey().kid;

    const plan = await stack.gateway.keyRing.rotate({
      publishLeadMs: 10 * 60_000,
      tokenLifetimeMs: 15 * 60_000,
    });
    expect(plan).not.toBeNull();
    const jwks = await (await stack.fetch('/.well-known/jwks.json')).json();
    expect(jwks.keys).toHaveLength(2);
    // Published, but not yet signing: verifiers elsewhere get ten minutes to fetch it.
    expect(stack.gateway.keyRing.signingKey().kid).toBe(oldKid);
    const newKid = jwks.keys.map((k: { kid: string }) => k.kid).find((k: string) => k !== oldKid);
    const later = new Date(plan!.activatesAt.getTime() + 1000);
    expect(stack.gateway.keyRing.signingKey(later).kid).toBe(newKid);
    // The retiring key still verifies the tokens it signed.
    expect((await stack.graphql('{ viewer { kind } }', {}, before)).data).toEqual({
      viewer: { kind: 'VENDOR' },
    });
    // A second rotation while one is pending does nothing.
    expect(
      await stack.gateway.keyRing.rotate({
        publishLeadMs: 10 * 60_000,
        tokenLifetimeMs: 15 * 60_000,
      }),
    ).toBeNull();
  });
});
