// A fresh, migrated PostgreSQL database per test file, cloned from a template in
// milliseconds (`CREATE DATABASE … TEMPLATE …`) so test files never share state.
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { appRoleUrl } from '../client.ts';
import { type MigrationFile, readMigrations, runMigrations } from '../migrate/run-migrations.ts';

/** The server tests run against; the local PostgreSQL of the build machines by default. */
export const TEST_ADMIN_URL =
  process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string, base = TEST_ADMIN_URL): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

const templateName = (migrations: MigrationFile[]) =>
  `bvg_tpl_${createHash('sha256')
    .update(migrations.map((m) => m.checksum).join(','))
    .digest('hex')
    .slice(0, 16)}`;

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates (once per migration set) the migrated template database and returns its name. */
export async function ensureTemplate(): Promise<string> {
  const migrations = await readMigrations();
  const name = templateName(migrations);
  await withAdmin(async (admin) => {
    // Several test processes may start at once: one builds the template, the others wait.
    await admin.query('SELECT pg_advisory_lock(4242001)');
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount === 0) {
        const building = `${name}_build`;
        await admin.query(`DROP DATABASE IF EXISTS ${building}`);
        await admin.query(`CREATE DATABASE ${building}`);
        await runMigrations(databaseUrl(building));
        await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      }
    } finally {
      await admin.query('SELECT pg_advisory_unlock(4242001)');
    }
  });
  return name;
}

export interface TestDatabase {
  name: string;
  /** Owner connection (migrations, seeding, test setup). */
  url: string;
  /** The application's connection: role `bvg_app`, bound by row-level security. */
  appUrl: string;
  drop(): Promise<void>;
}

/** An empty database (no migrations) — for tests of the migration runner itself. */
export async function createEmptyDatabase(prefix = 'bvg_t'): Promise<TestDatabase> {
  return createDatabase(prefix, null);
}

/** A migrated database cloned from the template. */
export async function createTestDatabase(prefix = 'bvg_t'): Promise<TestDatabase> {
  return createDatabase(prefix, await ensureTemplate());
}

async function createDatabase(prefix: string, template: string | null): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) =>
    admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`),
  );
  return {
    name,
    url: databaseUrl(name),
    appUrl: appRoleUrl(databaseUrl(name)),
    drop: () =>
      withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => {},
      ),
  };
}
