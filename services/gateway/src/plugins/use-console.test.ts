import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSchema, createYoga } from 'graphql-yoga';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_NONCE_PLACEHOLDER, useConsole } from './use-console.ts';

let dist: string;
let app: { fetch(url: string, init?: RequestInit): Promise<Response> | Response };

beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'bvg-console-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    `<html><head><meta property="csp-nonce" nonce="${CONSOLE_NONCE_PLACEHOLDER}"><script type="module" src="/console/assets/index-abc.js"></script></head></html>`,
  );
  writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'bvg-secret.txt'), 'not for the browser');
  app = createYoga({
    schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }),
    plugins: [
      useConsole({
        distDir: dist,
        oidc: { issuer: 'https://idp.example.com/realm', clientId: 'bvg-console', scope: 'openid' },
      }),
    ],
  });
});

const get = async (path: string, init?: RequestInit) =>
  await app.fetch(`http://gateway.test${path}`, init);

describe('the console at /console', () => {
  it('serves index.html for any app route, with a fresh nonce in a strict CSP', async () => {
    const first = await get('/console/routing/2?tab=diff');
    const second = await get('/console/vendors');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const csp = first.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("connect-src 'self' https://idp.example.com");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await first.text();
    expect(html).not.toContain(CONSOLE_NONCE_PLACEHOLDER);
    const nonce = /nonce="([^"]+)"/.exec(html)![1]!;
    expect(csp).toContain(`'nonce-${nonce}'`);
    expect(await second.text()).not.toContain(nonce);
  });

  it('caches hashed assets for a year and refuses a missing asset instead of sending HTML', async () => {
    const asset = await get('/console/assets/index-abc.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    const missing = await get('/console/assets/index-old.js');
    expect(missing.status).toBe(404);
  });

  it('gives the browser the public sign-in settings and nothing else', async () => {
    const config = await get('/console/config.json');
    expect(await config.json()).toEqual({
      issuer: 'https://idp.example.com/realm',
      clientId: 'bvg-console',
      scope: 'openid',
    });
  });

  it('never serves a file outside its directory', async () => {
    for (const path of ['/console/..%2fbvg-secret.txt', '/console/%2e%2e/bvg-secret.txt']) {
      const response = await get(path);
      expect(await response.text()).not.toContain('not for the browser');
    }
  });

  it('answers only reads, and redirects /console to the app', async () => {
    expect((await get('/console/', { method: 'POST' })).status).toBe(405);
    const bare = await get('/console');
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/console/');
  });
});
