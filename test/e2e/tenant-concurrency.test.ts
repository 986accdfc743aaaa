import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, loadGatewayEnv } from '@bvg/gateway';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
beforeAll(async () => {
  // Two database connections for the whole gateway: tenants must share them without mixing.
  stack = await createTestStack({ DATABASE_POOL_SIZE: '2' });
});
afterAll(async () => stack?.close());

describe('tenant isolation under load', () => {
  it('answers 1,000 interleaved requests of two vendors over 2 connections with only their own rows', async () => {
    const a = await stack.seed.vendor();
    const b = await stack.seed.vendor();
    for (let i = 0; i < 3; i++) {
      await stack.seed.case(a.id);
      await stack.seed.case(b.id);
    }
    const tokens = new Map([
      [a.id, await stack.vendorToken(a)],
      [b.id, await stack.vendorToken(b)],
    ]);
    // 32 requests in flight at any time, alternating vendors, over the two connections.
    type Result = {
      vendorId: string;
      res: Awaited<
        ReturnType<typeof stack.graphql<{ cases: { edges: { node: { vendorId: string } }[] } }>>
      >;
    };
    const results: Result[] = [];
    let next = 0;
    const lane = async () => {
      while (next < 1000) {
        const i = next++;
        const vendorId = i % 2 === 0 ? a.id : b.id;
        const res = await stack.graphql<{ cases: { edges: { node: { vendorId: string } }[] } }>(
          '{ cases(first: 10) { edges { node { vendorId } } } }',
          {},
          tokens.get(vendorId),
        );
        results.push({ vendorId, res });
      }
    };
    await Promise.all(Array.from({ length: 32 }, lane));
    expect(results).toHaveLength(1000);
    for (const { vendorId, res } of results) {
      expect(res.errors).toBeUndefined();
      const owners = res.data!.cases.edges.map((e) => e.node.vendorId);
      expect(owners).toHaveLength(3);
      expect(owners.every((o) => o === vendorId)).toBe(true);
    }
  }, 120_000);
});

describe('start-up posture check', () => {
  it('refuses to run in production on a connection that bypasses row-level security', async () => {
    await expect(
      createGateway(
        loadGatewayEnv({
          NODE_ENV: 'production',
          DATABASE_URL: stack.db.url,
          // The owner (a superuser) instead of the bvg_app role.
          APP_DATABASE_URL: stack.db.url,
          OIDC_ISSUER: 'https://idp.example',
          OIDC_JWKS_URL: 'https://idp.example/jwks.json',
          DEV_IDP_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'bvg-idp-')), 'key.json'),
          // Every other setting production requires is given, so only the posture is wrong.
          ATTACHMENT_LINK_KEY: 'k'.repeat(32),
          LOG_LEVEL: 'fatal',
        }),
      ),
    ).rejects.toThrow(/refusing to start: .*superuser/s);
  });
});
