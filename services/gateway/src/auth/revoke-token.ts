import {
  type AccessTokenVerifier,
  AuthenticationError,
  type RevocationRequest,
  RevocationUnavailableError,
} from '@bvg/auth';
import type { PrismaClient } from '@bvg/db';
import { revokeAccessToken } from '@bvg/domain';
import type { Logger } from 'pino';
import type { RevokedTokenList } from './revoked-tokens.ts';

/**
 * What `POST /oauth/revoke` does with an authenticated client's token: a live access token of
 * ours issued to that client is recorded as revoked (PostgreSQL, then every gateway's deny
 * list in Redis); anything else — not a token of ours, expired, another client's — changes
 * nothing, and the endpoint answers 200 either way (RFC 7009 §2.2).
 */
export function createTokenRevoker(deps: {
  prisma: PrismaClient;
  accessTokens: AccessTokenVerifier;
  revokedTokens: RevokedTokenList;
  logger: Logger;
}) {
  return async ({ token, tokenTypeHint, client, request }: RevocationRequest): Promise<void> => {
    let claims: Awaited<ReturnType<AccessTokenVerifier['verifyClaims']>>;
    try {
      claims = await deps.accessTokens.verifyClaims(token);
    } catch (error) {
      if (error instanceof AuthenticationError) return;
      throw error;
    }
    const expiresAt = new Date(claims.exp * 1000);
    const result = await revokeAccessToken(
      deps.prisma,
      { kind: 'VENDOR', id: client.clientId, vendorId: client.vendorId },
      {
        tokenId: claims.jti,
        clientId: claims.client_id,
        vendorId: claims.vendor_id,
        expiresAt,
        tokenTypeHint,
        requestId: request.headers.get('x-request-id'),
      },
    );
    if (result.outcome === 'IGNORED') return;
    try {
      await deps.revokedTokens.publish(claims.jti, expiresAt);
    } catch (cause) {
      // Committed but not yet effective on other gateways: the client is told to retry, and a
      // retry publishes again (the database record makes it idempotent).
      deps.logger.error({ error: cause }, 'could not publish a token revocation to Redis');
      throw new RevocationUnavailableError(5, { cause });
    }
  };
}
