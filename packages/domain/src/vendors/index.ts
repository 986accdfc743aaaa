export {
  failoverVendor,
  setVendorState,
  VENDOR_STATES,
  type VendorStateResult,
} from './vendor-states.ts';
