export {
  type CreateApiClientInput,
  createApiClient,
  registerClientJwks,
  rotateClientSecret,
  setApiClientActive,
  setVendorActive,
} from './manage-clients.ts';
export {
  decideRevocation,
  isAccessTokenRevoked,
  listRevokedAccessTokens,
  type RevokeAccessTokenInput,
  type RevokeAccessTokenResult,
  revokeAccessToken,
} from './revoke-access-token.ts';
