import { CLIENT_ASSERTION_ALGORITHMS } from './client-assertion.ts';
import { VENDOR_SCOPES } from './principal.ts';

/** Where the gateway serves its OAuth endpoints, relative to its issuer identifier. */
export const OAUTH_PATHS = {
  metadata: '/.well-known/oauth-authorization-server',
  token: '/oauth/token',
  revocation: '/oauth/revoke',
  jwks: '/.well-known/jwks.json',
} as const;

/**
 * RFC 8414 authorization server metadata: what a standard OAuth client library needs to talk
 * to the gateway without configuration beyond the issuer. Client credentials only, so there
 * is no authorization endpoint and `response_types_supported` (required by §2) is empty.
 */
export function authorizationServerMetadata(issuer: string) {
  const base = issuer.replace(/\/+$/, '');
  const authMethods = ['client_secret_basic', 'private_key_jwt'];
  const signingAlgs = [...CLIENT_ASSERTION_ALGORITHMS];
  return {
    issuer,
    token_endpoint: `${base}${OAUTH_PATHS.token}`,
    jwks_uri: `${base}${OAUTH_PATHS.jwks}`,
    revocation_endpoint: `${base}${OAUTH_PATHS.revocation}`,
    grant_types_supported: ['client_credentials'],
    response_types_supported: [] as string[],
    scopes_supported: [...VENDOR_SCOPES],
    token_endpoint_auth_methods_supported: authMethods,
    token_endpoint_auth_signing_alg_values_supported: signingAlgs,
    revocation_endpoint_auth_methods_supported: authMethods,
    revocation_endpoint_auth_signing_alg_values_supported: signingAlgs,
  };
}

/**
 * The metadata's path for `issuer` (RFC 8414 §3.1): the well-known segment goes before the
 * issuer's own path, if it has one.
 */
export function metadataPathFor(issuer: string): string {
  const path = new URL(issuer).pathname.replace(/\/+$/, '');
  return `${OAUTH_PATHS.metadata}${path}`;
}
