import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../migrate/run-migrations.ts';
import { createEmptyDatabase, type TestDatabase } from '../testing/test-database.ts';
import { compareSchemas } from './compare-schemas.ts';
import { expectedSchema, readDmmf } from './expected-schema.ts';
import { introspect } from './introspect.ts';

// Indexes that only SQL can express (partial indexes and the like) are declared here, by name.
const SQL_ONLY_INDEXES: string[] = [
  'OutboxMessage_pending_id_idx',
  'WebhookDelivery_due_idx',
  'Case_unrouted_idx',
  'Alert_open_dedupeKey_key',
  'Case_open_overview_idx',
  'Case_resolvedAt_idx',
  'Case_createdAt_cell_idx',
];

describe('the migrated database matches schema.prisma', () => {
  let db: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createEmptyDatabase('bvg_schema');
    await runMigrations(db.url);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('has every model, field (type and nullability), key, unique, index and enum', async () => {
    const expected = expectedSchema();
    const actual = await introspect(client);
    expect(Object.keys(expected.tables).length).toBeGreaterThan(30);
    expect(compareSchemas(expected, actual, { allowExtraIndexes: SQL_ONLY_INDEXES })).toEqual([]);
  });

  it('reports a dropped index, a loosened column and a changed type', async () => {
    await client.query('BEGIN');
    try {
      await client.query('DROP INDEX "Case_vendorId_status_resolutionDueAt_idx"');
      await client.query('ALTER TABLE "Case" ALTER COLUMN "subjectRef" DROP NOT NULL');
      await client.query('ALTER TABLE "Vendor" ALTER COLUMN "name" TYPE varchar(80)');
      const problems = compareSchemas(expectedSchema(), await introspect(client));
      expect(problems).toEqual(
        expect.arrayContaining([
          'index Case_vendorId_status_resolutionDueAt_idx on Case(vendorId,status,resolutionDueAt) is missing',
          'Case.subjectRef is nullable, schema says NOT NULL',
          'Vendor.name is character varying(80), schema says text',
        ]),
      );
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('reports a schema change that no migration made', async () => {
    const schemaText = (await import('node:fs')).readFileSync(
      new URL('../../../../schema/prisma/schema.prisma', import.meta.url),
      'utf8',
    );
    const changed = schemaText.replace(
      '  @@index([subjectRef])\n',
      '  @@index([subjectRef])\n  @@unique([subjectRef, createdAt])\n',
    );
    const problems = compareSchemas(expectedSchema(readDmmf(changed)), await introspect(client), {
      allowExtraIndexes: SQL_ONLY_INDEXES,
    });
    expect(problems).toEqual([
      'unique index Case_subjectRef_createdAt_key on Case(subjectRef,createdAt) is missing',
    ]);
  });
});
