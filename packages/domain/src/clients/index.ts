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
