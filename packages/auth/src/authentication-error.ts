/** Why a bearer token was refused; logged and audited, never sent to the caller. */
export type AuthenticationFailureReason =
  | 'malformed'
  | 'encrypted'
  | 'alg_not_allowed'
  | 'wrong_typ'
  | 'unknown_crit'
  | 'missing_kid'
  | 'unknown_kid'
  | 'alg_mismatch'
  | 'bad_signature'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'expired'
  | 'not_yet_valid'
  | 'invalid_claims'
  | 'no_known_roles'
  | 'revoked';

export const AUTHENTICATION_ERROR_MESSAGE = 'Authentication required';

/**
 * The one error every refused bearer token produces. Callers see the same code and message
 * whatever went wrong, so a probe learns nothing about which check failed; `reason` is for
 * logs and the audit trail only.
 */
export class AuthenticationError extends Error {
  readonly code = 'UNAUTHENTICATED' as const;
  readonly reason: AuthenticationFailureReason;

  constructor(reason: AuthenticationFailureReason, options?: { cause?: unknown }) {
    super(AUTHENTICATION_ERROR_MESSAGE, options);
    this.name = 'AuthenticationError';
    this.reason = reason;
  }
}
