export {
  bookDecisions,
  bookManualAssignments,
  bookRoutes,
  type DueTimesFor,
  type NewCase,
  type RouteItem,
  routedEventData,
} from './book-routes.ts';
export {
  DEFAULT_OFFER_LEASE_MS,
  type RouteCaseExtras,
  type RouteCaseInput,
  type RouteCaseResult,
  routeCase,
  routeCaseWith,
} from './route-case.ts';
export { type CheckedPublishResult, type CheckedRuleset, routingAdmin } from './routing-admin.ts';
export {
  contractSlaTargets,
  defaultRoutingStateCache,
  type LoadRoutingStateOptions,
  loadRoutingState,
  loadRoutingStateWith,
  type PlatformSlaTargetRow,
  type PublishedRuleset,
  type RoutingState,
  RoutingStateCache,
  type UserClockTerms,
  type VendorTerms,
} from './routing-state.ts';
export {
  type CreateRoutingRulesetInput,
  createRoutingRuleset,
  type PublishResult,
  type PublishRoutingRulesetInput,
  publishRoutingRuleset,
  type RollbackRoutingRulesetInput,
  type RoutingChange,
  type RulesetProblem,
  type RulesetValidation,
  rollbackRoutingRuleset,
  type UpdateRoutingRulesetInput,
  updateRoutingRuleset,
  validateRoutingRuleset,
} from './ruleset-admin.ts';
export type { RuleInput } from './ruleset-rows.ts';
export {
  getRoutingRuleset,
  listRoutingRulesets,
  type RoutingRulesetView,
  type RoutingRuleView,
  type RulesetStatus,
} from './ruleset-views.ts';
export {
  compareShadow,
  type RecordShadowInput,
  recordShadowDecision,
  type ShadowComparison,
  type ShadowRecord,
  type StartShadowInput,
  startShadow,
} from './shadow.ts';
export {
  MAX_SIMULATION_CASES,
  type SimulateRoutingInput,
  type SimulateRoutingResult,
  type SimulationSource,
  simulateRouting,
} from './simulate-routing.ts';
export {
  UNROUTED_RETRY_BASE_MS,
  UNROUTED_RETRY_MAX_MS,
  type UnroutedExclusion,
  unroutedExclusions,
  unroutedRetryDelayMs,
} from './unrouted.ts';
export {
  listVendorRouting,
  type SetVendorCapacityInput,
  type SetVendorCertificationsInput,
  setVendorCapacity,
  setVendorCertifications,
  type VendorCapacityView,
  type VendorCertificationView,
  type VendorRoutingView,
} from './vendor-routing.ts';
