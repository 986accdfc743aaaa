export {
  type CreateApiClientInput,
  createApiClient,
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
