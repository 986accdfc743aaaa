import type { PrismaClient, RateLimitTier } from '@bvg/db';

/**
 * Answers "which rate-limit tier is this client on?" from a view at most `ttlMs` old, so a
 * tier change applies within seconds without a database query per request. `forget` drops
 * the view at once (every gateway calls it when another announces a change to the client).
 */
export function createClientTierLookup(prisma: PrismaClient, ttlMs = 5000) {
  const cache = new Map<string, { tier: RateLimitTier; at: number }>();
  return {
    async tierOf(clientId: string): Promise<RateLimitTier> {
      const hit = cache.get(clientId);
      if (hit && Date.now() - hit.at < ttlMs) return hit.tier;
      // ApiClient is shared configuration (no tenant scope); an unknown client's token is
      // refused by the revocation check, so the default tier here is never spent by it.
      const row = await prisma.apiClient.findUnique({
        where: { clientId },
        select: { rateLimitTier: true },
      });
      const tier = row?.rateLimitTier ?? 'STANDARD';
      cache.set(clientId, { tier, at: Date.now() });
      return tier;
    },
    forget(clientId?: string) {
      if (clientId) cache.delete(clientId);
      else cache.clear();
    },
  };
}
export type ClientTierLookup = ReturnType<typeof createClientTierLookup>;
