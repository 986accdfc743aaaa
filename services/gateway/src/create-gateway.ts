// Composition root: builds the gateway's dependencies from configuration.

import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  createAccessTokenVerifier,
  createInternalTokenVerifier,
  KeyRing,
  RedisReplayStore,
} from '@bvg/auth';
import {
  appRoleUrl,
  checkDatabasePosture,
  createPrismaClient,
  systemScope,
  withScope,
} from '@bvg/db';
import { listActiveInHouseTeams, recordAudit } from '@bvg/domain';
import { bulkCaseOperationJob, createRedis, QueueName } from '@bvg/queue';
import { createEgressClient } from '@bvg/webhooks';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from '@graphql-yoga/subscription';
import { Queue } from 'bullmq';
import { createRemoteJWKSet } from 'jose';
import { pino } from 'pino';
import { createGatewayApp, type GatewayDeps } from './app.ts';
import { createAuthenticator } from './auth/authenticate.ts';
import {
  createClientLookup,
  createJwksFetcher,
  createRevocationCheck,
} from './auth/client-registry.ts';
import {
  DEV_IDP_PATH,
  type DevIdentityProvider,
  loadDevIdentityProvider,
} from './auth/dev-identity-provider.ts';
import { PrismaSigningKeyStore } from './auth/prisma-signing-key-store.ts';
import { createTokenRevoker } from './auth/revoke-token.ts';
import { createRevokedTokenList } from './auth/revoked-tokens.ts';
import type { GatewayConfig } from './env.ts';
import { createClientTierLookup } from './rate-limits/index.ts';

const ACCESS_CHANGED_CHANNEL = 'bvg:access-changed';
/** How often a gateway reloads signing keys (a rotation publishes a key for twice this first). */
export const KEY_REFRESH_INTERVAL_MS = 60_000;

