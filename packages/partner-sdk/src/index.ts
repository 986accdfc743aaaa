// @bvg/partner-sdk: a typed client for partner systems of the BPO Vendor Gateway.
export {
  type CallOptions,
  createPartnerClient,
  DEFAULT_PAGE_SIZE,
  type PartnerCase,
  type PartnerCaseDetail,
  PartnerClient,
  type PartnerClientOptions,
  type PartnerScorecard,
  type PartnerWebhookDelivery,
  type Viewer,
} from './client.ts';
export {
  ConflictError,
  ForbiddenError,
  GatewayError,
  type GatewayErrorCode,
  type GraphQLErrorEntry,
  InvalidTransitionError,
  NotFoundError,
  type Problem,
  RateLimitedError,
  TokenRequestError,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
} from './errors.ts';
// Generated from the committed SDL: the operations' input, enum and result types, and the
// typed documents themselves (for `PartnerClient.execute`).
export * from './generated/graphql.ts';
export type { Page } from './paginate.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.ts';
export type {
  AccessToken,
  ClientCredentials,
  ClientSecretCredentials,
  PrivateKeyCredentials,
} from './token-source.ts';
export {
  type CaseAssignedEvent,
  type CaseMessageReceivedEvent,
  type CaseRecalledEvent,
  type CaseSlaWarningEvent,
  type CaseUpdatedEvent,
  verifyWebhook,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookHeaders,
  WebhookVerificationError,
} from './webhooks.ts';
