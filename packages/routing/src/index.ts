export type { BatchCase, CounterRef, DecideBatchInput, DecideBatchResult } from './decide-batch.ts';
export { decideBatch, intakeKey, splitKey } from './decide-batch.ts';
export type { RouteInput } from './decide-route.ts';
export { decideRoute, IN_HOUSE_DEFAULT_RULE_ID } from './decide-route.ts';
export type { EligibilityContext } from './eligibility.ts';
export {
  evaluateVendorEligibility,
  languageCovers,
  residencyRequirement,
} from './eligibility.ts';
export {
  CAPACITY_REASONS,
  checkManualAssignment,
  type ManualAssignmentCheck,
  type ManualAssignmentInput,
  OPS_ASSIGNMENT_RULE_ID,
} from './manual-assignment.ts';
export { matchMismatches, ruleMatches } from './match.ts';
export type {
  CapacityOverflow,
  DistributionDiff,
  DistributionEntry,
  NewlyUnroutableCase,
  SimulateInput,
  SimulationCase,
  SimulationResult,
  SimulationRun,
} from './simulate.ts';
export { simulate } from './simulate.ts';
export type { SampleMix } from './synthetic-sample.ts';
export { syntheticCases } from './synthetic-sample.ts';
export * from './types.ts';
export type {
  ExpectedVolume,
  Problem,
  ProblemCode,
  ValidationContext,
  ValidationResult,
} from './validate-ruleset.ts';
export { validateRuleset } from './validate-ruleset.ts';
export type { SplitCounts } from './weighted-split.ts';
export { pickWeightedTarget } from './weighted-split.ts';
