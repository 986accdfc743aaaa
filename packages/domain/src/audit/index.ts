export {
  type AuditEntry,
  recordAudit,
  recordAuditMany,
  recordAuditSql,
  toAuditRow,
} from './record-audit.ts';
