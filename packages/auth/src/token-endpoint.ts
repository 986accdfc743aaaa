import type { JSONWebKeySet } from 'jose';
import { issueAccessToken } from './access-token.ts';
import { describeAssertionRefusal, type KeyRefusal } from './assertion-refusals.ts';
import {
  ClientAssertionError,
  type ClientAssertionFailureReason,
  inspectClientAssertion,
  JWT_BEARER_ASSERTION_TYPE,
  peekAssertionIssuer,
  type ReplayStore,
  verifyClientAssertion,
} from './client-assertion.ts';
import { type StoredClientSecret, verifyAgainstAny } from './client-secret.ts';
import {
  NO_STORE_HEADERS,
  OAuthError,
  type OAuthErrorCode,
  oauthErrorResponse,
} from './oauth-errors.ts';
import { readLimitedBody } from './read-limited-body.ts';
import type { KeyRing } from './signing-keys.ts';

export type ClientAuthMethod = 'client_secret_basic' | 'private_key_jwt';

/** What the token endpoint needs to know about a registered API client. */
export type TokenEndpointClient = {
  clientId: string;
  vendorId: string;
  /** False when the client or its vendor is disabled. */
  active: boolean;
  allowedScopes: readonly string[];
  authMethod: ClientAuthMethod;
  secrets: readonly StoredClientSecret[];
  jwks?: JSONWebKeySet | null;
  jwksUri?: string | null;
};

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

export type TokenEndpointDeps = {
  /** Our issuer identifier: `iss` of access tokens and the only accepted assertion `aud`. */
  issuer: string;
  /** `aud` of the access tokens issued. */
  audience: string;
  accessTokenLifetimeSec: number;
  keyRing: KeyRing;
  findClient(clientId: string): Promise<TokenEndpointClient | null>;
  /** Must go through the guarded, cached egress client: the URL is partner-supplied. */
  fetchJwks(uri: string): Promise<JSONWebKeySet>;
  replayStore: ReplayStore;
  /**
   * Asked once the request names its client (not yet proven): a response here (a throttle's
   * 429) is the answer, and the client is not authenticated.
   */
  admit?(claim: { clientId?: string; request: Request }): Promise<Response | undefined>;
  onAuthFailure?(info: TokenRequestFailure): void | Promise<void>;
  onTokenIssued?(info: TokenIssued): void | Promise<void>;
  now(): Date;
  /** Longest accepted client-assertion lifetime; 300 s unless set. */
  maxAssertionLifetimeSec?: number;
  clockToleranceSec?: number;
  /** Realm named in the `WWW-Authenticate` challenge. */
  realm?: string;
  /** Largest accepted request body; 16 KiB unless set. */
  maxBodyBytes?: number;
};

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
const CLIENT_AUTH_FAILED = 'Client authentication failed';
// RFC 6749 Appendix A.4: scope tokens are printable ASCII except space, `"` and `\`.
const SCOPE_PATTERN = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/;

type Authenticated = { client: TokenEndpointClient; method: ClientAuthMethod };

/**
 * The OAuth 2.0 client-credentials token endpoint as a Fetch API handler, so any server that
 * speaks Request/Response can mount it. Failures of the caller's own dependencies (database,
 * missing signing key) are rethrown for the host's error handling.
 */
