// The console's sign-in, end to end over HTTP against a real gateway: authorization code +
// PKCE at the development identity provider, the role picked on its page, and the access
// token it issues accepted by the gateway unchanged.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrismaClient } from '@bvg/db';
import { createTestDatabase, type TestDatabase } from '@bvg/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../create-gateway.ts';
import { loadGatewayEnv } from '../env.ts';

let db: TestDatabase;
let gateway: Gateway;
let server: Server;
let base: string;

beforeAll(async () => {
  // The issuer is the gateway's public URL: listen first, then build the gateway for that URL.
  let handler: RequestListener = (_req, res) => res.writeHead(503).end();
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  db = await createTestDatabase('bvg_idp');
  gateway = await createGateway(
    loadGatewayEnv({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      PUBLIC_URL: base,
      DEV_IDP_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'bvg-idp-')), 'key.json'),
      LOG_LEVEL: 'warn',
    }),
  );
  handler = gateway.handle;
});
afterAll(async () => {
  server?.close();
  await gateway?.close();
  await db?.drop();
});

/** A browser's cookie jar and redirect handling, reduced to what the flow needs. */
function browser() {
  const cookies = new Map<string, string>();
  return async (url: string, init: RequestInit = {}) => {
    const response = await fetch(new URL(url, base), {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      cookies.set(name!.trim(), value.join('='));
    }
    return response;
  };
}

const b64url = (buffer: Buffer) => buffer.toString('base64url');

async function authorize(role: string) {
  const go = browser();
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const redirectUri = `${base}/console/callback`;
  const query = new URLSearchParams({
    client_id: 'bvg-console',
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid profile gateway',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'state-1',
  });
  const start = await go(`/dev-idp/auth?${query}`);
  expect(start.status).toBe(303);
  const interaction = start.headers.get('location')!;
  expect(interaction).toMatch(/^\/dev-idp\/interaction\//);

  const page = await go(interaction);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  const html = await page.text();
  for (const offered of ['ops', 'vendor_manager', 'auditor', 'specialist']) {
    expect(html).toContain(`value="${offered}"`);
  }

  const picked = await go(interaction, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ role }).toString(),
  });
  if (picked.status !== 303) return { refused: picked.status, verifier, redirectUri, code: null };
  const resume = await go(picked.headers.get('location')!);
  expect(resume.status).toBe(303);
  const callback = new URL(resume.headers.get('location')!);
  expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
  expect(callback.searchParams.get('state')).toBe('state-1');
  return { refused: null, verifier, redirectUri, code: callback.searchParams.get('code')! };
}

const exchange = (code: string, verifier: string, redirectUri: string) =>
  fetch(`${base}/dev-idp/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: 'bvg-console',
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
    }).toString(),
  });

const viewer = (token: string) =>
  fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ viewer { kind subject roles } }' }),
  }).then((r) => r.json() as Promise<{ data?: { viewer: unknown }; errors?: unknown[] }>);

describe('console sign-in through the development identity provider', () => {
  it('signs a person in with the role they pick, and the gateway accepts the access token', async () => {
    const { code, verifier, redirectUri } = await authorize('vendor_manager');
    const response = await exchange(code!, verifier, redirectUri);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(base);
    const tokens = (await response.json()) as { access_token: string; token_type: string };
    expect(tokens.token_type).toBe('Bearer');
    expect(await viewer(tokens.access_token)).toEqual({
      data: {
        viewer: { kind: 'INTERNAL', subject: 'dev.vendor_manager', roles: ['vendor_manager'] },
      },
    });
  });

  it('signs a specialist in as a member of every active in-house team, whose token names those teams', async () => {
    const owner = createPrismaClient({ url: db.url, max: 1 });
    await owner.vendor.createMany({
      data: [
        { slug: 'night-t2', name: 'Night Tier 2', kind: 'IN_HOUSE' },
        { slug: 'closed-t2', name: 'Closed Tier 2', kind: 'IN_HOUSE', state: 'PAUSED' },
        { slug: 'partner-x', name: 'Partner X', kind: 'BPO' },
      ],
    });
    await owner.$disconnect();
    const { code, verifier, redirectUri } = await authorize('specialist');
    const tokens = (await (await exchange(code!, verifier, redirectUri)).json()) as {
      access_token: string;
    };
    const teams = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tokens.access_token}`,
      },
      body: JSON.stringify({ query: '{ viewer { roles } myTeams { slug name } }' }),
    }).then((r) => r.json());
    expect(teams).toEqual({
      data: {
        viewer: { roles: ['specialist'] },
        myTeams: [{ slug: 'night-t2', name: 'Night Tier 2' }],
      },
    });
  });

  it('refuses a code used twice and a code without its PKCE verifier', async () => {
    const first = await authorize('ops');
    expect((await exchange(first.code!, first.verifier, first.redirectUri)).status).toBe(200);
    const again = await exchange(first.code!, first.verifier, first.redirectUri);
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toBe('invalid_grant');

    const second = await authorize('ops');
    const wrong = await exchange(second.code!, b64url(randomBytes(32)), second.redirectUri);
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('offers only the console roles: another role is refused on the page', async () => {
    const { refused } = await authorize('intake');
    expect(refused).toBe(400);
  });

  it('mints for `pnpm tokens` the same kind of token the browser gets', async () => {
    const token = await gateway.devIdp!.mint({ subject: 'dev.auditor', roles: ['auditor'] });
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(payload).toMatchObject({
      iss: `${base}/dev-idp`,
      aud: 'bvg-gateway',
      client_id: 'bvg-console',
    });
    expect(await viewer(token)).toEqual({
      data: { viewer: { kind: 'INTERNAL', subject: 'dev.auditor', roles: ['auditor'] } },
    });
  });
});
