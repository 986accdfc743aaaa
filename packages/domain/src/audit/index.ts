export { type AuditEntry, recordAudit, recordAuditMany } from './record-audit.ts';
