// One GraphQL request to the gateway as the partner: adds the access token, turns errors into
// typed ones, and sends again where that is safe (throttled, or a refused token).
import {
  errorFromGraphQL,
  errorFromStatus,
  type GatewayError,
  type GraphQLErrorEntry,
  RateLimitedError,
  UnavailableError,
} from './errors.ts';
import type { TypedDocumentString } from './generated/graphql.ts';
import {
  isRetryableStatus,
  nextRetryDelay,
  type RetryPolicy,
  retryAfterMs,
} from './retry-policy.ts';
import type { AccessToken, TokenSource } from './token-source.ts';

export interface TransportOptions {
  graphqlUrl: string;
  tokens: TokenSource;
  fetch: typeof fetch;
  retry: RetryPolicy;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ExecuteOptions {
  /** Whether sending it twice does no harm (queries; mutations with an idempotency key). */
  safe: boolean;
  signal?: AbortSignal | undefined;
}

export class GraphQLTransport {
  constructor(private readonly options: TransportOptions) {}

  /**
   * Sends `document` and returns its data, or throws the first error, typed. HTTP 429/503
   * are sent again only when `safe`. A refused token (UNAUTHENTICATED: expired, revoked) is
   * renewed and the request sent once more whatever `safe` says: the gateway authenticates
   * before it runs anything, so the refused request changed nothing.
   */
  async execute<R, V>(
    document: TypedDocumentString<R, V>,
    variables: V,
    { safe, signal }: ExecuteOptions,
  ): Promise<R> {
    const { tokens, retry, now, sleep } = this.options;
    let renewedToken = false;
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      const token = await tokens.get();
      const { response, error, data } = await this.#send(document, variables, token, signal);
      if (!error) return data as R;
      if (error.code === 'UNAUTHENTICATED' && !renewedToken) {
        renewedToken = true;
        tokens.invalidate(token);
        attempt--;
        continue;
      }
      if (error instanceof RateLimitedError || error instanceof UnavailableError) {
        const wait = retryAfterMs(response.headers, now());
        error.retryAfterMs = wait;
        const next = safe ? nextRetryDelay(attempt, wait, retry) : undefined;
        if (next !== undefined) {
          await sleep(next, signal);
          continue;
        }
      }
      throw error;
    }
  }

  async #send<V>(
    document: { toString(): string },
    variables: V,
    token: AccessToken,
    signal: AbortSignal | undefined,
  ): Promise<{ response: Response; data?: unknown; error?: GatewayError }> {
    const response = await this.options.fetch(this.options.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json;q=0.9',
        authorization: `Bearer ${token.value}`,
      },
      body: JSON.stringify({ query: document.toString(), variables }),
      ...(signal ? { signal } : {}),
    });
    const text = await response.text();
    let body: { data?: unknown; errors?: GraphQLErrorEntry[] } | undefined;
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = undefined;
    }
    const first = body?.errors?.[0];
    if (first) return { response, error: errorFromGraphQL(first, response.status) };
    if (!response.ok || body?.data == null || isRetryableStatus(response.status)) {
      return { response, error: errorFromStatus(response.status, text) };
    }
    return { response, data: body.data };
  }
}
