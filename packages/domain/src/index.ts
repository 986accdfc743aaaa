export * from './alerts/index.ts';
export { type AuditEntry, recordAudit, recordAuditMany } from './audit/index.ts';
export * from './case-control/index.ts';
export * from './cases/index.ts';
export * from './clients/index.ts';
export * from './conversations/index.ts';
export * from './dispatch/index.ts';
export * from './intake/index.ts';
export * from './offers/index.ts';
export * from './operations/index.ts';
export * from './privacy/index.ts';
export {
  CASE_PROBE_ACTION,
  type CaseProbeOutcome,
  DEFAULT_PROBE_ALERT_POLICY,
  type ProbeAlertPolicy,
  probeAlertDue,
  recordCaseProbes,
} from './probes/index.ts';
export * from './quality/index.ts';
export * from './routing/index.ts';
export * from './sandbox/index.ts';
export * from './scorecard-data/index.ts';
export { type Actor, actorVendorId } from './shared/actor.ts';
export {
  CaseNotFoundError,
  DomainError,
  DomainErrorCode,
  type Problem,
  validationError,
} from './shared/domain-error.ts';
export { type IdempotencyScope, requestHash, withIdempotency } from './shared/idempotency.ts';
export * from './sla/index.ts';
export {
  findTeam,
  isSpecialist,
  listActiveInHouseTeams,
  readSpecialistTeams,
  type Specialist,
  specialistTeams,
  type TeamRef,
} from './teams/index.ts';
export * from './tier2/index.ts';
export * from './vendors/index.ts';
