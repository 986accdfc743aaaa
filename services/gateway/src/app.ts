// The gateway's HTTP surface as one Yoga instance: GraphQL at /graphql, plus the token
// endpoint, JWKS, health, readiness, metrics and the web console. Tests drive it in-process via `app.fetch`.
import {
  AuthenticationError,
  authorizationServerMetadata,
  createRevocationEndpoint,
  createTokenEndpoint,
  type KeyRing,
  metadataPathFor,
  OAUTH_PATHS,
  type RevocationEndpointDeps,
  type TokenEndpointDeps,
} from '@bvg/auth';
import type { PrismaClient } from '@bvg/db';
import { IntakeBatcher, type ProbeAlertPolicy, type WebhookUrlPolicy } from '@bvg/domain';
import { AppError, actorOf, type GraphQLContext, maskError, schema } from '@bvg/graphql';
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Authenticator } from './auth/authenticate.ts';
import {
  ATTACHMENT_DOWNLOAD_PATH,
  type AttachmentLinkOptions,
  createAttachmentLinks,
} from './plugins/attachment-downloads.ts';
import { useBodyLimit } from './plugins/use-body-limit.ts';
import { type ConsoleOptions, useConsole } from './plugins/use-console.ts';
import { createMetrics, useMetrics } from './plugins/use-metrics.ts';
import { useProbeRecorder } from './plugins/use-probe-recorder.ts';
import { operationCost, useQueryLimits } from './plugins/use-query-limits.ts';
import { useRateLimits } from './plugins/use-rate-limits.ts';
import { useRoutes } from './plugins/use-routes.ts';
import { QBR_PACK_PATH, qbrPackRoute } from './qbr/qbr-route.ts';
import { createRateLimiting, type RateLimitingOptions } from './rate-limits/index.ts';

export interface GatewayDeps {
  pubSub?: GraphQLContext['pubSub'];
  /** Tells every gateway that a client's (or, without id, any client's) access changed. */
  announceAccessChange(clientId?: string): Promise<void>;
  auditAuthFailure(entry: {
    actorId: string;
    action: string;
    outcome: string;
    requestId?: string;
    details: Record<string, unknown>;
  }): Promise<unknown>;
  prisma: PrismaClient;
  redis: Redis;
  keyRing: KeyRing;
  authenticator: Authenticator;
  tokenEndpoint: Omit<TokenEndpointDeps, 'keyRing'>;
  /** `POST /oauth/revoke`: clients authenticate as at the token endpoint. */
  revocation: Pick<RevocationEndpointDeps, 'revoke' | 'onAuthFailure'>;
  logger: Logger;
  graphiql: boolean;
  production: boolean;
  /** Only in development do unexpected errors carry their internal message (`extensions.detail`). */
  development: boolean;
  /** What webhook URLs may be registered: no private addresses outside an allowlist (SSRF). */
  webhookUrlPolicy: WebhookUrlPolicy;
  /** Larger request bodies are refused (413) before they are read. */
  maxBodyBytes: number;
  /** When a client naming other tenants' cases raises a TENANT_PROBING alert. */
  probeAlertPolicy: ProbeAlertPolicy;
  /** Rate limits (GraphQL by query cost, the token endpoint), counted in Redis. */
  rateLimits: Omit<RateLimitingOptions, 'logger' | 'registry'>;
  /** Queues the worker job that runs an ops bulk operation. */
  enqueueBulkCaseOperation?: GraphQLContext['enqueueBulkCaseOperation'];
  /** Conversations: the reopen window and attachment download links. */
  conversations?: {
    reopenWindowMs: number;
    attachmentLinks: AttachmentLinkOptions;
  };
  /** The web console at /console; absent: not served. */
  console?: ConsoleOptions;
}

