import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  errorFromGraphQL,
  errorFromStatus,
  GatewayError,
  InvalidTransitionError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
} from './errors.ts';

describe('errorFromGraphQL', () => {
  it('maps extensions.code to a typed error that keeps message, path and status', () => {
    const conflict = errorFromGraphQL(
      { message: 'stale', path: ['acceptCase'], extensions: { code: 'CONFLICT' } },
      200,
    );
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toBeInstanceOf(GatewayError);
    expect(conflict).toMatchObject({ code: 'CONFLICT', message: 'stale', path: ['acceptCase'] });
    expect(
      errorFromGraphQL({ message: 'x', extensions: { code: 'NOT_FOUND' } }, 200),
    ).toBeInstanceOf(NotFoundError);
    expect(
      errorFromGraphQL({ message: 'x', extensions: { code: 'INVALID_TRANSITION' } }, 200),
    ).toBeInstanceOf(InvalidTransitionError);
  });

  it('gives VALIDATION its problems', () => {
    const error = errorFromGraphQL(
      {
        message: 'invalid',
        extensions: { code: 'VALIDATION', problems: [{ path: 'reason', message: 'required' }] },
      },
      200,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([{ path: 'reason', message: 'required' }]);
  });

  it('keeps an unknown code as a plain GatewayError, and reads a code-less answer by status', () => {
    const future = errorFromGraphQL({ message: 'x', extensions: { code: 'SOMETHING_NEW' } }, 200);
    expect(future.constructor).toBe(GatewayError);
    expect(future.code).toBe('SOMETHING_NEW');
    expect(errorFromStatus(429, '<html>slow down</html>')).toBeInstanceOf(RateLimitedError);
    expect(errorFromStatus(401, '')).toBeInstanceOf(UnauthenticatedError);
  });
});
