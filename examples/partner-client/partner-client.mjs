// A partner system talking to the BPO Vendor Gateway, in plain Node 20 with two libraries:
// `jose` (sign the client assertion) and `standardwebhooks` (verify webhook signatures).
//
//   GATEWAY_URL=http://localhost:4000 CLIENT_ID=lotus-cx-prod CLIENT_SECRET=bvgs_... node partner-client.mjs
//   GATEWAY_URL=... CLIENT_ID=... PRIVATE_KEY_FILE=key.jwk.json node partner-client.mjs
import { readFileSync } from 'node:fs';
import { importJWK, SignJWT } from 'jose';
import { Webhook } from 'standardwebhooks';

/** client_secret_basic: the id and secret, form-encoded, in HTTP Basic auth (RFC 6749 §2.3.1). */
export async function tokenWithSecret(gatewayUrl, clientId, clientSecret, scope) {
  const basic = Buffer.from(
    `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`,
  ).toString('base64');
  return requestToken(
    gatewayUrl,
    { authorization: `Basic ${basic}` },
    { grant_type: 'client_credentials', ...(scope ? { scope } : {}) },
  );
}

/**
 * private_key_jwt (RFC 7523): sign a short-lived assertion with your own key; the gateway
 * checks it against the JWK set you registered. iss = sub = your client id, aud = the
 * gateway's issuer identifier (its base URL) as a single string, a fresh jti every time.
 */
export async function tokenWithPrivateKey(gatewayUrl, clientId, privateJwk, scope) {
  const key = await importJWK(privateJwk, privateJwk.alg ?? 'ES256');
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: privateJwk.alg ?? 'ES256', kid: privateJwk.kid })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(gatewayUrl)
    .setIssuedAt()
    .setExpirationTime('60s')
    .setJti(crypto.randomUUID())
    .sign(key);
  return requestToken(
    gatewayUrl,
    {},
    {
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      ...(scope ? { scope } : {}),
    },
  );
}

async function requestToken(gatewayUrl, headers, form) {
  const response = await fetch(`${gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
  const body = await response.json();
  if (!response.ok)
    throw new Error(`token request refused: ${body.error}: ${body.error_description ?? ''}`);
  return body; // { access_token, token_type: 'Bearer', expires_in, scope }
}

/** Your offered cases: the same query a partner without webhooks polls. */
export async function offeredCases(gatewayUrl, accessToken) {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({
      query: `query Offered { viewer { subject vendorId }
        cases(first: 20, filter: { status: [OFFERED] }) { edges { node { id version region scope priority firstResponseDueAt } } } }`,
    }),
  });
  return response.json();
}

/**
 * Verifies a webhook from the gateway (Standard Webhooks): pass the raw body and headers as
 * received, and your endpoint's `whsec_…` secret. Throws when the signature does not match or
 * the timestamp is too old; returns the parsed payload. De-duplicate on `webhook-id`.
 */
export function verifyWebhook(secret, rawBody, headers) {
  return new Webhook(secret).verify(rawBody, {
    'webhook-id': headers['webhook-id'],
    'webhook-timestamp': headers['webhook-timestamp'],
    'webhook-signature': headers['webhook-signature'],
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const gatewayUrl = process.env.GATEWAY_URL ?? 'http://localhost:4000';
  const clientId = process.env.CLIENT_ID;
  if (!clientId) throw new Error('set CLIENT_ID and CLIENT_SECRET or PRIVATE_KEY_FILE');
  const token = process.env.PRIVATE_KEY_FILE
    ? await tokenWithPrivateKey(
        gatewayUrl,
        clientId,
        JSON.parse(readFileSync(process.env.PRIVATE_KEY_FILE, 'utf8')),
      )
    : await tokenWithSecret(gatewayUrl, clientId, process.env.CLIENT_SECRET);
  console.log(`token: ${token.scope} (expires in ${token.expires_in} s)`);
  console.log(JSON.stringify(await offeredCases(gatewayUrl, token.access_token), null, 2));
}
