import { issueAccessToken } from './access-token.ts';
import {
  type AdmitClaim,
  type ClaimedClient,
  type ClientAuthenticationDeps,
  type ClientAuthMethod,
  createClientAuthenticator,
  readOAuthForm,
} from './client-authentication.ts';
import {
  NO_STORE_HEADERS,
  OAuthError,
  type OAuthErrorCode,
  oauthErrorResponse,
} from './oauth-errors.ts';
import type { KeyRing } from './signing-keys.ts';

export {
  type ClientAuthMethod,
  parseBasicCredentials,
  type TokenEndpointClient,
} from './client-authentication.ts';

export type TokenRequestFailure = {
  error: OAuthErrorCode;
  /** Private detail for the audit trail, e.g. `wrong_secret` or `assertion_replayed`. */
  reason: string;
  /** The client the request claimed to be, when it named one (not proof of identity). */
  clientId?: string;
  authMethod?: ClientAuthMethod;
  request: Request;
};

export type TokenIssued = {
  clientId: string;
  vendorId: string;
  scopes: string[];
  tokenId: string;
  authMethod: ClientAuthMethod;
  request: Request;
};

export type TokenEndpointDeps = ClientAuthenticationDeps & {
  /** `aud` of the access tokens issued. */
  audience: string;
  accessTokenLifetimeSec: number;
  keyRing: KeyRing;
  /**
   * Asked once the request names its client (not yet proven): a response here (a throttle's
   * 429) is the answer, and the client is not authenticated.
   */
  admit?: AdmitClaim;
  onAuthFailure?(info: TokenRequestFailure): void | Promise<void>;
  onTokenIssued?(info: TokenIssued): void | Promise<void>;
  now(): Date;
  /** Realm named in the `WWW-Authenticate` challenge. */
  realm?: string;
  /** Largest accepted request body; 16 KiB unless set. */
  maxBodyBytes?: number;
};

// RFC 6749 Appendix A.4: scope tokens are printable ASCII except space, `"` and `\`.
const SCOPE_PATTERN = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/;

/**
 * The OAuth 2.0 client-credentials token endpoint as a Fetch API handler, so any server that
 * speaks Request/Response can mount it. Failures of the caller's own dependencies (database,
 * missing signing key) are rethrown for the host's error handling.
 */
export function createTokenEndpoint(
  deps: TokenEndpointDeps,
): (request: Request) => Promise<Response> {
  const realm = deps.realm ?? 'token';
  const maxBodyBytes = deps.maxBodyBytes ?? 16_384;
  const clients = createClientAuthenticator(deps);

  return async (request) => {
    const authorization = request.headers.get('authorization');
    const basicUsed = authorization !== null && /^basic /i.test(authorization);
    // Who the request claims to be, for the audit record of an early refusal.
    const failure: ClaimedClient = {};
    try {
      const params = await readOAuthForm(request, maxBodyBytes, 'token endpoint');
      clients.claim(authorization, params, failure);
      const refusal = await deps.admit?.({ clientId: failure.clientId, request });
      if (refusal) return refusal;
      clients.checkMethod(authorization, params, failure);

      const grantType = params.get('grant_type');
      if (grantType === null) {
        throw new OAuthError('invalid_request', 'grant_type is required', 'missing_grant_type');
      }
      if (grantType !== 'client_credentials') {
        throw new OAuthError(
          'unsupported_grant_type',
          'Only client_credentials is supported',
          'unsupported_grant_type',
        );
      }

      const now = deps.now();
      const { client, method } = await clients.authenticate(authorization, params, now, failure);
      failure.clientId = client.clientId;
      failure.authMethod = method;

      const scopes = grantScopes(params.get('scope'), client.allowedScopes);
      const issued = await issueAccessToken(deps.keyRing, {
        issuer: deps.issuer,
        audience: deps.audience,
        vendorId: client.vendorId,
        clientId: client.clientId,
        scopes,
        lifetimeSec: deps.accessTokenLifetimeSec,
        now,
      });
      await deps.onTokenIssued?.({
        clientId: client.clientId,
        vendorId: client.vendorId,
        scopes,
        tokenId: issued.tokenId,
        authMethod: method,
        request,
      });
      const body = {
        access_token: issued.token,
        token_type: 'Bearer',
        expires_in: deps.accessTokenLifetimeSec,
        scope: scopes.join(' '),
      };
      return new Response(JSON.stringify(body), { status: 200, headers: NO_STORE_HEADERS });
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      await deps.onAuthFailure?.({ ...failure, error: error.error, reason: error.reason, request });
      // RFC 6749 §5.2: a 401 after (or for want of) HTTP Basic carries a Basic challenge.
      const challenge = basicUsed || error.reason === 'no_client_auth';
      return oauthErrorResponse(
        error.error,
        error.description,
        challenge ? { basicRealm: realm } : {},
      );
    }
  };
}

/**
 * Scopes to grant: all the client's scopes when none are asked for (RFC 6749 §3.3 lets the
 * server default), otherwise exactly those asked for, each of which must be allowed.
 */
export function grantScopes(requested: string | null, allowed: readonly string[]): string[] {
  if (requested === null || requested === '') {
    if (allowed.length === 0)
      throw new OAuthError('invalid_scope', 'The client has no scopes', 'no_scopes');
    return [...allowed];
  }
  if (!SCOPE_PATTERN.test(requested)) {
    throw new OAuthError('invalid_scope', 'Malformed scope', 'malformed_scope');
  }
  const scopes = [...new Set(requested.split(' '))];
  const refused = scopes.filter((scope) => !allowed.includes(scope));
  if (refused.length > 0) {
    throw new OAuthError(
      'invalid_scope',
      `Scope not allowed: ${refused.join(' ')}`,
      'scope_not_allowed',
    );
  }
  return scopes;
}
