export { caseStatusList } from './case-status/case-status-sql.ts';
export { appRoleUrl, createPrismaClient, type Db, type DbOptions, poolOf } from './client.ts';
export type { default as PrismaTypes } from './generated/pothos-types.ts';
export { getDatamodel } from './generated/pothos-types.ts';
export * from './generated/prisma/client.ts';
export { createGroupCommit } from './group-commit/group-commit.ts';
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
export * from './seed/index.ts';
export * from './tenancy/index.ts';
