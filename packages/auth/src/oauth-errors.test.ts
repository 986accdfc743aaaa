import { describe, expect, it } from 'vitest';
import { type OAuthErrorCode, oauthErrorResponse } from './oauth-errors.ts';

const EXPECTED: [OAuthErrorCode, number][] = [
  ['invalid_request', 400],
  ['invalid_client', 401],
  ['invalid_grant', 400],
  ['unauthorized_client', 400],
  ['unsupported_grant_type', 400],
  ['invalid_scope', 400],
];

describe('OAuth error responses (RFC 6749 §5.2)', () => {
  it.each(EXPECTED)('%s answers %i with a JSON body that is never cached', async (code, status) => {
    const response = oauthErrorResponse(code, 'explained');
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(await response.json()).toEqual({ error: code, error_description: 'explained' });
  });

  it('challenges with Basic when the client tried HTTP Basic', () => {
    const response = oauthErrorResponse('invalid_client', 'no', { basicRealm: 'token' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="token"');
  });

  it('omits error_description when there is none', async () => {
    expect(await oauthErrorResponse('invalid_grant').json()).toEqual({ error: 'invalid_grant' });
  });
});
