// The gateway's configuration, validated once at start-up. No other module reads process.env.

import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { envBoolean, envInt, LOCAL_DATABASE_URL, LOCAL_REDIS_URL, parseEnv } from '@bvg/config';
import { z } from 'zod';
import { parseRateLimitConfig, RATE_LIMIT_DEFAULTS } from './rate-limits/config.ts';

/** Local state (development identity provider key, embedded database) lives in <repo>/.data. */
const LOCAL_STATE_DIR = fileURLToPath(new URL('../../../.data/', import.meta.url));
const CONSOLE_DIST_DIR = fileURLToPath(new URL('../../console/dist/', import.meta.url));

// Unset is undefined (the default applies); set but empty is an empty list, as in the worker.
const list = z
  .string()
  .optional()
  .transform((v) =>
    v === undefined
      ? undefined
      : v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
  );

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: envInt(4000),
    HOST: z.string().default('0.0.0.0'),
    /** Owner connection: migrations and seeding. */
    DATABASE_URL: z.string().url().default(LOCAL_DATABASE_URL),
    /** The application's connection (a role without superuser or BYPASSRLS). */
    APP_DATABASE_URL: z.string().url().optional(),
    DATABASE_POOL_SIZE: envInt(10),
    REDIS_URL: z.string().url().default(LOCAL_REDIS_URL),
    /** BullMQ key prefix of the worker's queues (the gateway queues ops' bulk operations). */
    QUEUE_PREFIX: z.string().default('bvg'),
    /**
     * Our issuer identifier: `iss` of access tokens, `aud` of client assertions. Unset:
     * `http://localhost:<PORT>`.
     */
    PUBLIC_URL: z.string().url().optional(),
    ACCESS_TOKEN_AUDIENCE: z.string().default('bvg-gateway'),
    ACCESS_TOKEN_TTL_SEC: envInt(600),
    /** The company's identity provider for internal principals. */
    OIDC_ISSUER: z.string().optional(),
    OIDC_AUDIENCE: z.string().default('bvg-gateway'),
    OIDC_JWKS_URL: z.string().url().optional(),
    /** The console's OAuth client at the identity provider (public client, PKCE). */
    CONSOLE_OIDC_CLIENT_ID: z.string().default('bvg-console'),
    /** Scopes the console asks for; the access token must be for OIDC_AUDIENCE with `roles`. */
    CONSOLE_OIDC_SCOPE: z.string().default('openid profile gateway'),
    /** The console's built files (`pnpm start` builds them when missing or stale). */
    CONSOLE_DIST_DIR: z.string().default(CONSOLE_DIST_DIR),
    /** Where the development identity provider keeps its key (development only). */
    DEV_IDP_KEY_FILE: z.string().default(`${LOCAL_STATE_DIR}dev-idp-key.json`),
    /**
     * Hosts or CIDRs that egress (JWK sets) and registered webhook URLs may reach although
     * private. Unset: loopback outside production, nothing in production. Empty: nothing.
     */
    EGRESS_ALLOWLIST: list,
    /** Webhook URLs must be https; on by default in production only. */
    WEBHOOK_REQUIRE_HTTPS: z.enum(['true', 'false']).optional(),
    GRAPHIQL: envBoolean(true),
    /** Request bodies over this many bytes are refused with 413 before they are read. */
    MAX_REQUEST_BODY_BYTES: envInt(4 * 1024 * 1024),
    /** A TENANT_PROBING alert is raised when one partner client names this many other tenants' cases… */
    TENANT_PROBE_ALERT_THRESHOLD: envInt(20),
    /** …within this window (ms). */
    TENANT_PROBE_WINDOW_MS: envInt(600_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
    /** GraphQL query-cost points per window for each partner tier: `LOW=6000/60,…`. */
    RATE_LIMIT_TIERS: z.string().default(RATE_LIMIT_DEFAULTS.RATE_LIMIT_TIERS),
    /** … for each internal principal (ops, intake, …), and for each address without a token. */
    RATE_LIMIT_INTERNAL: z.string().default(RATE_LIMIT_DEFAULTS.RATE_LIMIT_INTERNAL),
    RATE_LIMIT_ANONYMOUS: z.string().default(RATE_LIMIT_DEFAULTS.RATE_LIMIT_ANONYMOUS),
    /** Token requests per window: `client=60/60,address=300/60`. */
    TOKEN_RATE_LIMITS: z.string().default(RATE_LIMIT_DEFAULTS.TOKEN_RATE_LIMITS),
    /** Failed client authentications before a block of that many seconds. */
    TOKEN_FAILURE_LIMITS: z.string().default(RATE_LIMIT_DEFAULTS.TOKEN_FAILURE_LIMITS),
    RATE_LIMIT_KEY_PREFIX: z.string().default(RATE_LIMIT_DEFAULTS.RATE_LIMIT_KEY_PREFIX),
    /** A user's message reopens a resolved case within this many hours of its resolution. */
    REOPEN_WINDOW_HOURS: envInt(168),
    /**
     * HMAC key of attachment download links (at least 32 characters; the same on every gateway
     * process). Unset outside production: a random key per process.
     */
    ATTACHMENT_LINK_KEY: z.string().min(32).optional(),
    /** How long an attachment download link stays valid. */
    ATTACHMENT_LINK_TTL_SEC: envInt(300),
    /** The platform storage that holds attachments; a verified link redirects below it. */
    ATTACHMENT_STORAGE_URL: z.string().url().optional(),
    /** Proxies of ours in front of the gateway, each appending to X-Forwarded-For. */
    TRUST_PROXY_HOPS: envInt(0),
  })
  .superRefine((env, ctx) => {
    for (const [path, message] of parseRateLimitConfig(env).problems) {
      ctx.addIssue({ code: 'custom', path: [path], message });
    }
    if (env.NODE_ENV === 'production' && (!env.OIDC_ISSUER || !env.OIDC_JWKS_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_ISSUER'],
        message: 'production needs OIDC_ISSUER and OIDC_JWKS_URL (internal principals)',
      });
    }
    if (env.NODE_ENV === 'production' && !env.ATTACHMENT_LINK_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['ATTACHMENT_LINK_KEY'],
        message: 'production needs ATTACHMENT_LINK_KEY (the same on every gateway process)',
      });
    }
    if (env.NODE_ENV === 'production' && !env.APP_DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['APP_DATABASE_URL'],
        message: 'production needs APP_DATABASE_URL (the row-level-security role)',
      });
    }
  });

export type GatewayEnv = z.infer<typeof schema>;

const DEVELOPMENT_ALLOWLIST = ['127.0.0.1', 'localhost', '::1'];

export function loadGatewayEnv(source: Record<string, string | undefined> = process.env) {
  const env = parseEnv(schema, source);
  const production = env.NODE_ENV === 'production';
  return {
    ...env,
    PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    production,
    // Checked above: parseEnv has already reported any problem.
    rateLimits: parseRateLimitConfig(env).config!,
    graphiql: env.GRAPHIQL && !production,
    reopenWindowMs: env.REOPEN_WINDOW_HOURS * 3600_000,
    // Outside production a key per process is enough: links are short-lived.
    attachmentLinkKey: env.ATTACHMENT_LINK_KEY ?? randomBytes(32).toString('base64url'),
    egressAllowlist: env.EGRESS_ALLOWLIST ?? (production ? [] : DEVELOPMENT_ALLOWLIST),
    webhookRequireHttps: env.WEBHOOK_REQUIRE_HTTPS
      ? env.WEBHOOK_REQUIRE_HTTPS === 'true'
      : production,
  };
}
export type GatewayConfig = ReturnType<typeof loadGatewayEnv>;
