import {
  type AccessTokenVerifier,
  AuthenticationError,
  type InternalTokenVerifier,
  type Principal,
} from '@bvg/auth';
import { decodeJwt } from 'jose';

export interface Authenticator {
  /** The principal behind the request's bearer token; null when it carries none. */
  authenticate(request: Request): Promise<Principal | null>;
}

/**
 * Routes a bearer token to the verifier of the issuer it names: our own access tokens
 * (partner systems) or the company's identity provider (internal principals). The
 * unverified `iss` only picks the verifier; the verifier checks everything.
 */
export function createAuthenticator(options: {
  accessTokens: AccessTokenVerifier;
  accessTokenIssuer: string;
  internalTokens: InternalTokenVerifier;
  internalIssuer: string;
}): Authenticator {
  return {
    async authenticate(request) {
      const header = request.headers.get('authorization');
      if (!header) return null;
      const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
      if (!match) throw new AuthenticationError('malformed');
      const token = match[1]!;
      let iss: unknown;
      try {
        iss = decodeJwt(token).iss;
      } catch {
        throw new AuthenticationError('malformed');
      }
      if (iss === options.accessTokenIssuer) return options.accessTokens.verify(token);
      if (iss === options.internalIssuer) return options.internalTokens.verify(token);
      throw new AuthenticationError('wrong_issuer');
    },
  };
}
