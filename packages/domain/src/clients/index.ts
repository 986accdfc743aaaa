export {
  apiClientProblems,
  type CreateApiClientInput,
  createApiClient,
  type JwkSet,
  parseClientKeys,
  registerClientJwks,
  rotateClientSecret,
  setApiClientActive,
  setVendorActive,
} from './manage-clients.ts';
export {
  isRateLimitTier,
  RATE_LIMIT_TIERS,
  type SetApiClientRateLimitTierInput,
  setApiClientRateLimitTier,
} from './rate-limit-tier.ts';
export {
  decideRevocation,
  isAccessTokenRevoked,
  listRevokedAccessTokens,
  type RevokeAccessTokenInput,
  type RevokeAccessTokenResult,
  revokeAccessToken,
} from './revoke-access-token.ts';
