export { getVendor, listApiClients, listVendors } from './vendor-directory.ts';
export {
  failoverVendor,
  offboardVendor,
  setVendorState,
  VENDOR_STATES,
  type VendorStateResult,
} from './vendor-states.ts';
