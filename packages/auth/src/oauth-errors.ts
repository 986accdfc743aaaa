/** RFC 6749 §5.2 error codes the OAuth endpoints answer with (and RFC 7009 §2.2.1's). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unsupported_token_type';

export const OAUTH_ERROR_STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  unsupported_token_type: 400,
};

/** Headers every token endpoint response carries: tokens and errors are never cached. */
export const NO_STORE_HEADERS = {
  'Content-Type': 'application/json;charset=UTF-8',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
} as const;

/**
 * A refused token request. `description` goes to the client, so it names the rule broken,
 * never which secret, key or client lookup failed; `reason` is for logs and audit only.
 */
export class OAuthError extends Error {
  readonly status: number;

  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly reason: string = error,
  ) {
    super(description);
    this.name = 'OAuthError';
    this.status = OAUTH_ERROR_STATUS[error];
  }
}

export type OAuthErrorResponseOptions = {
  /** Set when the client tried HTTP Basic: RFC 6749 §5.2 then requires a challenge. */
  basicRealm?: string;
};

export function oauthErrorResponse(
  error: OAuthErrorCode,
  description?: string,
  options: OAuthErrorResponseOptions = {},
): Response {
  const headers: Record<string, string> = { ...NO_STORE_HEADERS };
  if (error === 'invalid_client' && options.basicRealm !== undefined) {
    headers['WWW-Authenticate'] = `Basic realm="${options.basicRealm.replace(/["\\]/g, '')}"`;
  }
  const body = description === undefined ? { error } : { error, error_description: description };
  return new Response(JSON.stringify(body), { status: OAUTH_ERROR_STATUS[error], headers });
}
