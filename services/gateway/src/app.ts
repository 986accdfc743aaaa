// The gateway's HTTP surface as one Yoga instance: GraphQL at /graphql, plus the token
// endpoint, JWKS, health, readiness and metrics. Tests drive it in-process via `app.fetch`.
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
import { IntakeBatcher, type WebhookUrlPolicy } from '@bvg/domain';
import { AppError, actorOf, type GraphQLContext, maskError, schema } from '@bvg/graphql';
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Authenticator } from './auth/authenticate.ts';
import { useBodyLimit } from './plugins/use-body-limit.ts';
import { createMetrics, useMetrics } from './plugins/use-metrics.ts';
import { useQueryLimits } from './plugins/use-query-limits.ts';
import { useRoutes } from './plugins/use-routes.ts';

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
  /** What webhook URLs may be registered (DESIGN §5: no private addresses outside an allowlist). */
  webhookUrlPolicy: WebhookUrlPolicy;
  /** Larger request bodies are refused (413) before they are read. */
  maxBodyBytes: number;
}

export function createGatewayApp(deps: GatewayDeps) {
  const metrics = createMetrics();
  const tokenHandler = createTokenEndpoint({ ...deps.tokenEndpoint, keyRing: deps.keyRing });
  // Clients authenticate at revocation exactly as at the token endpoint: same registry, keys,
  // replay store and limits.
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
    ...deps.revocation,
  });
  const metadata = authorizationServerMetadata(issuer);
  const metadataRoute = {
    method: 'GET',
    handler: () => Response.json(metadata, { headers: { 'cache-control': 'public, max-age=300' } }),
  };
  const intake = new IntakeBatcher(deps.prisma);

  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    graphiql: deps.graphiql ? { title: 'BPO Vendor Gateway' } : false,
    // Expected errors (AppError) pass through; anything else becomes "Unexpected error."
    maskedErrors: { isDev: !deps.production, maskError },
    batching: false,
    logging: deps.logger,
    plugins: [
      useBodyLimit(deps.maxBodyBytes),
      useMetrics(metrics),
      useRoutes({
        [OAUTH_PATHS.token]: { method: 'POST', handler: tokenHandler },
        [OAUTH_PATHS.revocation]: { method: 'POST', handler: revocationHandler },
        // RFC 8414 §3: behind the issuer's path when it has one; at the root as well.
        [OAUTH_PATHS.metadata]: metadataRoute,
        [metadataPathFor(issuer)]: metadataRoute,
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
      useQueryLimits({ production: deps.production }),
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
          ...(deps.pubSub ? { pubSub: deps.pubSub } : {}),
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
