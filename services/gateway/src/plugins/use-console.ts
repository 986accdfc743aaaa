// Serves the web console's built files at /console: hashed assets cached for a year, every
// other path falls back to index.html (the single-page app routes in the browser), under a
// strict Content-Security-Policy: scripts only from this origin, styles from this origin or
// with the page's per-request nonce (the component library writes its CSS variables in a
// <style> element), and connections only to this origin and the identity provider.
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Plugin } from 'graphql-yoga';

export const CONSOLE_PATH = '/console';
/** What index.html carries where the per-request nonce goes (Vite's `html.cspNonce`). */
export const CONSOLE_NONCE_PLACEHOLDER = '__CSP_NONCE__';

export type ConsoleOptions = {
  /** The console's `dist` directory. */
  distDir: string;
  /** What the browser needs to sign in: public values only. */
  oidc: { issuer: string; clientId: string; scope: string };
};

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export function consoleContentSecurityPolicy(issuer: string, nonce: string): string {
  const idp = new URL(issuer).origin;
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${idp}`,
    `form-action 'self' ${idp}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

export function useConsole(options: ConsoleOptions): Plugin {
  const root = normalize(options.distDir.endsWith(sep) ? options.distDir : options.distDir + sep);
  const configBody = JSON.stringify({
    issuer: options.oidc.issuer,
    clientId: options.oidc.clientId,
    scope: options.oidc.scope,
  });
  let index: { mtimeMs: number; html: string } | null = null;

  async function indexHtml(): Promise<string | null> {
    const info = await stat(join(root, 'index.html')).catch(() => null);
    if (!info) return null;
    if (index?.mtimeMs !== info.mtimeMs) {
      index = { mtimeMs: info.mtimeMs, html: await readFile(join(root, 'index.html'), 'utf8') };
    }
    return index.html;
  }

  async function serve(request: Request, pathname: string): Promise<Response> {
    const head = request.method === 'HEAD';
    if (request.method !== 'GET' && !head) {
      return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
    }
    const rest = pathname.slice(CONSOLE_PATH.length + 1);
    if (rest === 'config.json') {
      return new Response(head ? null : configBody, {
        headers: { 'content-type': 'application/json', 'cache-control': 'no-cache' },
      });
    }
    const file = safeJoin(root, rest);
    if (file && rest !== '' && rest !== 'index.html') {
      const info = await stat(file).catch(() => null);
      if (info?.isFile()) {
        const hashed = rest.startsWith('assets/');
        return new Response(head ? null : new Uint8Array(await readFile(file)), {
          headers: {
            ...SECURITY_HEADERS,
            'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
            'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
          },
        });
      }
      // A missing hashed asset is a stale page asking for an old build: no HTML in its place.
      if (rest.startsWith('assets/')) return new Response('Not found', { status: 404 });
    }
    const html = await indexHtml();
    if (html === null) {
      return new Response('The console is not built: run `pnpm --filter @bvg/console build`.', {
        status: 503,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    }
    const nonce = randomBytes(16).toString('base64');
    return new Response(head ? null : html.replaceAll(CONSOLE_NONCE_PLACEHOLDER, nonce), {
      headers: {
        ...SECURITY_HEADERS,
        'content-type': CONTENT_TYPES['.html']!,
        // The page carries a fresh nonce: never reuse it from a cache.
        'cache-control': 'no-store',
        'content-security-policy': consoleContentSecurityPolicy(options.oidc.issuer, nonce),
      },
    });
  }

  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname === CONSOLE_PATH) {
        endResponse(
          new Response(null, {
            status: 308,
            headers: { location: `${CONSOLE_PATH}/${url.search}` },
          }),
        );
        return;
      }
      if (!url.pathname.startsWith(`${CONSOLE_PATH}/`)) return;
      endResponse(await serve(request, url.pathname));
    },
  };
}

/** The file under root a URL path names, or null when it would leave root. */
function safeJoin(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = normalize(join(root, decoded));
  return full.startsWith(root) ? full : null;
}
