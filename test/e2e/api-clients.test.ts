import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let ops: string;
beforeAll(async () => {
  stack = await createTestStack();
  ops = await stack.internalToken(['ops'], 'ops.maria');
});
afterAll(async () => stack?.close());

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const token = (id: string, secret: string) =>
  stack.fetch('/oauth/token', {
    method: 'POST',
    headers: {
      authorization: basic(id, secret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });

describe('partner API clients (ops)', () => {
  it('creates a client, issues its secret once, and rotates with an overlap', async () => {
    const vendor = await stack.seed.vendor();
    const created = await stack.graphql(
      `mutation($v: ID!) { createApiClient(vendorId: $v, clientId: "acme-prod", name: "Acme prod", authMethod: CLIENT_SECRET_BASIC, scopes: ["cases:read"], reason: "onboarding") { clientId active allowedScopes } }`,
      { v: vendor.id },
      ops,
    );
    expect(created.data).toEqual({
      createApiClient: { clientId: 'acme-prod', active: true, allowedScopes: ['cases:read'] },
    });

    const rotate = (overlapHours: number) =>
      stack.graphql<{ rotateClientSecret: { clientSecret: string } }>(
        `mutation($h: Int) { rotateClientSecret(clientId: "acme-prod", overlapHours: $h, reason: "scheduled") { clientSecret previousSecretsExpireAt } }`,
        { h: overlapHours },
        ops,
      );
    const first = (await rotate(24)).data!.rotateClientSecret.clientSecret;
    expect((await token('acme-prod', first)).status).toBe(200);
    // Only a slow hash is stored, never the secret.
    const stored = await stack.owner.apiClientSecret.findMany({
      where: { apiClient: { clientId: 'acme-prod' } },
    });
    expect(
      stored.every((s) => s.secretHash.startsWith('scrypt$') && !s.secretHash.includes(first)),
    ).toBe(true);

    const second = (await rotate(24)).data!.rotateClientSecret.clientSecret;
    expect((await token('acme-prod', second)).status).toBe(200);
    expect((await token('acme-prod', first)).status).toBe(200); // still inside the overlap
    const third = (await rotate(0)).data!.rotateClientSecret.clientSecret;
    expect((await token('acme-prod', third)).status).toBe(200);
    expect((await token('acme-prod', second)).status).toBe(401); // overlap 0: gone at once
  });

  it('refuses invalid input listing every problem, and non-ops callers', async () => {
    const vendor = await stack.seed.vendor();
    const bad = await stack.graphql(
      `mutation($v: ID!) { createApiClient(vendorId: $v, clientId: "Bad Id!", name: " ", authMethod: CLIENT_SECRET_BASIC, scopes: ["root"], reason: "x") { clientId } }`,
      { v: vendor.id },
      ops,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(
      ((bad.errors?.[0]?.extensions?.problems ?? []) as { path: string }[])
        .map((p) => p.path)
        .sort(),
    ).toEqual(['clientId', 'name', 'scopes']);
    const asManager = await stack.graphql(
      `mutation { rotateClientSecret(clientId: "${vendor.clientId}", reason: "x") { clientSecret } }`,
      {},
      await stack.internalToken(['vendor_manager']),
    );
    expect(asManager.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('registers a JWK set, refusing private keys and non-https URLs', async () => {
    const vendor = await stack.seed.vendor();
    const privateMember = await stack.graphql(
      `mutation($j: JSON) { registerClientJwks(clientId: "${vendor.clientId}", jwks: $j, reason: "x") { authMethod } }`,
      { j: { keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b', d: 'secret' }] } },
      ops,
    );
    expect(privateMember.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const http = await stack.graphql(
      `mutation { registerClientJwks(clientId: "${vendor.clientId}", jwksUri: "http://keys.example/jwks.json", reason: "x") { authMethod } }`,
      {},
      ops,
    );
    expect(http.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const ok = await stack.graphql(
      `mutation { registerClientJwks(clientId: "${vendor.clientId}", jwksUri: "https://keys.example/jwks.json", reason: "partner key") { authMethod jwksUri } }`,
      {},
      ops,
    );
    expect(ok.data).toEqual({
      registerClientJwks: {
        authMethod: 'PRIVATE_KEY_JWT',
        jwksUri: 'https://keys.example/jwks.json',
      },
    });
    const audit = await stack.owner.auditEvent.findFirst({
      where: { action: 'api_client.register_jwks', targetId: vendor.clientId },
    });
    expect(audit?.actorId).toBe('ops.maria');
  });

  it("pausing a vendor keeps its partner's API access (its clients decide that) and is audited", async () => {
    const vendor = await stack.seed.vendor();
    const t = await stack.vendorToken(vendor);
    expect((await stack.graphql('{ viewer { kind } }', {}, t)).status).toBe(200);
    const off = await stack.graphql(
      `mutation($v: ID!) { setVendorActive(vendorId: $v, active: false, reason: "site outage") { active state } }`,
      { v: vendor.id },
      ops,
    );
    expect(off.data).toEqual({ setVendorActive: { active: false, state: 'PAUSED' } });
    // A paused vendor takes no new work but keeps working what it holds: its token still works.
    expect((await stack.graphql('{ viewer { kind } }', {}, t)).status).toBe(200);
    const audit = await stack.owner.auditEvent.findFirst({
      where: { action: 'vendor.state.set', targetId: vendor.id },
    });
    expect(audit?.details).toMatchObject({ reason: 'site outage', from: 'ACTIVE', to: 'PAUSED' });
    // API access is the client's switch.
    const client = await stack.graphql(
      `mutation($c: String!) { setApiClientActive(clientId: $c, active: false, reason: "site outage") { active } }`,
      { c: vendor.clientId },
      ops,
    );
    expect(client.data).toEqual({ setApiClientActive: { active: false } });
    expect((await stack.graphql('{ viewer { kind } }', {}, t)).status).toBe(401);
  });
});
