// The one door to tenant data. Every read or write of a row-level-secured table goes through
// one of two entries, each a transaction whose first statement sets the scope PostgreSQL's
// policies read (default deny: a bare query sees no tenant rows):
//
//   withScope(prisma, scope, (tx) => …)      ORM work (Prisma) in an interactive transaction;
//                                            the default for domain code.
//   withScopedSql(prisma, scope, (sql) => …) hot hand-written SQL on the pg pool's plain
//                                            transaction (~4× less client CPU); intake, the
//                                            outbox relay, dispatch bookkeeping.
//
// The scope is a value: `tenantScope(vendorId)` (one vendor's rows) or `systemScope(reason)`
// (every tenant's). Domain code derives it from the actor (`withActorScope` in the domain's
// shared folder) rather than choosing it per caller; resolvers never import from here.
// `sqlTxOf(tx)` runs code written against `SqlTx` inside a `withScope` transaction; it opens
// nothing itself.
export {
  checkDatabasePosture,
  type PostureReport,
  SECURED_TABLES,
  SHARED_TABLES,
} from './check-posture.ts';
export { type SqlStatement, type SqlTx, sqlTxOf, withScopedSql } from './scoped-sql.ts';
export {
  type DataScope,
  InvalidScopeError,
  isRetryableConflict,
  type ScopedTransactionOptions,
  systemScope,
  type TenantTx,
  tenantScope,
  withScope,
} from './tenant-transaction.ts';
