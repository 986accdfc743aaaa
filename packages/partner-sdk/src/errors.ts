// Typed errors: every refusal of the gateway arrives as one of these, chosen by the GraphQL
// error's `extensions.code` (or by the OAuth error of the token endpoint).

/** The codes the gateway puts in `extensions.code`; others may be added by newer gateways. */
export type GatewayErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'VALIDATION'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'PAYLOAD_TOO_LARGE'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'INTERNAL';

/** One problem with the input: the field path and what is wrong with it. */
export interface Problem {
  path: string;
  message: string;
}

/** One entry of a GraphQL response's `errors`, as sent. */
export interface GraphQLErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

/** A refusal from the gateway. Narrow with `instanceof` on a subclass or with `code`. */
export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    message: string,
    readonly code: GatewayErrorCode | (string & {}),
    /** HTTP status of the response that carried the error. */
    readonly status: number,
    readonly extensions: Record<string, unknown> = {},
    readonly path?: (string | number)[],
  ) {
    super(message);
  }
}

/** The case (or delivery) does not exist, or belongs to another partner: they look the same. */
export class NotFoundError extends GatewayError {
  override name = 'NotFoundError';
}
/** The token lacks a scope this operation needs. */
export class ForbiddenError extends GatewayError {
  override name = 'ForbiddenError';
}
/** No valid access token: refused even after one fresh token (see the client's retry rules). */
export class UnauthenticatedError extends GatewayError {
  override name = 'UnauthenticatedError';
}
/** The `version` you sent is stale, or an idempotency key was reused with other input: read the case again. */
export class ConflictError extends GatewayError {
  override name = 'ConflictError';
}
/** The case's status does not allow this move. */
export class InvalidTransitionError extends GatewayError {
  override name = 'InvalidTransitionError';
}
/** The input is not valid; `problems` lists every problem at once. */
export class ValidationError extends GatewayError {
  override name = 'ValidationError';
  get problems(): Problem[] {
    const problems = this.extensions.problems;
    return Array.isArray(problems) ? (problems as Problem[]) : [];
  }
}
/** Too many requests; retried automatically where safe, and raised when retries ran out. */
export class RateLimitedError extends GatewayError {
  override name = 'RateLimitedError';
  /** How long the gateway asked to wait, when it said so. */
  retryAfterMs?: number;
}
/** The gateway or a service behind it is briefly unavailable (HTTP 503). */
export class UnavailableError extends GatewayError {
  override name = 'UnavailableError';
  retryAfterMs?: number;
}

/** The token endpoint refused the client (OAuth error, e.g. `invalid_client`, `invalid_scope`). */
export class TokenRequestError extends Error {
  override name = 'TokenRequestError';
  constructor(
    /** The OAuth `error` code. */
    readonly error: string,
    readonly errorDescription: string | undefined,
    readonly status: number,
  ) {
    super(`token request refused: ${error}${errorDescription ? `: ${errorDescription}` : ''}`);
  }
}

const BY_CODE: Record<string, typeof GatewayError> = {
  NOT_FOUND: NotFoundError,
  FORBIDDEN: ForbiddenError,
  UNAUTHENTICATED: UnauthenticatedError,
  CONFLICT: ConflictError,
  INVALID_TRANSITION: InvalidTransitionError,
  VALIDATION: ValidationError,
  RATE_LIMITED: RateLimitedError,
  UNAVAILABLE: UnavailableError,
};

/** The typed error for a GraphQL error entry (unknown codes stay a plain GatewayError). */
export function errorFromGraphQL(entry: GraphQLErrorEntry, status: number): GatewayError {
  const extensions = entry.extensions ?? {};
  const code = typeof extensions.code === 'string' ? extensions.code : codeOfStatus(status);
  const Type = BY_CODE[code] ?? GatewayError;
  return new Type(entry.message, code, status, extensions, entry.path);
}

/** A response without GraphQL errors (a proxy's 429/503 page, a 401 without a body). */
export function errorFromStatus(status: number, text: string): GatewayError {
  return errorFromGraphQL({ message: text.slice(0, 200) || `HTTP ${status}` }, status);
}

function codeOfStatus(status: number): string {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503) return 'UNAVAILABLE';
  return 'INTERNAL';
}
