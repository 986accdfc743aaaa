// The deny list of revoked access tokens, shared by every gateway process: one Redis key per
// revoked `jti`, expiring with the token. PostgreSQL holds the durable record; Redis is
// rebuilt from it when it comes back empty (restart, flush), and consulted in its stead while
// it is unreachable, so a revoked token is never accepted again.
import { LruCache } from '@bvg/auth';
import type { PrismaClient } from '@bvg/db';
import { isAccessTokenRevoked, listRevokedAccessTokens } from '@bvg/domain';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Keys of one deployment's list: `namespace` (the database's name) keeps deployments, or test
 * databases, that share a Redis apart. `loaded` is set once the keys were loaded from
 * PostgreSQL, and is gone after a restart or flush of Redis.
 */
export const revokedTokenKeys = (namespace: string) => ({
  loaded: `bvg:revoked-tokens:${namespace}:loaded`,
  token: (jti: string) => `bvg:revoked-tokens:${namespace}:jti:${jti}`,
});

export interface RevokedTokenList {
  /** Whether the token is revoked; `expMs` is its expiry, how long a yes may be remembered. */
  isRevoked(jti: string, expMs: number): Promise<boolean>;
  /** Publishes a revocation already committed to PostgreSQL; throws when Redis refuses it. */
  publish(jti: string, expiresAt: Date): Promise<void>;
}

export function createRevokedTokenList(deps: {
  prisma: PrismaClient;
  redis: Redis;
  logger: Logger;
  namespace: string;
}): RevokedTokenList {
  const { prisma, redis, logger } = deps;
  const keys = revokedTokenKeys(deps.namespace);
  // A revocation is final: once seen, a token is refused here without asking Redis again.
  const known = new LruCache<string, number>(10_000);
  let reloading: Promise<void> | undefined;
  // While Redis is down every request takes the PostgreSQL path: say so every 10 s, not each time.
  let lastWarnedAt = 0;

  async function reload(): Promise<void> {
    const rows = await listRevokedAccessTokens(prisma);
    const tx = redis.multi();
    for (const row of rows) tx.set(keys.token(row.jti), '1', 'PXAT', row.expiresAt.getTime());
    tx.set(keys.loaded, new Date().toISOString());
    await tx.exec();
    logger.info({ revoked: rows.length }, 'revoked access tokens loaded into Redis');
  }

  return {
    async isRevoked(jti, expMs) {
      const seen = known.get(jti);
      if (seen !== undefined && seen > Date.now()) return true;
      let revoked: boolean;
      try {
        const [loaded, entry] = await redis.mget(keys.loaded, keys.token(jti));
        if (loaded === null) {
          // Redis lost the list: rebuild it once per process, answer from PostgreSQL meanwhile.
          reloading ??= reload().finally(() => {
            reloading = undefined;
          });
          await reloading;
          revoked = await isAccessTokenRevoked(prisma, jti);
        } else {
          revoked = entry !== null;
        }
      } catch (error) {
        if (Date.now() - lastWarnedAt > 10_000) {
          lastWarnedAt = Date.now();
          logger.warn({ err: error }, 'revoked-token list unreachable in Redis; asking PostgreSQL');
        }
        revoked = await isAccessTokenRevoked(prisma, jti);
      }
      if (revoked) known.set(jti, expMs);
      return revoked;
    },
    async publish(jti, expiresAt) {
      known.set(jti, expiresAt.getTime());
      await redis.set(keys.token(jti), '1', 'PXAT', expiresAt.getTime());
    },
  };
}
