export * from './bulk/index.ts';
export { caseStatusList } from './case-status/case-status-sql.ts';
export { appRoleUrl, createPrismaClient, type Db, type DbOptions, poolOf } from './client.ts';
export * from './generated/prisma/client.ts';
export { createGroupCommit } from './group-commit/group-commit.ts';
export { ensureDatabase } from './migrate/ensure-database.ts';
export {
  MIGRATIONS_DIR,
  MigrationError,
  type MigrationFile,
  type MigrationResult,
  readMigrations,
  runMigrations,
} from './migrate/run-migrations.ts';
export { compareSchemas } from './schema-check/compare-schemas.ts';
export { expectedSchema, readDmmf } from './schema-check/expected-schema.ts';
export { introspect } from './schema-check/introspect.ts';
export * from './tenancy/index.ts';
