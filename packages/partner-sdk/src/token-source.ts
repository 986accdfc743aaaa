// Access tokens for the partner client: OAuth 2.0 client credentials at the gateway's
// `/oauth/token`, with either client authentication method. `oauth4webapi` builds the
// requests (Basic encoding, the RFC 7523 assertion) and checks the answers; jose imports the
// partner's private JWK. One token is kept and renewed shortly before it expires; callers
// that need a token while one is being requested share that request.
import { importJWK, type JWK } from 'jose';
import * as oauth from 'oauth4webapi';
import { TokenRequestError } from './errors.ts';
import {
  isRetryableStatus,
  nextRetryDelay,
  type RetryPolicy,
  retryAfterMs,
} from './retry-policy.ts';

/** `client_secret_basic`: the secret ops issued to your client. */
export interface ClientSecretCredentials {
  clientId: string;
  clientSecret: string;
}

/**
 * `private_key_jwt` (RFC 7523): your private key as a JWK. Its public half is registered with
 * the gateway; `kid` picks it from your JWK set, `alg` defaults from the key type.
 */
export interface PrivateKeyCredentials {
  clientId: string;
  privateKey: JWK;
}

export type ClientCredentials = ClientSecretCredentials | PrivateKeyCredentials;

export interface AccessToken {
  value: string;
  /** Epoch ms at which it was requested (by the client's clock). */
  issuedAt: number;
  /** Epoch ms at which the gateway stops accepting it (by the client's clock). */
  expiresAt: number;
  scope: string | undefined;
}

export interface TokenSourceOptions {
  /** The gateway's issuer identifier (its base URL); the client assertion's audience. */
  issuer: string;
  tokenEndpoint: string;
  credentials: ClientCredentials;
  scope?: string;
  fetch: typeof fetch;
  now: () => number;
  /** Renew this long before expiry (at most half the token's lifetime). */
  renewBeforeMs: number;
  retry: RetryPolicy;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export class TokenSource {
  #current: AccessToken | undefined;
  #pending: Promise<AccessToken> | undefined;
  #auth: Promise<oauth.ClientAuth> | undefined;
  /** Token requests sent (each attempt), for diagnostics and tests. */
  requests = 0;

  constructor(private readonly options: TokenSourceOptions) {}

  /** A token valid for a while yet: the kept one, or a new one (one request for all callers). */
  async get(): Promise<AccessToken> {
    const current = this.#current;
    if (current && !this.#dueForRenewal(current)) return current;
    this.#pending ??= this.#request().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forgets `token` (the gateway refused it), so the next `get` asks for a new one. */
  invalidate(token: AccessToken): void {
    if (this.#current === token) this.#current = undefined;
  }

  #dueForRenewal(token: AccessToken): boolean {
    const now = this.options.now();
    const lifetime = token.expiresAt - token.issuedAt;
    const margin = Math.min(this.options.renewBeforeMs, lifetime / 2);
    return now >= token.expiresAt - margin;
  }

  async #request(): Promise<AccessToken> {
    const { issuer, tokenEndpoint, credentials, scope, retry, sleep, now } = this.options;
    const as: oauth.AuthorizationServer = { issuer, token_endpoint: tokenEndpoint };
    const client: oauth.Client = { client_id: credentials.clientId };
    this.#auth ??= clientAuthOf(credentials);
    const auth = await this.#auth;
    const parameters = new URLSearchParams({ ...(scope ? { scope } : {}) });
    const requestOptions = {
      [oauth.customFetch]: this.options.fetch,
      // The gateway runs on http://localhost in development; in production its URL is https.
      [oauth.allowInsecureRequests]: tokenEndpoint.startsWith('http:'),
    };
    for (let attempt = 1; ; attempt++) {
      const issuedAt = now();
      this.requests++;
      const response = await oauth.clientCredentialsGrantRequest(
        as,
        client,
        auth,
        parameters,
        requestOptions,
      );
      if (isRetryableStatus(response.status)) {
        const wait = nextRetryDelay(attempt, retryAfterMs(response.headers, now()), retry);
        if (wait !== undefined) {
          await response.body?.cancel();
          await sleep(wait);
          continue;
        }
      }
      try {
        const result = await oauth.processClientCredentialsResponse(as, client, response);
        const token: AccessToken = {
          value: result.access_token,
          expiresAt: issuedAt + (result.expires_in ?? 300) * 1000,
          issuedAt,
          scope: result.scope,
        };
        this.#current = token;
        return token;
      } catch (error) {
        throw tokenError(error, response.status);
      }
    }
  }
}

async function clientAuthOf(credentials: ClientCredentials): Promise<oauth.ClientAuth> {
  if ('clientSecret' in credentials) return oauth.ClientSecretBasic(credentials.clientSecret);
  const jwk = credentials.privateKey;
  if (jwk.kty === 'oct' || !jwk.d)
    throw new TypeError('privateKey must be a private asymmetric JWK');
  const key = (await importJWK(jwk, jwk.alg ?? defaultAlgorithm(jwk))) as oauth.PrivateKey['key'];
  return oauth.PrivateKeyJwt({ key, ...(jwk.kid ? { kid: jwk.kid } : {}) });
}

function defaultAlgorithm(jwk: JWK): string {
  if (jwk.kty === 'EC')
    return jwk.crv === 'P-384' ? 'ES384' : jwk.crv === 'P-521' ? 'ES512' : 'ES256';
  if (jwk.kty === 'OKP') return 'EdDSA';
  return 'RS256';
}

function tokenError(error: unknown, status: number): Error {
  if (error instanceof oauth.ResponseBodyError) {
    return new TokenRequestError(error.error, error.error_description, error.status);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0];
    return new TokenRequestError(
      challenge?.parameters.error ?? 'invalid_client',
      challenge?.parameters.error_description,
      error.status,
    );
  }
  if (error instanceof oauth.OperationProcessingError) {
    return new TokenRequestError('invalid_response', error.message, status);
  }
  return error instanceof Error ? error : new Error(String(error));
}
