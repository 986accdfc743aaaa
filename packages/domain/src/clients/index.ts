export {
  type CreateApiClientInput,
  createApiClient,
  registerClientJwks,
  rotateClientSecret,
  setApiClientActive,
  setVendorActive,
} from './manage-clients.ts';