export function createTokenEndpoint(
  deps: TokenEndpointDeps,
): (request: Request) => Promise<Response> {
  const realm = deps.realm ?? 'token';
  const maxAssertionLifetimeSec = deps.maxAssertionLifetimeSec ?? 300;
  const maxBodyBytes = deps.maxBodyBytes ?? 16_384;

  return async (request) => {
    const authorization = request.headers.get('authorization');
    const basicUsed = authorization !== null && /^basic /i.test(authorization);
    const failure: Partial<TokenRequestFailure> = {};
    try {
      const params = await readForm(request, maxBodyBytes);
      const hasAssertion = params.has('client_assertion') || params.has('client_assertion_type');
      // Who the request claims to be, for the audit record of an early refusal.
      if (basicUsed) {
        failure.authMethod = 'client_secret_basic';
        failure.clientId = parseBasicCredentials(authorization)?.clientId;
      } else if (hasAssertion) {
        failure.authMethod = 'private_key_jwt';
        failure.clientId = peekAssertionIssuer(params.get('client_assertion') ?? '');
      }
      const refusal = await deps.admit?.({ clientId: failure.clientId, request });
      if (refusal) return refusal;

      if (params.has('client_secret')) {
        throw new OAuthError(
          'invalid_client',
          'client_secret_post is not supported: use HTTP Basic or private_key_jwt',
          'client_secret_post',
        );
      }
      if (authorization !== null && !basicUsed) {
        throw new OAuthError('invalid_client', 'Unsupported Authorization scheme', 'wrong_scheme');
      }
      if (basicUsed && hasAssertion) {
        throw new OAuthError(
          'invalid_request',
          'Use exactly one client authentication method',
          'multiple_auth_methods',
        );
      }
      if (!basicUsed && !hasAssertion) {
        throw new OAuthError('invalid_client', 'Client authentication required', 'no_client_auth');
      }

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
      const { client, method } = basicUsed
        ? await authenticateBasic(authorization, params, now)
        : await authenticateAssertion(params, now);
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

    async function authenticateBasic(
      header: string,
      params: URLSearchParams,
      now: Date,
    ): Promise<Authenticated> {
      const credentials = parseBasicCredentials(header);
      if (!credentials) {
        throw new OAuthError('invalid_client', 'Malformed Basic credentials', 'malformed_basic');
      }
      failure.clientId = credentials.clientId;
      failure.authMethod = 'client_secret_basic';
      const bodyClientId = params.get('client_id');
      if (bodyClientId !== null && bodyClientId !== credentials.clientId) {
        throw new OAuthError(
          'invalid_request',
          'client_id does not match the credentials',
          'client_id_mismatch',
        );
      }
      const client = await deps.findClient(credentials.clientId);
      const usesSecret = client?.authMethod === 'client_secret_basic';
      // A hash is computed on every path, so an unknown client takes as long as a wrong secret.
      const secretOk = await verifyAgainstAny(
        credentials.secret,
        usesSecret ? client.secrets : [],
        now,
      );
      const reason = !client
        ? 'unknown_client'
        : !usesSecret
          ? 'wrong_auth_method'
          : !secretOk
            ? 'wrong_secret'
            : !client.active
              ? 'inactive_client'
              : undefined;
      if (reason || !client) throw new OAuthError('invalid_client', CLIENT_AUTH_FAILED, reason);
      return { client, method: 'client_secret_basic' };
    }

    async function authenticateAssertion(
      params: URLSearchParams,
      now: Date,
    ): Promise<Authenticated> {
      failure.authMethod = 'private_key_jwt';
      const assertionType = params.get('client_assertion_type');
      const assertion = params.get('client_assertion');
      if (assertionType === null || assertion === null) {
        throw new OAuthError(
          'invalid_request',
          'client_assertion and client_assertion_type go together',
          'incomplete_assertion',
        );
      }
      if (assertionType !== JWT_BEARER_ASSERTION_TYPE) {
        throw new OAuthError(
          'invalid_client',
          `client_assertion_type must be ${JWT_BEARER_ASSERTION_TYPE}`,
          'wrong_assertion_type',
        );
      }
      const checks = {
        clientId: undefined as string | undefined,
        issuer: deps.issuer,
        maxLifetimeSec: maxAssertionLifetimeSec,
        now,
        clockToleranceSec: deps.clockToleranceSec,
      };
      let kid: string | undefined;
      // Audit reason stays precise; the description is what the partner may be told.
      const refuse = (reason: ClientAssertionFailureReason | KeyRefusal, auditReason?: string) =>
        new OAuthError(
          'invalid_client',
          describeAssertionRefusal(reason, { kid, maxLifetimeSec: maxAssertionLifetimeSec }),
          auditReason ?? `assertion_${reason}`,
        );

      // What the assertion says about itself is checked (and explained) before any client is
      // looked up, so these answers are the same whether or not the client id exists.
      let clientId: string;
      try {
        ({ clientId, kid } = inspectClientAssertion(assertion, checks));
      } catch (error) {
        if (!(error instanceof ClientAssertionError)) throw error;
        throw refuse(error.reason);
      }
      failure.clientId = clientId;
      const bodyClientId = params.get('client_id');
      if (bodyClientId !== null && bodyClientId !== clientId) {
        throw new OAuthError(
          'invalid_client',
          'client_id must equal the client assertion iss',
          'client_id_mismatch',
        );
      }

      // From here on, an unknown client answers exactly like a key that does not verify.
      const client = await deps.findClient(clientId);
      if (!client) throw refuse('unknown_client', 'unknown_client');
      if (client.authMethod !== 'private_key_jwt') {
        throw refuse('unknown_client', 'wrong_auth_method');
      }
      const jwksUri = client.jwksUri;
      const jwks = client.jwks ?? (jwksUri ? () => deps.fetchJwks(jwksUri) : undefined);
      if (!jwks) throw refuse('no_keys', 'no_registered_keys');

      try {
        await verifyClientAssertion(assertion, {
          ...checks,
          clientId,
          jwks,
          replayStore: deps.replayStore,
        });
      } catch (error) {
        if (!(error instanceof ClientAssertionError)) throw error;
        throw refuse(error.reason);
      }
      // The caller proved it holds the client's key: it may be told the client is disabled.
      if (!client.active) {
        throw new OAuthError(
          'invalid_client',
          'This client is disabled: ask the operator to enable it',
          'inactive_client',
        );
      }
      return { client, method: 'private_key_jwt' };
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

/**
 * RFC 6749 §2.3.1: id and secret are form-urlencoded before being joined by `:` and
 * base64-encoded, so both are decoded again after splitting.
 */
export function parseBasicCredentials(
  header: string,
): { clientId: string; secret: string } | undefined {
  const encoded = header.slice('basic '.length).trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    const clientId = formDecode(decoded.slice(0, colon));
    const secret = formDecode(decoded.slice(colon + 1));
    if (clientId === '' || secret === '') return undefined;
    return { clientId, secret };
  } catch {
    return undefined;
  }
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

async function readForm(request: Request, maxBytes: number): Promise<URLSearchParams> {
  if (request.method !== 'POST') {
    throw new OAuthError('invalid_request', 'The token endpoint accepts POST only', 'wrong_method');
  }
  const mediaType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== FORM_CONTENT_TYPE) {
    throw new OAuthError(
      'invalid_request',
      `Content-Type must be ${FORM_CONTENT_TYPE}`,
      'wrong_content_type',
    );
  }
  const body = await readLimitedBody(request, maxBytes);
  if (body === null) {
    throw new OAuthError('invalid_request', 'Request body too large', 'body_too_large');
  }
  const params = new URLSearchParams(body.toString('utf8'));
  const seen = new Set<string>();
  for (const name of params.keys()) {
    // RFC 6749 §3.2: parameters must not be repeated.
    if (seen.has(name)) {
      throw new OAuthError('invalid_request', `Parameter repeated: ${name}`, 'repeated_parameter');
    }
    seen.add(name);
  }
  return params;
}
