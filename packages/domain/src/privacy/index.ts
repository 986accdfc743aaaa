export { type AuditFilter, listAuditEvents } from './audit-trail.ts';
export { type ErasureResult, erasedRef, eraseSubject } from './erase-subject.ts';
