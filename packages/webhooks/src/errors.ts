/** Why a destination was refused before any connection was made. */
export type EgressBlockReason =
  | 'INVALID_URL'
  | 'UNSUPPORTED_PROTOCOL'
  | 'BLOCKED_HOSTNAME'
  | 'BLOCKED_ADDRESS';

export type EgressErrorCode = 'EGRESS_BLOCKED' | 'EGRESS_TIMEOUT' | 'EGRESS_NETWORK';

export abstract class EgressError extends Error {
  abstract readonly code: EgressErrorCode;
}

export class EgressBlockedError extends EgressError {
  readonly code = 'EGRESS_BLOCKED';
  override readonly name = 'EgressBlockedError';

  constructor(
    readonly reason: EgressBlockReason,
    /** What was refused, e.g. `127.0.0.1 (loopback)`; safe to show to the endpoint's owner. */
    readonly detail: string,
  ) {
    super(`egress blocked (${reason}): ${detail}`);
  }
}

export class EgressTimeoutError extends EgressError {
  readonly code = 'EGRESS_TIMEOUT';
  override readonly name = 'EgressTimeoutError';

  constructor(readonly timeoutMs: number) {
    super(`no complete response within ${timeoutMs} ms`);
  }
}

export class EgressNetworkError extends EgressError {
  readonly code = 'EGRESS_NETWORK';
  override readonly name = 'EgressNetworkError';

  constructor(
    message: string,
    /** The system error code when there is one (ECONNREFUSED, ENOTFOUND, ECONNRESET, …). */
    readonly systemCode: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
