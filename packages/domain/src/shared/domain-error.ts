/**
 * An expected failure of a business rule. The API maps `code` to the GraphQL error code of
 * the same name; workers decide whether to retry. Codes are the product's one list.
 */
export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'VALIDATION';

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Machine-readable detail, e.g. every validation problem at once. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface Problem {
  path: string;
  message: string;
}

export const validationError = (problems: Problem[], message = 'The input is not valid') =>
  new DomainError('VALIDATION', message, { problems });
