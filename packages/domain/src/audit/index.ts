export { type AuditEntry, recordAudit, recordAuditMany, recordAuditSql } from './record-audit.ts';
