import { DomainError, DomainErrorCode } from '@bvg/domain';
import { GraphQLError } from 'graphql';

/**
 * Expected error codes of the API: the domain's, plus those only the transport raises.
 * Anything else is masked.
 */
export const ErrorCode = {
  ...DomainErrorCode,
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  UNAVAILABLE: 'UNAVAILABLE',
  /** Over the caller's rate limit: HTTP 429 with `Retry-After` (extensions.retryAfter, seconds). */
  RATE_LIMITED: 'RATE_LIMITED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  NOT_FOUND: 'Not found',
  FORBIDDEN: 'Not allowed',
  UNAUTHENTICATED: 'Authentication required',
  CONFLICT: 'The record was changed by someone else; fetch it again and retry',
  INVALID_TRANSITION: 'That change is not allowed from the current state',
  VALIDATION: 'The input is not valid',
  UNAVAILABLE: 'A backing service is unavailable; retry shortly',
  RATE_LIMITED: 'Rate limit exceeded; retry after the time in Retry-After',
};

/** An expected error: a GraphQLError with a code, so Yoga passes it through unmasked. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string = DEFAULT_MESSAGES[code],
    extra: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...extra } });
  }
}

/**
 * Yoga's error mask: expected errors keep their code (AppError, and the domain's
 * DomainError mapped to the same code); anything else becomes a generic error without a
 * stack trace, logged by the caller.
 */
export function maskError(error: unknown, message: string, isDev = false): Error {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof AppError) return error as Error;
  if (original instanceof DomainError) {
    return expected(error, original.message, { code: original.code, ...original.details });
  }
  // An id that is not even a UUID cannot name anything: the same answer as an unknown id.
  if (isMalformedIdError(original))
    return expected(error, 'Not found', { code: ErrorCode.NOT_FOUND });
  // Every pooled connection busy past the wait limit: a retryable answer, not a crash.
  if ((original as { code?: unknown } | null)?.code === 'P2028') {
    return expected(error, 'The gateway is busy; retry shortly', {
      code: ErrorCode.UNAVAILABLE,
      retryable: true,
    });
  }
  if (error instanceof GraphQLError && !error.originalError) return error; // parse/validation
  // Variables that do not fit their declared types, found by graphql-js before any resolver
  // runs (a request-level error, so no path): the caller's input, answered as such.
  if (
    error instanceof GraphQLError &&
    error.path === undefined &&
    original instanceof GraphQLError
  ) {
    const variable = /^Variable "(\$[^"]+)"/.exec(error.message)?.[1] ?? '';
    return expected(error, error.message, {
      code: ErrorCode.VALIDATION,
      problems: [{ path: variable, message: original.message }],
    });
  }
  return new GraphQLError(message, {
    ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
    extensions: {
      code: 'INTERNAL',
      ...(isDev && original instanceof Error ? { detail: original.message } : {}),
    },
  });
}

/**
 * Turns an error into an expected one with this message and code. A located GraphQLError is
 * changed in place: returning the same object tells Yoga the error was expected, so it is
 * not logged as a failure, and its path and locations are kept.
 */
function expected(error: unknown, message: string, extensions: Record<string, unknown>): Error {
  if (error instanceof GraphQLError) {
    Object.defineProperty(error, 'message', { value: message, enumerable: false });
    Object.defineProperty(error, 'extensions', { value: extensions, enumerable: true });
    return error;
  }
  return new GraphQLError(message, { extensions });
}

function isMalformedIdError(error: unknown): boolean {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'string' &&
    /invalid input syntax for type uuid/.test(error.message)
  );
}
