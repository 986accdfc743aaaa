import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@bvg/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from './create-gateway.ts';
import { loadGatewayEnv } from './env.ts';

let db: TestDatabase;
let gateway: Gateway;

beforeAll(async () => {
  db = await createTestDatabase('bvg_gw');
  gateway = await createGateway(
    loadGatewayEnv({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      DEV_IDP_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'bvg-idp-')), 'key.json'),
      LOG_LEVEL: 'warn',
    }),
  );
});
afterAll(async () => {
  await gateway?.close();
  await db?.drop();
});

const graphql = (query: string, token?: string, variables?: Record<string, unknown>) =>
  gateway.app.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });

describe('gateway HTTP surface', () => {
  it('answers viewer for an internal principal from the identity provider', async () => {
    const token = await gateway.devIdp!.mint({ subject: 'ops.alice', roles: ['ops'] });
    const res = await graphql('{ viewer { __typename kind subject roles } }', token);
    expect(await res.json()).toEqual({
      data: {
        viewer: { __typename: 'Viewer', kind: 'INTERNAL', subject: 'ops.alice', roles: ['ops'] },
      },
    });
  });

  it('refuses viewer without a token, and a forged token, with UNAUTHENTICATED', async () => {
    const anonymous = await (await graphql('{ viewer { kind } }')).json();
    expect(anonymous.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(anonymous.data).toBeNull();

    const forged = await graphql('{ viewer { kind } }', 'eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.');
    expect(forged.status).toBe(401);
    expect((await forged.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('reports liveness, readiness of Postgres and Redis, and Prometheus metrics', async () => {
    expect((await gateway.app.fetch('http://gateway.test/healthz')).status).toBe(200);
    expect((await gateway.app.fetch('http://gateway.test/readyz')).status).toBe(200);
    const metrics = await (await gateway.app.fetch('http://gateway.test/metrics')).text();
    expect(metrics).toMatch(/bvg_gateway_http_requests_total\{route="\/healthz",status="200"\} 1/);
  });

  it('publishes its signing key at /.well-known/jwks.json', async () => {
    const jwks = await (
      await gateway.app.fetch('http://gateway.test/.well-known/jwks.json')
    ).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it('refuses alias flooding before execution', async () => {
    const token = await gateway.devIdp!.mint({ subject: 'ops.alice', roles: ['ops'] });
    const flood = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: viewer { kind }`).join(' ')} }`;
    const res = await (await graphql(flood, token)).json();
    expect(res.data).toBeUndefined();
    expect(res.errors[0].message).toMatch(/aliases limit of 15 exceeded/i);
    expect(res.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a body over the limit with 413 before reading it, declared or streamed', async () => {
    const body = JSON.stringify({
      query: '{ viewer { kind } }',
      variables: { pad: 'x'.repeat(5 << 20) },
    });
    const post = (headers: Record<string, string>, content: BodyInit) =>
      gateway.app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: content,
        duplex: 'half',
      } as RequestInit);
    const declared = await post({ 'content-length': String(body.length) }, body);
    expect(declared.status).toBe(413);
    expect((await declared.json()).errors[0].extensions).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      maxBytes: 4 << 20,
    });
    // Chunked: no length up front, refused once the limit is passed.
    const bytes = new TextEncoder().encode(body);
    const streamed = await post(
      {},
      new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 64 << 10) {
            controller.enqueue(bytes.subarray(i, i + (64 << 10)));
          }
          controller.close();
        },
      }),
    );
    expect(streamed.status).toBe(413);
    // Just under the limit, streamed, is read and answered (here: no token).
    const small = JSON.stringify({
      query: '{ viewer { kind } }',
      variables: { pad: 'x'.repeat(1 << 20) },
    });
    const fits = await post({}, new Blob([small]).stream());
    expect(fits.status).not.toBe(413);
    expect((await fits.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a query over the cost limit as a validation error, and runs nothing', async () => {
    const token = await gateway.devIdp!.mint({ subject: 'ops.alice', roles: ['ops'] });
    const costly = '{ cases(first: 100000) { edges { node { id } } } }';
    const res = await (await graphql(costly, token)).json();
    expect(res.data).toBeUndefined();
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0].message).toMatch(/^Query Cost limit of 5000 exceeded/);
    expect(res.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('prices page sizes given as variables like inline ones: ten aliased lists are refused either way', async () => {
    const token = await gateway.devIdp!.mint({ subject: 'ops.alice', roles: ['ops'] });
    const list = (size: string, i: number) =>
      `a${i}: cases(first: ${size}) { edges { node { id subject { email { value } } events { type occurredAt } } } }`;
    const aliased = (size: string) => Array.from({ length: 10 }, (_, i) => list(size, i)).join(' ');

    const inline = await graphql(`{ ${aliased('100')} }`, token);
    const withVariable = await graphql(`query ($f: Int) { ${aliased('$f')} }`, token, { f: 100 });
    const [inlineBody, variableBody] = [await inline.json(), await withVariable.json()];
    expect(withVariable.status).toBe(inline.status);
    expect(variableBody).toEqual(inlineBody);
    expect(variableBody.data).toBeUndefined();
    expect(variableBody.errors[0].message).toMatch(/^Query Cost limit of 5000 exceeded/);
    expect(variableBody.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    // One such list is within the limit, and runs.
    const one = await (
      await graphql(`query ($f: Int) { ${list('$f', 0)} }`, token, { f: 100 })
    ).json();
    expect(one.errors).toBeUndefined();
    expect(one.data.a0.edges).toEqual([]);
  });
});
