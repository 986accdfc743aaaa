// Contract versions are immutable in the database, not only in the domain code: a version's
// terms cannot be edited once written; the one change it takes is its end (effectiveTo).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';

let db: TestDatabase;
let client: pg.Client;
const vendorId = randomUUID();

/** Writes a version with an SLA target, a KPI target and a grant, in one transaction. */
async function writeVersion(
  reference: string,
  extra: (id: string) => Promise<void> = async () => {},
) {
  const id = randomUUID();
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO "Contract" (id, "vendorId", reference, "periodStart", "periodEnd", "effectiveFrom",
                             "pricePerCaseMinor", "creditTerms", "updatedAt")
     VALUES ($1, $2, $3, '2026-01-01', '2026-12-31', '2026-01-01', 500, '{"shape":"PER_STEP"}', now())`,
    [id, vendorId, reference],
  );
  await client.query(
    `INSERT INTO "SlaTarget" ("contractId", "firstResponseMinutes", "resolutionMinutes") VALUES ($1, 60, 480)`,
    [id],
  );
  await client.query(
    `INSERT INTO "KpiTarget" ("contractId", kpi, target) VALUES ($1, 'CSAT_AVERAGE', 4.2)`,
    [id],
  );
  await client.query(
    `INSERT INTO "DataAccessGrant" ("contractId", fields) VALUES ($1, ARRAY['SUBJECT_PII']::"CaseDataField"[])`,
    [id],
  );
  await extra(id);
  await client.query('COMMIT');
  return id;
}

async function refused(sql: string, params: unknown[]): Promise<pg.DatabaseError> {
  const error = await client.query(sql, params).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(pg.DatabaseError);
  return error as pg.DatabaseError;
}

const row = async (id: string) =>
  (
    await client.query(
      `SELECT "pricePerCaseMinor", "creditTerms", "effectiveTo",
              (SELECT count(*)::int FROM "SlaTarget" WHERE "contractId" = c.id) AS sla,
              (SELECT count(*)::int FROM "KpiTarget" WHERE "contractId" = c.id) AS kpi,
              (SELECT count(*)::int FROM "DataAccessGrant" WHERE "contractId" = c.id) AS grants
         FROM "Contract" c WHERE id = $1`,
      [id],
    )
  ).rows[0];

beforeAll(async () => {
  db = await createTestDatabase('bvg_contract');
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(
    `INSERT INTO "Vendor" (id, slug, name, kind, "updatedAt") VALUES ($1, 'v', 'Vendor', 'BPO', now())`,
    [vendorId],
  );
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

describe('a written contract version', () => {
  it('refuses an update of its terms with a clear error, and keeps them', async () => {
    const id = await writeVersion('CTR-TERMS');
    const before = await row(id);
    const price = await refused(
      `UPDATE "Contract" SET "pricePerCaseMinor" = 400, "creditTerms" = '{}' WHERE id = $1`,
      [id],
    );
    expect(price.message).toBe(
      'contract CTR-TERMS version 1 is immutable: creditTerms, pricePerCaseMinor cannot be changed',
    );
    expect(price.hint).toMatch(/^Amend the contract/);
    expect(price.code).toBe('23000');
    // Its start, and a change to a term that comes with a legitimate end, are terms too.
    await refused(`UPDATE "Contract" SET "effectiveFrom" = '2026-02-01' WHERE id = $1`, [id]);
    await refused(
      `UPDATE "Contract" SET "effectiveTo" = '2026-11-01', "maxMonthlyVolume" = 10 WHERE id = $1`,
      [id],
    );
    expect(await row(id)).toEqual(before);
  });

  it('refuses edits of its SLA targets, KPI targets and grants, and additions to them', async () => {
    const id = await writeVersion('CTR-DETAILS');
    const before = await row(id);
    const sla = await refused(
      `UPDATE "SlaTarget" SET "resolutionMinutes" = 999 WHERE "contractId" = $1`,
      [id],
    );
    expect(sla.message).toBe(
      `contract version ${id} is immutable: its SlaTarget rows cannot be changed`,
    );
    await refused(
      `INSERT INTO "KpiTarget" ("contractId", kpi, target) VALUES ($1, 'QA_SCORE', 90)`,
      [id],
    );
    await refused(`DELETE FROM "DataAccessGrant" WHERE "contractId" = $1`, [id]);
    expect(await row(id)).toEqual(before);
  });

  it('takes an end, brought earlier only, never later nor removed', async () => {
    const id = await writeVersion('CTR-END');
    await client.query(
      `UPDATE "Contract" SET "effectiveTo" = '2026-10-01', "updatedAt" = now() WHERE id = $1`,
      [id],
    );
    // A successor contract or offboarding may end it sooner.
    await client.query(`UPDATE "Contract" SET "effectiveTo" = '2026-09-01' WHERE id = $1`, [id]);
    const later = await refused(
      `UPDATE "Contract" SET "effectiveTo" = '2026-12-01' WHERE id = $1`,
      [id],
    );
    expect(later.message).toMatch(/a version's end can only be set or brought earlier$/);
    await refused(`UPDATE "Contract" SET "effectiveTo" = NULL WHERE id = $1`, [id]);
    expect((await row(id)).effectiveTo).toEqual(new Date('2026-09-01T00:00:00Z'));
  });

  it('may be completed by the transaction that writes it, and withdrawn whole', async () => {
    const id = await writeVersion('CTR-SEED', (id) =>
      client
        .query(`UPDATE "Contract" SET "maxMonthlyVolume" = 1000 WHERE id = $1`, [id])
        .then(() => {}),
    );
    await refused(`UPDATE "Contract" SET "maxMonthlyVolume" = 2000 WHERE id = $1`, [id]);
    await client.query(`DELETE FROM "Contract" WHERE id = $1`, [id]);
    expect(await row(id)).toBeUndefined();
    expect(
      (
        await client.query(`SELECT count(*)::int AS n FROM "SlaTarget" WHERE "contractId" = $1`, [
          id,
        ])
      ).rows[0].n,
    ).toBe(0);
  });
});
