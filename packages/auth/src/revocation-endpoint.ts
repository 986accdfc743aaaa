import {
  type AdmitClaim,
  type ClaimedClient,
  type ClientAuthenticationDeps,
  type ClientAuthMethod,
  createClientAuthenticator,
  readOAuthForm,
  type TokenEndpointClient,
} from './client-authentication.ts';
import { OAuthError, type OAuthErrorCode, oauthErrorResponse } from './oauth-errors.ts';

/** RFC 7009 §2.1 token type hints. The gateway issues access tokens only. */
export const TOKEN_TYPE_HINTS = ['access_token', 'refresh_token'] as const;
export type TokenTypeHint = (typeof TOKEN_TYPE_HINTS)[number];

export type RevocationRequest = {
  /** The token as presented; not verified yet. */
  token: string;
  /** The hint when it is one RFC 7009 defines; any other value is ignored (§2.1 allows it). */
  tokenTypeHint: TokenTypeHint | null;
  /** The authenticated client: only its own tokens may be revoked. */
  client: TokenEndpointClient;
  authMethod: ClientAuthMethod;
  request: Request;
};

export type RevocationRequestFailure = ClaimedClient & {
  error: OAuthErrorCode;
  /** Private detail for the audit trail. */
  reason: string;
  request: Request;
};

export type RevocationEndpointDeps = ClientAuthenticationDeps & {
  /**
   * Revokes the token if it is a live token issued to `client`, and does nothing otherwise:
   * an unknown, invalid, expired or foreign token is answered 200 all the same.
   */
  revoke(input: RevocationRequest): Promise<void>;
  /**
   * Asked once the request names its client (not yet proven): a response here (a throttle's
   * 429) is the answer, so secrets cannot be guessed here past the token endpoint's limits.
   */
  admit?: AdmitClaim;
  onAuthFailure?(info: RevocationRequestFailure): void | Promise<void>;
  now(): Date;
  /** Realm named in the `WWW-Authenticate` challenge. */
  realm?: string;
  /** Largest accepted request body; 16 KiB unless set. */
  maxBodyBytes?: number;
};

const REVOKED_HEADERS = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

/**
 * Thrown by `revoke` when the revocation could not be made effective everywhere (e.g. the
 * shared deny list is unreachable). Answered 503 with `Retry-After`: RFC 7009 §2.2.1 tells the
 * client to assume the token is still valid and to try again.
 */
export class RevocationUnavailableError extends Error {
  constructor(
    readonly retryAfterSec = 5,
    options?: { cause?: unknown },
  ) {
    super('Token revocation is temporarily unavailable', options);
    this.name = 'RevocationUnavailableError';
  }
}

/**
 * The RFC 7009 token revocation endpoint as a Fetch API handler. The client authenticates
 * exactly as at the token endpoint. Every authenticated request with a `token` is answered
 * 200 whether or not anything was revoked (§2.2): telling a caller that a token it presented
 * is live but someone else's would make the endpoint a token oracle.
 */
export function createRevocationEndpoint(
  deps: RevocationEndpointDeps,
): (request: Request) => Promise<Response> {
  const realm = deps.realm ?? 'token';
  const maxBodyBytes = deps.maxBodyBytes ?? 16_384;
  const clients = createClientAuthenticator(deps);

  return async (request) => {
    const authorization = request.headers.get('authorization');
    const basicUsed = authorization !== null && /^basic /i.test(authorization);
    const claimed: ClaimedClient = {};
    try {
      const params = await readOAuthForm(request, maxBodyBytes, 'revocation endpoint');
      clients.claim(authorization, params, claimed);
      const refusal = await deps.admit?.({ clientId: claimed.clientId, request });
      if (refusal) return refusal;
      clients.checkMethod(authorization, params, claimed);
      const token = params.get('token');
      if (token === null || token === '') {
        throw new OAuthError('invalid_request', 'token is required', 'missing_token');
      }
      const hint = params.get('token_type_hint');
      const { client, method } = await clients.authenticate(
        authorization,
        params,
        deps.now(),
        claimed,
      );
      await deps.revoke({
        token,
        tokenTypeHint: (TOKEN_TYPE_HINTS as readonly (string | null)[]).includes(hint)
          ? (hint as TokenTypeHint)
          : null,
        client,
        authMethod: method,
        request,
      });
      return new Response(null, { status: 200, headers: REVOKED_HEADERS });
    } catch (error) {
      if (error instanceof RevocationUnavailableError) {
        return new Response(null, {
          status: 503,
          headers: { ...REVOKED_HEADERS, 'Retry-After': String(error.retryAfterSec) },
        });
      }
      if (!(error instanceof OAuthError)) throw error;
      await deps.onAuthFailure?.({ ...claimed, error: error.error, reason: error.reason, request });
      const challenge = basicUsed || error.reason === 'no_client_auth';
      return oauthErrorResponse(
        error.error,
        error.description,
        challenge ? { basicRealm: realm } : {},
      );
    }
  };
}
