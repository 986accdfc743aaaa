// The development identity provider: a real OpenID Connect provider (oidc-provider), so the
// console signs in locally exactly as it does against the company's provider in production
// (authorization code + PKCE), with a page to pick a role instead of a password. `pnpm tokens`
// and the tests mint their tokens through the same provider, key, issuer and claims, so the
// gateway verifies one kind of token everywhere. Its key is kept in a file so tokens survive
// restarts. Never used in production (env validation requires a real OIDC issuer there).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { CONSOLE_ROLES, type ConsoleRole, createDevIssuer } from '@bvg/auth';
import type { JWK, JWTVerifyGetKey } from 'jose';
import Provider, { type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';

/** Where the gateway serves the development provider; its issuer is `${PUBLIC_URL}${DEV_IDP_PATH}`. */
export const DEV_IDP_PATH = '/dev-idp';
/** The console's OAuth client (public: no secret, PKCE required). */
export const CONSOLE_CLIENT_ID = 'bvg-console';
/** The resource scope the console asks for: access to the gateway's API. */
export const GATEWAY_API_SCOPE = 'gateway';

const DEV_ACCOUNT_PREFIX = 'dev.';

export type DevIdentityProvider = {
  issuer: string;
  audience: string;
  /** The provider's public signing keys, for the gateway's token verifier. */
  getKey: JWTVerifyGetKey;
  /** An access token as the provider issues it at its token endpoint, without a browser. */
  mint(input: {
    subject: string;
    roles: readonly string[];
    /** In-house team slugs a specialist works for (the `teams` claim). */
    teams?: readonly string[];
    lifetimeSec?: number;
  }): Promise<string>;
  /** Serves a request whose path starts with DEV_IDP_PATH. */
  handle(req: IncomingMessage, res: ServerResponse): void;
};

export type DevIdentityProviderOptions = {
  keyFile: string;
  /** The gateway's public base URL: the issuer and the console's redirect URI derive from it. */
  publicUrl: string;
  audience: string;
  /** The team slugs a development specialist works for (its `teams` claim). */
  specialistTeams?: () => Promise<string[]>;
};

export async function loadDevIdentityProvider(
  options: DevIdentityProviderOptions,
): Promise<DevIdentityProvider> {
  const base = options.publicUrl.replace(/\/$/, '');
  const issuer = `${base}${DEV_IDP_PATH}`;
  const signer = await createDevIssuer({
    issuer,
    audience: options.audience,
    privateJwk: readKey(options.keyFile),
  });
  if (!existsSync(options.keyFile)) {
    mkdirSync(dirname(options.keyFile), { recursive: true });
    writeFileSync(options.keyFile, JSON.stringify(signer.privateJwk), { mode: 0o600 });
  }
  // Resource indicators are absolute URIs (RFC 8707): the gateway's API; tokens for it carry
  // the audience the gateway checks.
  const resource = `${base}/graphql`;
  const resourceServer: ResourceServer = {
    scope: GATEWAY_API_SCOPE,
    audience: options.audience,
    accessTokenFormat: 'jwt',
    accessTokenTTL: 3600,
    jwt: { sign: { alg: 'ES256' } },
  };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CONSOLE_CLIENT_ID,
        client_name: 'BPO Vendor Gateway console',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
        redirect_uris: [`${base}/console/callback`],
        post_logout_redirect_uris: [`${base}/console/`],
      },
    ],
    jwks: { keys: [{ ...signer.privateJwk, alg: 'ES256', use: 'sig' } as JWK] },
    // Cookies of a development provider: a fresh key per process is enough.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], profile: ['name', 'roles'] },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resourceIndicator) => {
          if (resourceIndicator !== resource) throw new Error('unknown resource');
          return resourceServer;
        },
      },
    },
    findAccount: (_ctx, accountId) => ({
      accountId,
      claims: () => ({ sub: accountId, name: accountId, roles: rolesOfAccount(accountId) }),
    }),
    // The same claim set the company's provider puts in access tokens: `roles`, and for a
    // specialist the in-house teams it works for (`teams`).
    extraTokenClaims: async (_ctx, token) => {
      const extra = token.extra as { roles?: string[]; teams?: string[] } | undefined;
      const roles = extra?.roles ?? rolesOfAccount('accountId' in token ? token.accountId : '');
      // A specialist signed in on the page belongs to the teams the gateway knows.
      const teams =
        extra?.teams ??
        (!extra?.roles && roles.includes('specialist') && options.specialistTeams
          ? await options.specialistTeams()
          : undefined);
      return { roles, ...(teams ? { teams } : {}) };
    },
    // The console is a first-party client: no consent screen, it gets what it asks for.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const session = ctx.oidc.session;
      const client = ctx.oidc.client;
      if (!session?.accountId || !client) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({
        clientId: client.clientId,
        accountId: session.accountId,
      });
      grant.addOIDCScope('openid profile');
      grant.addResourceScope(resource, GATEWAY_API_SCOPE);
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `${DEV_IDP_PATH}/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    // The console calls the token endpoint from the gateway's own origin.
    clientBasedCORS: (_ctx, origin) => origin === new URL(base).origin,
    ttl: { Session: 12 * 3600, Grant: 12 * 3600, Interaction: 3600, AuthorizationCode: 60 },
    renderError: (ctx, out) => {
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `Sign-in failed: ${out.error}${out.error_description ? ` — ${out.error_description}` : ''}`;
    },
  });
  // Say why a sign-in was refused: the browser only sees "grant request is invalid".
  provider.on('grant.error', (_ctx, error: { error_description?: string; error_detail?: string }) =>
    console.warn(
      `[dev-idp] token request refused: ${error.error_description ?? ''} ${error.error_detail ?? ''}`,
    ),
  );
  const callback = provider.callback();
  // Present at run time; missing from the 8.x type definitions.
  const ResourceServerModel = (
    provider as unknown as {
      ResourceServer: new (identifier: string, info: ResourceServer) => never;
    }
  ).ResourceServer;

  async function handleInteraction(req: IncomingMessage, res: ServerResponse, uid: string) {
    if (req.method === 'GET') {
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) return sendText(res, 400, 'This sign-in has expired; start again.');
      return sendHtml(res, rolePickerPage(`${DEV_IDP_PATH}/interaction/${uid}`));
    }
    if (req.method === 'POST') {
      const body = new URLSearchParams(new TextDecoder().decode(await readBody(req)));
      const role = body.get('role') ?? '';
      if (!Object.hasOwn(CONSOLE_ROLES, role)) return sendText(res, 400, 'Pick one of the roles.');
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: `${DEV_ACCOUNT_PREFIX}${role}` } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    res.writeHead(405, { allow: 'GET, POST' }).end();
  }

  return {
    issuer,
    audience: options.audience,
    getKey: signer.getKey,
    async mint({ subject, roles, teams, lifetimeSec = 3600 }) {
      const client = await provider.Client.find(CONSOLE_CLIENT_ID);
      if (!client) throw new Error('the console client is not registered');
      // A grant as the sign-in page's consent would record it, then the token on it.
      const grant = new provider.Grant({ clientId: CONSOLE_CLIENT_ID, accountId: subject });
      grant.addResourceScope(resource, GATEWAY_API_SCOPE);
      const grantId = await grant.save();
      const token = new provider.AccessToken({
        accountId: subject,
        grantId,
        client,
        scope: GATEWAY_API_SCOPE,
        expiresIn: lifetimeSec,
        gty: 'authorization_code',
        extra: { roles: [...roles], ...(teams ? { teams: [...teams] } : {}) },
        resourceServer: new ResourceServerModel(resource, resourceServer),
      });
      return token.save();
    },
    handle(req, res) {
      const original = req.url ?? '/';
      const inner = original.slice(DEV_IDP_PATH.length) || '/';
      const interaction = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(inner.split('?')[0] ?? '');
      if (interaction?.[1]) {
        handleInteraction(req, res, interaction[1]).catch(() => {
          if (!res.headersSent) sendText(res, 400, 'This sign-in has expired; start again.');
        });
        return;
      }
      // oidc-provider works out its mount path from the original URL, as under Express.
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = original;
      req.url = inner;
      void callback(req, res);
    },
  };
}

function readKey(keyFile: string): JWK | undefined {
  return existsSync(keyFile) ? (JSON.parse(readFileSync(keyFile, 'utf8')) as JWK) : undefined;
}

function rolesOfAccount(accountId: string): ConsoleRole[] {
  const role = accountId.startsWith(DEV_ACCOUNT_PREFIX)
    ? accountId.slice(DEV_ACCOUNT_PREFIX.length)
    : '';
  return Object.hasOwn(CONSOLE_ROLES, role) ? [role as ConsoleRole] : [];
}

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4096) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const PAGE_CSP =
  "default-src 'none'; style-src 'sha256-{STYLE}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const PAGE_STYLE =
  'body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1a1b1e}' +
  'button{display:block;width:100%;text-align:left;margin:.5rem 0;padding:.75rem 1rem;font:inherit;' +
  'border:1px solid #868e96;border-radius:.5rem;background:#fff;cursor:pointer}' +
  'button:hover,button:focus-visible{background:#e7f5ff;outline:2px solid #1c7ed6}' +
  'small{display:block;color:#495057}';

function rolePickerPage(action: string): string {
  const buttons = Object.entries(CONSOLE_ROLES)
    .map(
      ([role, purpose]) =>
        `<button type="submit" name="role" value="${role}"><strong>${role}</strong><small>${purpose}</small></button>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in — development identity provider</title><style>${PAGE_STYLE}</style></head>
<body><main><h1>Sign in</h1>
<p>Development identity provider: choose who you are. Production signs in with the company's identity provider instead.</p>
<form method="post" action="${action}">
${buttons}
</form></main></body></html>`;
}

/** The page's one stylesheet is allowed by its hash: no inline script or other style runs. */
const PAGE_STYLE_HASH = createHash('sha256').update(PAGE_STYLE).digest('base64');

function sendHtml(res: ServerResponse, html: string) {
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': PAGE_CSP.replace('{STYLE}', PAGE_STYLE_HASH),
  });
  res.end(html);
}

function sendText(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(text);
}
