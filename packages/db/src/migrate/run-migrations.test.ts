import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmptyDatabase, type TestDatabase } from '../testing/test-database.ts';
import { MigrationError, readMigrations, runMigrations } from './run-migrations.ts';

const dbs: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((d) => d.drop()));
});

async function migrationsDir(files: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'bvg-migrations-'));
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('runMigrations', () => {
  it('applies the project migrations once and records them as Prisma does', async () => {
    const db = await createEmptyDatabase('bvg_mig');
    dbs.push(db);
    const first = await runMigrations(db.url);
    const files = await readMigrations();
    expect(first.applied).toEqual(files.map((f) => f.name));
    const second = await runMigrations(db.url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(files.map((f) => f.name));

    const rows = await query<{
      migration_name: string;
      checksum: string;
      applied_steps_count: number;
      finished_at: Date | null;
    }>(
      db.url,
      'SELECT migration_name, checksum, applied_steps_count, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    expect(rows.map((r) => r.checksum)).toEqual(files.map((f) => f.checksum));
    expect(rows.every((r) => r.applied_steps_count === 1 && r.finished_at !== null)).toBe(true);
  });

  it('rolls a failing migration back whole and records nothing for it', async () => {
    const db = await createEmptyDatabase('bvg_mig');
    dbs.push(db);
    const dir = await migrationsDir({
      '001_ok': 'CREATE TABLE a (id int primary key);',
      '002_broken': 'CREATE TABLE b (id int primary key); SELECT * FROM no_such_table;',
    });
    await expect(runMigrations(db.url, { dir })).rejects.toThrow(
      /002_broken failed and was rolled back/,
    );
    const tables = await query<{ tablename: string }>(
      db.url,
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    expect(tables.map((t) => t.tablename)).toEqual(['_prisma_migrations', 'a']);
  });

  it('refuses to continue when an applied migration was edited', async () => {
    const db = await createEmptyDatabase('bvg_mig');
    dbs.push(db);
    const dir = await migrationsDir({ '001_ok': 'CREATE TABLE a (id int primary key);' });
    await runMigrations(db.url, { dir });
    await writeFile(
      join(dir, '001_ok', 'migration.sql'),
      'CREATE TABLE a (id bigint primary key);',
    );
    await expect(runMigrations(db.url, { dir })).rejects.toBeInstanceOf(MigrationError);
  });

  it('lets concurrent runners apply each migration exactly once', async () => {
    const db = await createEmptyDatabase('bvg_mig');
    dbs.push(db);
    const results = await Promise.all([
      runMigrations(db.url),
      runMigrations(db.url),
      runMigrations(db.url),
    ]);
    const files = await readMigrations();
    expect(results.flatMap((r) => r.applied).sort()).toEqual(files.map((f) => f.name).sort());
  });
});
