// Runs the partner integration guide's example client against a real listening gateway, so
// the documented steps keep working: token by secret and by private key, first query,
// verifying a webhook.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateClientSecret, hashClientSecret } from '@bvg/auth';
import {
  offeredCases,
  tokenWithPrivateKey,
  tokenWithSecret,
  verifyWebhook,
} from '@bvg/example-partner-client';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { generateWebhookSecret, signWebhook } from '@bvg/webhooks';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let server: Server;
let base: string;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  stack = await createTestStack({ PUBLIC_URL: base });
  server = createServer(stack.gateway.app.yoga);
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await stack?.close();
});

describe('partner integration guide', () => {
  it('client_secret_basic: token, then the first query sees only our offered cases', async () => {
    const vendor = await stack.seed.vendor();
    const secret = generateClientSecret();
    const client = await stack.owner.apiClient.findUniqueOrThrow({
      where: { clientId: vendor.clientId },
    });
    await stack.owner.apiClientSecret.create({
      data: {
        apiClientId: client.id,
        secretHash: await hashClientSecret(secret),
        hint: secret.slice(-4),
      },
    });
    const mine = await stack.seed.case(vendor.id);
    await stack.seed.case((await stack.seed.vendor()).id);

    const token = await tokenWithSecret(base, vendor.clientId, secret);
    expect(token.token_type).toBe('Bearer');
    const result = await offeredCases(base, token.access_token);
    expect(result.data.viewer).toEqual({ subject: vendor.clientId, vendorId: vendor.id });
    expect(result.data.cases.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
      mine.id,
    ]);

    await expect(tokenWithSecret(base, vendor.clientId, `${secret}x`)).rejects.toThrow(
      /invalid_client/,
    );
  });

  it('private_key_jwt: the assertion is accepted once; a replayed jti is refused', async () => {
    const vendor = await stack.seed.vendor();
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const publicJwk = {
      ...(await exportJWK(publicKey)),
      kid: 'partner-key-1',
      alg: 'ES256',
      use: 'sig',
    };
    const privateJwk = { ...(await exportJWK(privateKey)), kid: 'partner-key-1', alg: 'ES256' };
    await stack.owner.apiClient.update({
      where: { clientId: vendor.clientId },
      data: { authMethod: 'PRIVATE_KEY_JWT', jwks: { keys: [publicJwk] } },
    });
    const token = await tokenWithPrivateKey(base, vendor.clientId, privateJwk, 'cases:read');
    expect(token.scope).toBe('cases:read');
    const result = await offeredCases(base, token.access_token);
    expect(result.data.viewer.vendorId).toBe(vendor.id);

    // A stolen assertion replayed: same jti → refused.
    const originalRandom = crypto.randomUUID.bind(crypto);
    crypto.randomUUID = () =>
      '00000000-0000-4000-8000-000000000001' as ReturnType<typeof crypto.randomUUID>;
    try {
      await tokenWithPrivateKey(base, vendor.clientId, privateJwk);
      await expect(tokenWithPrivateKey(base, vendor.clientId, privateJwk)).rejects.toThrow(
        /invalid_client/,
      );
    } finally {
      crypto.randomUUID = originalRandom;
    }
  });

  it('verifies a webhook signed the way the gateway signs, and rejects a tampered body', () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({
      type: 'case.assigned',
      timestamp: new Date().toISOString(),
      data: { caseId: 'c1', vendorId: 'v1', version: 3 },
    });
    const headers = signWebhook({ secret, id: 'msg_1', timestamp: new Date(), body });
    expect(verifyWebhook(secret, body, headers)).toMatchObject({ type: 'case.assigned' });
    expect(() => verifyWebhook(secret, body.replace('c1', 'c2'), headers)).toThrow();
  });
});
