export {
  checkDatabasePosture,
  type PostureReport,
  SECURED_TABLES,
  SHARED_TABLES,
} from './check-posture.ts';
export {
  type SqlStatement,
  type SqlTx,
  sqlTxOf,
  withScopedSql,
  withSystemSql,
  withTenantSql,
} from './scoped-sql.ts';
export {
  type DataScope,
  InvalidScopeError,
  isRetryableConflict,
  type ScopedTransactionOptions,
  type TenantTx,
  withScope,
  withSystem,
  withTenant,
} from './tenant-transaction.ts';