export function createGatewayApp(deps: GatewayDeps) {
  const metrics = createMetrics();
  const limits = createRateLimiting({
    ...deps.rateLimits,
    logger: deps.logger,
    registry: metrics.registry,
  });
  const tokenHandler = createTokenEndpoint({
    ...deps.tokenEndpoint,
    keyRing: deps.keyRing,
    admit: limits.token.admit,
    onAuthFailure: async (info) => {
      await Promise.all([
        limits.token.recordFailure(info),
        deps.tokenEndpoint.onAuthFailure?.(info),
      ]);
    },
    onTokenIssued: async (info) => {
      await Promise.all([
        limits.token.recordSuccess(info),
        deps.tokenEndpoint.onTokenIssued?.(info),
      ]);
    },
  });
  // Clients authenticate at revocation exactly as at the token endpoint: same registry, keys,
  // replay store and limits, and a wrong secret tried here counts as one tried there.
  const { issuer } = deps.tokenEndpoint;
  const revocationHandler = createRevocationEndpoint({
    issuer,
    findClient: deps.tokenEndpoint.findClient,
    fetchJwks: deps.tokenEndpoint.fetchJwks,
    replayStore: deps.tokenEndpoint.replayStore,
    now: deps.tokenEndpoint.now,
    realm: deps.tokenEndpoint.realm,
    maxBodyBytes: deps.tokenEndpoint.maxBodyBytes,
    maxAssertionLifetimeSec: deps.tokenEndpoint.maxAssertionLifetimeSec,
    clockToleranceSec: deps.tokenEndpoint.clockToleranceSec,
    revoke: deps.revocation.revoke,
    admit: limits.token.admit,
    onAuthFailure: async (info) => {
      await Promise.all([limits.token.recordFailure(info), deps.revocation.onAuthFailure?.(info)]);
    },
  });
  const metadata = authorizationServerMetadata(issuer);
  const metadataRoute = {
    method: 'GET',
    handler: () => Response.json(metadata, { headers: { 'cache-control': 'public, max-age=300' } }),
  };
  // The OAuth endpoints share the token limits: the source address's before the body is read,
  // then the named client's (`admit`), with the limits' headers on whatever is answered.
  const limitedOAuth =
    (handler: (request: Request) => Promise<Response>) => async (request: Request) =>
      limits.token.withHeaders(
        request,
        (await limits.token.guardAddress(request)) ?? (await handler(request)),
      );
  const intake = new IntakeBatcher(deps.prisma);
  const attachmentLinks = deps.conversations
    ? createAttachmentLinks(deps.prisma, deps.conversations.attachmentLinks)
    : null;

  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    graphiql: deps.graphiql ? { title: 'BPO Vendor Gateway' } : false,
    // Expected errors (AppError) pass through; anything else becomes "Unexpected error.", and
    // its internal message stays in the log everywhere but a developer's machine.
    maskedErrors: { isDev: deps.development, maskError },
    batching: false,
    logging: deps.logger,
    plugins: [
      useBodyLimit(deps.maxBodyBytes),
      useMetrics(metrics),
      // Before the routes: it records where each request came from.
      useRateLimits({
        limits: limits.graphql,
        cost: operationCost,
        rememberAddress: limits.rememberAddress,
        addressOf: limits.addressOf,
        onRefused: limits.onRefused,
      }),
      ...(deps.console ? [useConsole(deps.console)] : []),
      useRoutes({
        [OAUTH_PATHS.token]: { method: 'POST', handler: limitedOAuth(tokenHandler) },
        [OAUTH_PATHS.revocation]: { method: 'POST', handler: limitedOAuth(revocationHandler) },
        // RFC 8414 §3: behind the issuer's path when it has one; at the root as well.
        [OAUTH_PATHS.metadata]: metadataRoute,
        [metadataPathFor(issuer)]: metadataRoute,
        // The vendor manager's review pack, as PDF (bearer token as for GraphQL).
        [QBR_PACK_PATH]: qbrPackRoute(deps),
        ...(attachmentLinks
          ? { [ATTACHMENT_DOWNLOAD_PATH]: { method: 'GET', handler: attachmentLinks.handler } }
          : {}),
        '/.well-known/jwks.json': {
          method: 'GET',
          handler: () =>
            Response.json(deps.keyRing.jwks(), {
              headers: { 'cache-control': 'public, max-age=300' },
            }),
        },
      }),
      useReadinessCheck({
        endpoint: '/readyz',
        check: async () => {
          const [db, redis] = await Promise.allSettled([
            deps.prisma.$queryRaw`SELECT 1`,
            deps.redis.ping(),
          ]);
          if (db.status === 'fulfilled' && redis.status === 'fulfilled') return true;
          return Response.json(
            {
              postgres: db.status === 'fulfilled' ? 'ok' : 'down',
              redis: redis.status === 'fulfilled' ? 'ok' : 'down',
            },
            { status: 503 },
          );
        },
      }),
      ...useQueryLimits({ production: deps.production }),
      useProbeRecorder({
        prisma: deps.prisma,
        policy: deps.probeAlertPolicy,
        logger: deps.logger,
      }),
    ],
    context: async ({ request }): Promise<GraphQLContext> => {
      const requestId = request.headers.get('x-request-id') ?? crypto.randomUUID();
      try {
        const principal = await deps.authenticator.authenticate(request);
        return {
          requestId,
          principal,
          actor: actorOf(principal),
          db: deps.prisma,
          intake,
          webhookUrlPolicy: deps.webhookUrlPolicy,
          announceAccessChange: deps.announceAccessChange,
          ...(deps.conversations ? { reopenWindowMs: deps.conversations.reopenWindowMs } : {}),
          ...(attachmentLinks ? { attachmentLinks: { sign: attachmentLinks.sign } } : {}),
          ...(deps.pubSub ? { pubSub: deps.pubSub } : {}),
          ...(deps.enqueueBulkCaseOperation
            ? { enqueueBulkCaseOperation: deps.enqueueBulkCaseOperation }
            : {}),
        };
      } catch (error) {
        if (error instanceof AuthenticationError) {
          deps.logger.info({ requestId, reason: error.reason }, 'authentication failed');
          await deps.auditAuthFailure({
            actorId: 'bearer-token',
            action: 'graphql.authenticate',
            outcome: 'UNAUTHENTICATED',
            requestId,
            details: { reason: error.reason },
          });
          throw new AppError('UNAUTHENTICATED', undefined, { http: { status: 401 } });
        }
        throw error;
      }
    },
  });
  return { yoga, metrics, fetch: yoga.fetch };
}
export type GatewayApp = ReturnType<typeof createGatewayApp>;
