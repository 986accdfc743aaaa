export type { Allowlist } from './address-policy.ts';
export {
  blockedAddressReason,
  createAllowlist,
  embeddedIpv4,
  isBlockedHostname,
  normalizeHostname,
} from './address-policy.ts';
export type {
  EgressClient,
  EgressClientOptions,
  EgressRequest,
  EgressResponse,
  HostResolver,
  ResolvedAddress,
} from './egress-client.ts';
export { createEgressClient } from './egress-client.ts';
export type { EgressBlockReason, EgressErrorCode } from './errors.ts';
export {
  EgressBlockedError,
  EgressError,
  EgressNetworkError,
  EgressTimeoutError,
} from './errors.ts';
export type { SignWebhookInput, WebhookHeaders } from './sign-webhook.ts';
export { generateWebhookSecret, signWebhook } from './sign-webhook.ts';
