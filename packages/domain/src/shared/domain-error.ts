/**
 * The codes of expected business-rule failures: the product's one list. The API answers with
 * the same code (its own list extends this one with transport codes such as RATE_LIMITED);
 * workers decide whether to retry.
 */
export const DomainErrorCode = {
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  VALIDATION: 'VALIDATION',
} as const;
export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

/** An expected failure of a business rule, with its code. */

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
