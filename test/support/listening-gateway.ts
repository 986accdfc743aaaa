// A test stack whose gateway listens on a real loopback port, for clients that speak HTTP
// (the partner SDK, the example client). PUBLIC_URL is that address, because a partner's
// client assertion names the gateway's issuer identifier as its audience.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateClientSecret, hashClientSecret } from '@bvg/auth';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface ListeningGateway {
  stack: TestStack;
  /** The gateway's base URL, e.g. http://127.0.0.1:43121. */
  base: string;
  close(): Promise<void>;
}

export async function startListeningGateway(
  env: Record<string, string> = {},
): Promise<ListeningGateway> {
  // The port must be known before the gateway is built (it is its issuer identifier).
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));

  const base = `http://127.0.0.1:${port}`;
  const stack = await createTestStack({ PUBLIC_URL: base, ...env });
  const server: Server = createServer(stack.gateway.app.yoga);
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    stack,
    base,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await stack.close();
    },
  };
}

/** Issues a client secret to the vendor's seeded API client (as ops would). */
export async function issueClientSecret(stack: TestStack, clientId: string): Promise<string> {
  const secret = generateClientSecret();
  const client = await stack.owner.apiClient.findUniqueOrThrow({ where: { clientId } });
  await stack.owner.apiClientSecret.create({
    data: {
      apiClientId: client.id,
      secretHash: await hashClientSecret(secret),
      hint: secret.slice(-4),
    },
  });
  return secret;
}

/** Registers a fresh ES256 public key for the client (private_key_jwt); returns the private JWK. */
export async function registerClientKey(stack: TestStack, clientId: string): Promise<JWK> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `key-${clientId}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  await stack.owner.apiClient.update({
    where: { clientId },
    data: { authMethod: 'PRIVATE_KEY_JWT', jwks: { keys: [publicJwk] } },
  });
  return { ...(await exportJWK(privateKey)), kid, alg: 'ES256' };
}
