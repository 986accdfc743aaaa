export {
  type AccessTokenClaims,
  type AccessTokenVerifier,
  type AccessTokenVerifierOptions,
  createAccessTokenVerifier,
  type IssueAccessTokenInput,
  type IssuedAccessToken,
  issueAccessToken,
} from './access-token.ts';
export { describeAssertionRefusal, KEY_REFUSALS, type KeyRefusal } from './assertion-refusals.ts';
export {
  AUTHENTICATION_ERROR_MESSAGE,
  AuthenticationError,
  type AuthenticationFailureReason,
} from './authentication-error.ts';
export {
  authorizationServerMetadata,
  metadataPathFor,
  OAUTH_PATHS,
} from './authorization-server-metadata.ts';
export {
  CLIENT_ASSERTION_ALGORITHMS,
  ClientAssertionError,
  type ClientAssertionFailureReason,
  type InspectClientAssertionOptions,
  type InspectedClientAssertion,
  inspectClientAssertion,
  JWT_BEARER_ASSERTION_TYPE,
  peekAssertionIssuer,
  RedisReplayStore,
  type ReplayStore,
  type VerifiedClientAssertion,
  type VerifyClientAssertionOptions,
  verifyClientAssertion,
} from './client-assertion.ts';
export {
  type AdmitClaim,
  type AuthenticatedClient,
  type ClaimedClient,
  type ClientAuthenticationDeps,
  type ClientAuthenticator,
  createClientAuthenticator,
  readOAuthForm,
} from './client-authentication.ts';
export {
  CLIENT_SECRET_PREFIX,
  DEFAULT_SCRYPT_PARAMS,
  generateClientSecret,
  hashClientSecret,
  type ScryptParams,
  type StoredClientSecret,
  verifyAgainstAny,
  verifyClientSecret,
} from './client-secret.ts';
export {
  createDevIssuer,
  createInternalTokenVerifier,
  type DevIssuer,
  type DevIssuerOptions,
  INTERNAL_TOKEN_ALGORITHMS,
  type InternalTokenVerifier,
  type InternalTokenVerifierOptions,
  knownRoles,
  teamSlugs,
} from './internal-tokens.ts';
export { LruCache } from './lru-cache.ts';
export {
  NO_STORE_HEADERS,
  OAUTH_ERROR_STATUS,
  OAuthError,
  type OAuthErrorCode,
  type OAuthErrorResponseOptions,
  oauthErrorResponse,
} from './oauth-errors.ts';
export {
  CONSOLE_ROLES,
  type ConsoleRole,
  INTERNAL_ROLES,
  type InternalPrincipal,
  type InternalRole,
  isInternalRole,
  isVendorScope,
  type Principal,
  VENDOR_SCOPES,
  type VendorPrincipal,
  type VendorScope,
} from './principal.ts';
export { readLimitedBody } from './read-limited-body.ts';
export {
  createRevocationEndpoint,
  type RevocationEndpointDeps,
  type RevocationRequest,
  type RevocationRequestFailure,
  RevocationUnavailableError,
  TOKEN_TYPE_HINTS,
  type TokenTypeHint,
} from './revocation-endpoint.ts';
export {
  currentSigningKey,
  GATEWAY_SIGNING_ALG,
  type GatewaySigningAlg,
  generateSigningKey,
  KeyRing,
  type KeyRingOptions,
  type KeyUpdate,
  MemorySigningKeyStore,
  NoSigningKeyError,
  planRotation,
  publishedJwks,
  type RotationOptions,
  type RotationPlan,
  type SigningKeyHandle,
  type SigningKeyStore,
  type StoredKey,
  type VerificationKeyHandle,
} from './signing-keys.ts';
export {
  type ClientAuthMethod,
  createTokenEndpoint,
  grantScopes,
  parseBasicCredentials,
  type TokenEndpointClient,
  type TokenEndpointDeps,
  type TokenIssued,
  type TokenRequestFailure,
} from './token-endpoint.ts';
