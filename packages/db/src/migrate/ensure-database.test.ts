import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseUrl, TEST_ADMIN_URL } from '../testing/test-database.ts';
import { ensureDatabase } from './ensure-database.ts';

const created: string[] = [];
afterEach(async () => {
  const admin = new pg.Client({ connectionString: TEST_ADMIN_URL });
  await admin.connect();
  try {
    for (const name of created.splice(0)) await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  } finally {
    await admin.end();
  }
});

describe('ensureDatabase', () => {
  it('creates a missing database once, so `pnpm migrate` and `pnpm seed` work on a fresh server', async () => {
    const name = `bvg_ensure_${randomBytes(4).toString('hex')}`;
    created.push(name);
    const url = databaseUrl(name);
    expect(await ensureDatabase(url)).toBe(true);
    expect(await ensureDatabase(url)).toBe(false);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    await client.end();
    expect(rows[0]?.db).toBe(name);
  });
});
