import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(async () => stack?.close());

describe('viewer', () => {
  it('tells a partner system who it is, from an access token issued by the gateway', async () => {
    const vendor = await stack.seed.vendor();
    const token = await stack.vendorToken(vendor, ['cases:read']);
    const res = await stack.graphql('{ viewer { kind subject vendorId scopes } }', {}, token);
    expect(res.data).toEqual({
      viewer: {
        kind: 'VENDOR',
        subject: vendor.clientId,
        vendorId: vendor.id,
        scopes: ['cases:read'],
      },
    });
  });

  it('stops accepting a partner token within seconds once its client is disabled', async () => {
    const vendor = await stack.seed.vendor();
    const token = await stack.vendorToken(vendor);
    await stack.owner.apiClient.update({
      where: { clientId: vendor.clientId },
      data: { active: false },
    });
    // The revocation view is at most 5 s old; a fresh client id has no cached view yet.
    const res = await stack.graphql('{ viewer { kind } }', {}, token);
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