export async function createGateway(config: GatewayConfig) {
  const logger = pino({ level: config.LOG_LEVEL, name: 'gateway' });
  const prisma = createPrismaClient({
    // Outside production the application role is derived from the owner URL.
    url: config.APP_DATABASE_URL ?? appRoleUrl(config.DATABASE_URL),
    max: config.DATABASE_POOL_SIZE,
    applicationName: 'bvg-gateway',
  });
  const redis = createRedis(config.REDIS_URL, 'producer');
  // Rate limits are asked on every request: a command that Redis cannot answer fails fast
  // and the limiters answer from process memory instead.
  const rateLimitRedis = createRedis(config.REDIS_URL, 'cache');
  // Its failures are counted and logged by the limiters; the connection reconnects by itself.
  rateLimitRedis.on('error', () => {});
  const egress = createEgressClient({
    allowlist: config.egressAllowlist,
    timeoutMs: 5000,
    maxResponseBytes: 256 * 1024,
    userAgent: 'bvg-gateway',
  });

  // Row-level security is the second wall; refuse to serve production without it.
  const posture = await checkDatabasePosture(prisma);
  if (posture.problems.length > 0) {
    const message = `database posture (role ${posture.role}):\n  - ${posture.problems.join('\n  - ')}`;
    if (config.production) throw new Error(`refusing to start: ${message}`);
    logger.warn(message);
  }

  const keyRing = await KeyRing.load(new PrismaSigningKeyStore(prisma));
  // The very first key has nobody to be pre-published to; later ones rotate (`pnpm keys rotate`).
  if (keyRing.storedKeys().length === 0) {
    await keyRing.rotate({ publishLeadMs: 0, tokenLifetimeMs: config.ACCESS_TOKEN_TTL_SEC * 1000 });
  }

  // Pick up keys rotated by `pnpm keys:rotate` (or by another gateway) well before they sign.
  const keyRefresh = setInterval(() => {
    keyRing
      .refresh()
      .catch((error: unknown) => logger.warn({ error }, 'signing key reload failed'));
  }, KEY_REFRESH_INTERVAL_MS);
  keyRefresh.unref();

  const devIdp =
    config.OIDC_ISSUER && config.OIDC_JWKS_URL
      ? null
      : await loadDevIdentityProvider({
          keyFile: config.DEV_IDP_KEY_FILE,
          publicUrl: config.PUBLIC_URL,
          audience: config.OIDC_AUDIENCE,
          specialistTeams: async () =>
            (await listActiveInHouseTeams(prisma)).map((team) => team.slug),
        });
  const internalIssuer = devIdp?.issuer ?? config.OIDC_ISSUER!;
  const internalTokens = createInternalTokenVerifier({
    issuer: internalIssuer,
    audience: config.OIDC_AUDIENCE,
    jwks: devIdp?.getKey ?? createRemoteJWKSet(new URL(config.OIDC_JWKS_URL!)),
  });
  // Disabling a client or vendor is announced on Redis so every gateway drops its cached
  // view at once; the 5 s cache lifetime bounds the delay if an announcement is missed.
  const revocation = createRevocationCheck(prisma);
  const tiers = createClientTierLookup(prisma);
  const subscriber = createRedis(config.REDIS_URL, 'subscriber');
  await subscriber.subscribe(ACCESS_CHANGED_CHANNEL);
  subscriber.on('message', (channel: string, clientId: string) => {
    if (channel === ACCESS_CHANGED_CHANNEL) {
      revocation.forget(clientId || undefined);
      tiers.forget(clientId || undefined);
    }
  });
  // Subscriptions (offers) across gateway processes: a Redis event target per gateway.
  const pubSub = createPubSub({
    eventTarget: createRedisEventTarget({ publishClient: redis, subscribeClient: subscriber }),
  }) as NonNullable<GatewayDeps['pubSub']>;
  const announceAccessChange = async (clientId?: string) => {
    revocation.forget(clientId);
    tiers.forget(clientId);
    await redis
      .publish(ACCESS_CHANGED_CHANNEL, clientId ?? '')
      .catch((error: unknown) =>
        logger.warn(
          { error },
          'could not announce an access change; other gateways catch up within 5 s',
        ),
      );
  };

  // Producer side of the worker's case-operations queue: fails fast when Redis is down (the
  // operation is committed first; the worker queues a forgotten one again).
  const caseOperations = new Queue(QueueName.CaseOperations, {
    connection: redis,
    prefix: config.QUEUE_PREFIX,
  });
  const enqueueBulkCaseOperation = async (operationId: string) => {
    await caseOperations.add(
      bulkCaseOperationJob.name,
      { operationId },
      { ...bulkCaseOperationJob.defaultOptions, jobId: operationId },
    );
  };

  // Revoked tokens (RFC 7009) are refused by every gateway from the moment the revocation is
  // answered: the deny list in Redis is read on every request, cached verification or not.
  const revokedTokens = createRevokedTokenList({
    prisma,
    redis,
    logger,
    namespace: new URL(config.DATABASE_URL).pathname.slice(1) || 'default',
  });
  const accessTokens = createAccessTokenVerifier({
    keyRing,
    issuer: config.PUBLIC_URL,
    audience: config.ACCESS_TOKEN_AUDIENCE,
    isRevoked: async (claims) => {
      const [clientDisabled, tokenRevoked] = await Promise.all([
        revocation.isRevoked(claims),
        revokedTokens.isRevoked(claims.jti, claims.exp * 1000),
      ]);
      return clientDisabled || tokenRevoked;
    },
  });

  /** Every authentication failure leaves an audit record (the caller is unproven, so SYSTEM scope). */
  const auditAuthFailure = (entry: {
    actorId: string;
    action: string;
    outcome: string;
    requestId?: string;
    details: Record<string, unknown>;
  }) =>
    withScope(prisma, systemScope('audit an authentication failure'), (tx) =>
      recordAudit(tx, {
        actor: { kind: 'SYSTEM', id: entry.actorId },
        action: entry.action,
        targetType: 'Authentication',
        targetId: entry.actorId,
        requestId: entry.requestId ?? null,
        outcome: 'DENIED',
        details: { ...entry.details, error: entry.outcome },
      }),
    ).catch((error: unknown) => logger.error({ error }, 'audit write failed'));

  const app = createGatewayApp({
    revocation: {
      revoke: createTokenRevoker({ prisma, accessTokens, revokedTokens, logger }),
      onAuthFailure: (info) =>
        auditAuthFailure({
          actorId: info.clientId ?? 'unknown',
          action: 'oauth.revoke.denied',
          outcome: info.error,
          details: { reason: info.reason, authMethod: info.authMethod ?? null },
        }),
    },
    pubSub,
    enqueueBulkCaseOperation,
    auditAuthFailure,
    announceAccessChange,
    prisma,
    redis,
    keyRing,
    logger,
    graphiql: config.graphiql,
    production: config.production,
    development: config.NODE_ENV === 'development',
    maxBodyBytes: config.MAX_REQUEST_BODY_BYTES,
    conversations: {
      reopenWindowMs: config.reopenWindowMs,
      attachmentLinks: {
        key: config.attachmentLinkKey,
        ttlSec: config.ATTACHMENT_LINK_TTL_SEC,
        publicUrl: config.PUBLIC_URL,
        storageUrl: config.ATTACHMENT_STORAGE_URL ?? null,
      },
    },
    probeAlertPolicy: {
      threshold: config.TENANT_PROBE_ALERT_THRESHOLD,
      windowMs: config.TENANT_PROBE_WINDOW_MS,
    },
    rateLimits: { config: config.rateLimits, redis: rateLimitRedis, tierOf: tiers.tierOf },
    console: {
      distDir: config.CONSOLE_DIST_DIR,
      oidc: {
        issuer: internalIssuer,
        clientId: config.CONSOLE_OIDC_CLIENT_ID,
        scope: config.CONSOLE_OIDC_SCOPE,
      },
    },
    // Registration refuses what delivery would refuse; development may register loopback.
    webhookUrlPolicy: {
      requireHttps: config.webhookRequireHttps,
      allowlist: config.egressAllowlist,
    },
    authenticator: createAuthenticator({
      accessTokens,
      accessTokenIssuer: config.PUBLIC_URL,
      internalTokens,
      internalIssuer,
    }),
    tokenEndpoint: {
      issuer: config.PUBLIC_URL,
      audience: config.ACCESS_TOKEN_AUDIENCE,
      accessTokenLifetimeSec: config.ACCESS_TOKEN_TTL_SEC,
      findClient: createClientLookup(prisma),
      fetchJwks: createJwksFetcher(egress),
      replayStore: new RedisReplayStore(redis, { keyPrefix: 'bvg:jti:' }),
      now: () => new Date(),
      // Awaited: the refusal is answered only once its audit record is written.
      onAuthFailure: (info) =>
        auditAuthFailure({
          actorId: info.clientId ?? 'unknown',
          action: 'oauth.token.denied',
          outcome: info.error,
          details: { reason: info.reason, authMethod: info.authMethod ?? null },
        }),
    },
  });

  return {
    app,
    logger,
    devIdp,
    /** The HTTP listener: the development identity provider (when it runs) beside Yoga. */
    handle: createRequestListener(app.yoga, devIdp),
    keyRing,
    prisma,
    async close() {
      clearInterval(keyRefresh);
      await caseOperations.close();
      await prisma.$disconnect();
      redis.disconnect();
      rateLimitRedis.disconnect();
      subscriber.disconnect();
    },
  };
}
export type Gateway = Awaited<ReturnType<typeof createGateway>>;

function createRequestListener(
  yoga: (req: IncomingMessage, res: ServerResponse) => unknown,
  devIdp: DevIdentityProvider | null,
): RequestListener {
  return (req, res) => {
    const url = req.url ?? '/';
    if (
      devIdp &&
      (url === DEV_IDP_PATH ||
        url.startsWith(`${DEV_IDP_PATH}/`) ||
        url.startsWith(`${DEV_IDP_PATH}?`))
    ) {
      devIdp.handle(req, res);
      return;
    }
    void yoga(req, res);
  };
}
