// Access token revocation (RFC 7009): the durable record every gateway's deny list is built
// from. Redis holds the fast copy; these rows survive a Redis restart.
import { type PrismaClient, systemScope, withScope } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';

export interface RevokeAccessTokenInput {
  /** The token's `jti`. */
  tokenId: string;
  /** The client the token was issued to (its `client_id` claim). */
  clientId: string;
  vendorId: string;
  /** The token's `exp`: the revocation is kept until then. */
  expiresAt: Date;
  tokenTypeHint?: string | null;
  requestId?: string | null;
}

export type RevokeAccessTokenResult =
  | { outcome: 'REVOKED' | 'ALREADY_REVOKED' }
  /** Another client's token, or one already expired: nothing changes. */
  | { outcome: 'IGNORED'; reason: 'other_client' | 'expired' };

/** Only the client a token was issued to may revoke it (RFC 7009 §2.1). */
export function decideRevocation(
  actor: Actor,
  token: Pick<RevokeAccessTokenInput, 'clientId' | 'expiresAt'>,
  now: Date,
): { allowed: true } | { allowed: false; reason: 'other_client' | 'expired' } {
  if (actor.kind !== 'VENDOR' || actor.id !== token.clientId) {
    return { allowed: false, reason: 'other_client' };
  }
  if (token.expiresAt.getTime() <= now.getTime()) return { allowed: false, reason: 'expired' };
  return { allowed: true };
}

/**
 * Records the token as revoked until it expires, with its audit record, and deletes
 * revocations whose tokens have expired since (they can no longer be presented). A refused
 * attempt on another client's token changes nothing but is audited: a client holding a token
 * that is not its own is worth knowing about.
 */
export async function revokeAccessToken(
  prisma: PrismaClient,
  actor: Actor,
  input: RevokeAccessTokenInput,
  now: Date = new Date(),
): Promise<RevokeAccessTokenResult> {
  const decision = decideRevocation(actor, input, now);
  return withScope(prisma, systemScope('revoke an access token'), async (tx) => {
    const audit = (outcome: 'OK' | 'DENIED', details: Record<string, unknown>) =>
      recordAudit(tx, {
        actor,
        action: 'access_token.revoke',
        targetType: 'AccessToken',
        targetId: input.tokenId,
        requestId: input.requestId ?? null,
        outcome,
        details: { tokenTypeHint: input.tokenTypeHint ?? null, ...details },
      });
    if (!decision.allowed) {
      if (decision.reason === 'other_client') {
        await audit('DENIED', { reason: decision.reason, tokenClientId: input.clientId });
      }
      return { outcome: 'IGNORED', reason: decision.reason };
    }
    const { count } = await tx.revokedAccessToken.createMany({
      data: [
        {
          jti: input.tokenId,
          clientId: input.clientId,
          vendorId: input.vendorId,
          expiresAt: input.expiresAt,
          revokedAt: now,
        },
      ],
      skipDuplicates: true,
    });
    await tx.revokedAccessToken.deleteMany({ where: { expiresAt: { lt: now } } });
    await audit('OK', { expiresAt: input.expiresAt.toISOString(), alreadyRevoked: count === 0 });
    return { outcome: count === 0 ? 'ALREADY_REVOKED' : 'REVOKED' };
  });
}

/** Revocations of tokens that have not expired yet: what a gateway's deny list must hold. */
export function listRevokedAccessTokens(
  prisma: PrismaClient,
  now: Date = new Date(),
): Promise<{ jti: string; expiresAt: Date }[]> {
  return withScope(prisma, systemScope('load the revoked access tokens'), (tx) =>
    tx.revokedAccessToken.findMany({
      where: { expiresAt: { gt: now } },
      select: { jti: true, expiresAt: true },
    }),
  );
}

export async function isAccessTokenRevoked(prisma: PrismaClient, jti: string): Promise<boolean> {
  const row = await withScope(prisma, systemScope('check an access token revocation'), (tx) =>
    tx.revokedAccessToken.findUnique({ where: { jti }, select: { jti: true } }),
  );
  return row !== null;
}
