// A partner API client's rate-limit tier: which share of the gateway a partner system may use.
// The tier is data (changed here, audited, read by every gateway within seconds); what each
// tier allows is gateway configuration.
import { type PrismaClient, RateLimitTier, systemScope, withScope } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { DomainError, type Problem, validationError } from '../shared/domain-error.ts';

/** Every tier, lowest first (the one list: the database enum). */
export const RATE_LIMIT_TIERS = Object.values(RateLimitTier) as readonly RateLimitTier[];

export function isRateLimitTier(value: string): value is RateLimitTier {
  return (RATE_LIMIT_TIERS as readonly string[]).includes(value);
}

export interface SetApiClientRateLimitTierInput {
  clientId: string;
  tier: string;
  reason: string;
}

/** Moves a client to another tier; the caller announces the change so gateways apply it at once. */
export async function setApiClientRateLimitTier(
  prisma: PrismaClient,
  actor: Actor,
  input: SetApiClientRateLimitTierInput,
  requestId?: string,
) {
  const problems: Problem[] = [];
  if (!isRateLimitTier(input.tier)) {
    problems.push({ path: 'tier', message: `choose from ${RATE_LIMIT_TIERS.join(', ')}` });
  }
  if (input.reason.trim().length === 0) problems.push({ path: 'reason', message: 'is required' });
  if (problems.length > 0) throw validationError(problems);
  const tier = input.tier as RateLimitTier;

  return withScope(prisma, systemScope('set an API client rate-limit tier'), async (tx) => {
    const client = await tx.apiClient.findUnique({ where: { clientId: input.clientId } });
    if (!client) throw new DomainError('NOT_FOUND', 'API client not found');
    const updated = await tx.apiClient.update({
      where: { id: client.id },
      data: { rateLimitTier: tier },
    });
    await recordAudit(tx, {
      actor,
      action: 'api_client.set_rate_limit_tier',
      targetType: 'ApiClient',
      targetId: client.clientId,
      requestId: requestId ?? null,
      details: { from: client.rateLimitTier, to: tier, reason: input.reason.trim() },
    });
    return updated;
  });
}
