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

/**
 * NOT_FOUND for a case the caller named: answered exactly like any NOT_FOUND (same code, same
 * message, no details), while the case id stays on the error — never in its details, which
 * reach the caller — so the API can record probes of other tenants' cases afterwards.
 */
export class CaseNotFoundError extends DomainError {
  override name = 'CaseNotFoundError';
  constructor(
    readonly caseId: string,
    message = 'Case not found',
  ) {
    super('NOT_FOUND', message);
  }
}

export interface Problem {
  path: string;
  message: string;
}

export const validationError = (problems: Problem[], message = 'The input is not valid') =>
  new DomainError('VALIDATION', message, { problems });
