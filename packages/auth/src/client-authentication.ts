// OAuth client authentication shared by the token endpoint and the revocation endpoint: a
// client proves itself the same two ways at both (client_secret_basic or private_key_jwt).
import type { JSONWebKeySet } from 'jose';
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
import { OAuthError } from './oauth-errors.ts';
import { readLimitedBody } from './read-limited-body.ts';

export type ClientAuthMethod = 'client_secret_basic' | 'private_key_jwt';

/** What the OAuth endpoints need to know about a registered API client. */
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

export type ClientAuthenticationDeps = {
  /** Our issuer identifier: the only accepted assertion `aud`. */
  issuer: string;
  findClient(clientId: string): Promise<TokenEndpointClient | null>;
  /** Must go through the guarded, cached egress client: the URL is partner-supplied. */
  fetchJwks(uri: string): Promise<JSONWebKeySet>;
  replayStore: ReplayStore;
  /** Longest accepted client-assertion lifetime; 300 s unless set. */
  maxAssertionLifetimeSec?: number;
  clockToleranceSec?: number;
};

/** Who a request claims to be (not proof of identity), for the audit record of a refusal. */
export type ClaimedClient = { clientId?: string; authMethod?: ClientAuthMethod };

/**
 * Asked by an OAuth endpoint once the request names its client (not yet proven): a response
 * here (a throttle's 429) is the answer, and the client is not authenticated.
 */
export type AdmitClaim = (claim: {
  clientId?: string;
  request: Request;
}) => Promise<Response | undefined>;

export type AuthenticatedClient = { client: TokenEndpointClient; method: ClientAuthMethod };

export type ClientAuthenticator = {
  /**
   * Records in `claimed` whom the request claims to be, without judging it: what an `admit`
   * hook is asked about before anything else is checked.
   */
  claim(authorization: string | null, params: URLSearchParams, claimed: ClaimedClient): void;
  /**
   * Checks the request uses exactly one supported method and records whom it claims to be in
   * `claimed`; cheap, so an endpoint can run it before its own parameter checks.
   */
  checkMethod(
    authorization: string | null,
    params: URLSearchParams,
    claimed: ClaimedClient,
  ): { basicUsed: boolean };
  /** Proves the client's identity (secret or signed assertion); throws `invalid_client`. */
  authenticate(
    authorization: string | null,
    params: URLSearchParams,
    now: Date,
    claimed: ClaimedClient,
  ): Promise<AuthenticatedClient>;
};

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const CLIENT_AUTH_FAILED = 'Client authentication failed';

export function createClientAuthenticator(deps: ClientAuthenticationDeps): ClientAuthenticator {
  const maxAssertionLifetimeSec = deps.maxAssertionLifetimeSec ?? 300;

  async function authenticateBasic(
    header: string,
    params: URLSearchParams,
    now: Date,
    claimed: ClaimedClient,
  ): Promise<AuthenticatedClient> {
    const credentials = parseBasicCredentials(header);
    if (!credentials) {
      throw new OAuthError('invalid_client', 'Malformed Basic credentials', 'malformed_basic');
    }
    claimed.clientId = credentials.clientId;
    claimed.authMethod = 'client_secret_basic';
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
    claimed: ClaimedClient,
  ): Promise<AuthenticatedClient> {
    claimed.authMethod = 'private_key_jwt';
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
    claimed.clientId = clientId;
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

  function claim(
    authorization: string | null,
    params: URLSearchParams,
    claimed: ClaimedClient,
  ): void {
    if (authorization !== null && /^basic /i.test(authorization)) {
      claimed.authMethod = 'client_secret_basic';
      claimed.clientId = parseBasicCredentials(authorization)?.clientId;
    } else if (params.has('client_assertion') || params.has('client_assertion_type')) {
      claimed.authMethod = 'private_key_jwt';
      claimed.clientId = peekAssertionIssuer(params.get('client_assertion') ?? '');
    }
  }

  return {
    claim,

    checkMethod(authorization, params, claimed) {
      const basicUsed = authorization !== null && /^basic /i.test(authorization);
      const hasAssertion = params.has('client_assertion') || params.has('client_assertion_type');
      claim(authorization, params, claimed);

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
      return { basicUsed };
    },

    authenticate(authorization, params, now, claimed) {
      return authorization !== null
        ? authenticateBasic(authorization, params, now, claimed)
        : authenticateAssertion(params, now, claimed);
    },
  };
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

/**
 * The form body of a POST to an OAuth endpoint (`endpoint` names it in refusals): form
 * content type, at most `maxBytes`, no parameter repeated (RFC 6749 §3.2).
 */
export async function readOAuthForm(
  request: Request,
  maxBytes: number,
  endpoint: string,
): Promise<URLSearchParams> {
  if (request.method !== 'POST') {
    throw new OAuthError('invalid_request', `The ${endpoint} accepts POST only`, 'wrong_method');
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
    if (seen.has(name)) {
      throw new OAuthError('invalid_request', `Parameter repeated: ${name}`, 'repeated_parameter');
    }
    seen.add(name);
  }
  return params;
}
