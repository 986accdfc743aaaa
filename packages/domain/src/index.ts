export { type AuditEntry, recordAudit, recordAuditMany } from './audit/record-audit.ts';
export * as scorecards from './scorecards/index.ts';
export { type Actor, actorVendorId } from './shared/actor.ts';
export { DomainError, type DomainErrorCode, type Problem, validationError } from './shared/domain-error.ts';
