import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../client.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { buildHistory } from './build-history.ts';
import { historyQuarter } from './demo-period.ts';
import { type SeedSummary, seedDemoData } from './index.ts';

interface Seeded {
  db: TestDatabase;
  prisma: PrismaClient;
  sql: pg.Client;
  summary: SeedSummary;
}

async function seeded(): Promise<Seeded> {
  const db = await createTestDatabase('bvg_seed');
  const prisma = createPrismaClient({ url: db.url, max: 2 });
  const summary = await seedDemoData(prisma, { seed: 42 });
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  return { db, prisma, sql, summary };
}

const one = async <T>(sql: pg.Client, text: string): Promise<T> => {
  const { rows } = await sql.query(text);
  return rows[0] as T;
};

/** A fingerprint of what a user of the data would see: every case, its history and feedback. */
const fingerprint = (sql: pg.Client) =>
  one<Record<string, string>>(
    sql,
    `SELECT
      (SELECT md5(string_agg(concat_ws('|', c.id, c.status, c.version, c."vendorId", c."createdAt", c."resolvedAt",
          (SELECT count(*) FROM "CaseEvent" e WHERE e."caseId" = c.id)), ',' ORDER BY c.id)) FROM "Case" c) AS cases,
      (SELECT md5(string_agg(concat_ws('|', "caseId", version, type, "occurredAt", data::text), ',' ORDER BY "caseId", version)) FROM "CaseEvent") AS events,
      (SELECT md5(string_agg(concat_ws('|', id, "caseId", attempt, "vendorId", status), ',' ORDER BY id)) FROM "Assignment") AS assignments,
      (SELECT md5(string_agg(concat_ws('|', "caseId", email, "displayName", description), ',' ORDER BY "caseId")) FROM "CaseSubject") AS subjects,
      (SELECT md5(string_agg(concat_ws('|', id, score, "respondedAt"), ',' ORDER BY id)) FROM "CsatResponse") AS csat,
      (SELECT md5(string_agg(concat_ws('|', id, score, rubric::text), ',' ORDER BY id)) FROM "QaEvaluation") AS qa,
      (SELECT md5(string_agg(concat_ws('|', id, secret), ',' ORDER BY id)) FROM "WebhookSecret") AS secrets,
      (SELECT md5(string_agg(concat_ws('|', id, reference, "creditTerms"::text), ',' ORDER BY id)) FROM "Contract") AS contracts`,
  );

describe('the demo data set', () => {
  let a: Seeded;
  let b: Seeded;

  beforeAll(async () => {
    [a, b] = await Promise.all([seeded(), seeded()]);
  }, 120_000);

  afterAll(async () => {
    for (const s of [a, b]) {
      if (s === undefined) continue;
      await s.sql.end();
      await s.prisma.$disconnect();
      await s.db.drop();
    }
  });

  it('is the same, ids included, when seeded twice with the same seed', async () => {
    expect(a.summary.seeded).toBe(true);
    expect(b.summary.counts).toEqual(a.summary.counts);
    const [fa, fb] = await Promise.all([fingerprint(a.sql), fingerprint(b.sql)]);
    expect(fb).toEqual(fa);
  });

  it('has the partner vendors the demo needs', async () => {
    const vendors = await a.prisma.vendor.findMany({ include: { sites: true } });
    const bpo = vendors.filter((v) => v.kind === 'BPO');
    expect(bpo.length).toBeGreaterThanOrEqual(4);
    const hasSiteIn = (country: string) =>
      bpo.some((v) => v.sites.some((s) => s.countryCode === country));
    expect(hasSiteIn('IN')).toBe(true);
    expect(hasSiteIn('MY')).toBe(true);
    expect(bpo.some((v) => v.usDataCleared)).toBe(true);
    expect(bpo.some((v) => v.gdprAgreement)).toBe(true);
    expect(vendors.filter((v) => v.kind === 'IN_HOUSE')).toHaveLength(1);
    // Partner systems get clients but no usable secret until one is minted for them.
    expect(await a.prisma.apiClient.count()).toBe(bpo.length);
    expect(await a.prisma.apiClientSecret.count()).toBe(0);
    const secrets = await a.prisma.webhookSecret.findMany();
    expect(secrets).toHaveLength(bpo.length);
    for (const { secret } of secrets) {
      expect(Buffer.from(secret.replace(/^whsec_/, ''), 'base64')).toHaveLength(32);
    }
  });

  it('has a quarter of history with breaches, escalations, reopens and a backlog', async () => {
    const counts = await one<{
      cases: number;
      withoutEvents: number;
      breaches: number;
      escalations: number;
      reopens: number;
      rejections: number;
      open: number;
      resolved: number;
      csat: number;
      internalQa: number;
      first: Date;
      last: Date;
    }>(
      a.sql,
      `SELECT
        (SELECT count(*)::int FROM "Case") AS cases,
        (SELECT count(*)::int FROM "Case" c WHERE NOT EXISTS (SELECT 1 FROM "CaseEvent" e WHERE e."caseId" = c.id)) AS "withoutEvents",
        (SELECT count(*)::int FROM "CaseEvent" WHERE type = 'SLA_BREACHED') AS breaches,
        (SELECT count(*)::int FROM "CaseEvent" WHERE type = 'ESCALATED') AS escalations,
        (SELECT count(*)::int FROM "CaseEvent" WHERE type = 'REOPENED') AS reopens,
        (SELECT count(*)::int FROM "CaseEvent" WHERE type = 'REJECTED') AS rejections,
        (SELECT count(*)::int FROM "Case" WHERE status NOT IN ('RESOLVED', 'CLOSED')) AS open,
        (SELECT count(*)::int FROM "Case" WHERE status IN ('RESOLVED', 'CLOSED')) AS resolved,
        (SELECT count(*)::int FROM "CsatResponse") AS csat,
        (SELECT count(*)::int FROM "QaEvaluation" WHERE "evaluatorKind" = 'INTERNAL') AS "internalQa",
        (SELECT min("createdAt") FROM "Case") AS first,
        (SELECT max("createdAt") FROM "Case") AS last`,
    );
    expect(counts.cases).toBeGreaterThanOrEqual(5000);
    expect(counts.withoutEvents).toBe(0);
    expect(counts.breaches).toBeGreaterThan(0);
    expect(counts.escalations / counts.cases).toBeGreaterThan(0.02);
    expect(counts.reopens / counts.cases).toBeGreaterThan(0.01);
    expect(counts.rejections).toBeGreaterThan(0);
    expect(counts.open).toBeGreaterThan(0);
    expect(counts.csat / counts.resolved).toBeGreaterThan(0.25);
    expect(counts.internalQa).toBeGreaterThan(0);
    expect(counts.first.toISOString()).toMatch(/^2026-07-01/);
    expect(counts.last.toISOString()).toMatch(/^2026-09-30/);
  });

  it('never sent a US case to a vendor without US clearance, nor an EU case without a GDPR agreement', async () => {
    const violations = await one<{ us: number; eu: number }>(
      a.sql,
      `SELECT
        count(*) FILTER (WHERE c."regionCode" = 'US' AND NOT v."usDataCleared")::int AS us,
        count(*) FILTER (WHERE c."regionCode" = 'EU' AND NOT v."gdprAgreement")::int AS eu
       FROM "Assignment" a JOIN "Case" c ON c.id = a."caseId" JOIN "Vendor" v ON v.id = a."vendorId"`,
    );
    expect(violations).toEqual({ us: 0, eu: 0 });
  });

  it('gave every minor-safety case to the in-house team', async () => {
    const rows = await a.sql.query(
      `SELECT DISTINCT v.kind FROM "Assignment" a JOIN "Case" c ON c.id = a."caseId"
       JOIN "Vendor" v ON v.id = a."vendorId" WHERE c."scopeCode" = 'MINOR_SAFETY'`,
    );
    expect(rows.rows).toEqual([{ kind: 'IN_HOUSE' }]);
  });

  it('tells each case story in order: versions 1..n, each transition starting where the last ended', async () => {
    const broken = await one<{ versions: number; chain: number; status: number }>(
      a.sql,
      `WITH e AS (
         SELECT "caseId", version, "fromStatus", "toStatus",
           row_number() OVER (PARTITION BY "caseId" ORDER BY "occurredAt", version) AS n,
           lag("toStatus") OVER (PARTITION BY "caseId", ("toStatus" IS NOT NULL) ORDER BY version) AS previous
         FROM "CaseEvent")
       SELECT
         (SELECT count(*)::int FROM e WHERE version <> n) AS versions,
         (SELECT count(*)::int FROM e WHERE "toStatus" IS NOT NULL AND previous IS DISTINCT FROM "fromStatus") AS chain,
         (SELECT count(*)::int FROM "Case" c WHERE c.status <> (SELECT "toStatus" FROM "CaseEvent" x
            WHERE x."caseId" = c.id AND x."toStatus" IS NOT NULL ORDER BY version DESC LIMIT 1)) AS status`,
    );
    expect(broken).toEqual({ versions: 0, chain: 0, status: 0 });
  });

  it('makes the overflow partner visibly worse on SLA and CSAT', async () => {
    const { rows } = await a.sql.query<{ slug: string; met: number; csat: number }>(
      `SELECT v.slug,
         avg(CASE WHEN c."firstResponseAt" <= c."firstResponseDueAt" THEN 1.0 ELSE 0 END)::float AS met,
         (SELECT avg(score)::float FROM "CsatResponse" r WHERE r."vendorId" = v.id) AS csat
       FROM "Case" c JOIN "Vendor" v ON v.id = c."vendorId"
       WHERE c."firstResponseAt" IS NOT NULL AND v.kind = 'BPO' GROUP BY v.id, v.slug`,
    );
    const weak = rows.find((r) => r.slug === 'pacific-bridge');
    const others = rows.filter((r) => r.slug !== 'pacific-bridge');
    expect(weak).toBeDefined();
    for (const other of others) {
      expect(other.met - (weak?.met ?? 1)).toBeGreaterThan(0.05);
      expect(other.csat - (weak?.csat ?? 5)).toBeGreaterThan(0.2);
    }
  });

  it('publishes a ruleset whose rules cover every region and scope', async () => {
    const published = await a.prisma.routingRuleset.findMany({
      where: { status: 'PUBLISHED' },
      include: { rules: true },
    });
    expect(published).toHaveLength(1);
    const rules = published[0]?.rules ?? [];
    const regions = await a.prisma.region.findMany();
    const scopes = await a.prisma.scope.findMany();
    const allows = (match: unknown, attribute: string, value: string) => {
      const allowed = (match as Record<string, string[] | undefined>)[attribute];
      return allowed === undefined || allowed.includes(value);
    };
    for (const region of regions) {
      for (const scope of scopes) {
        const covered = rules.some(
          (r) => allows(r.match, 'region', region.code) && allows(r.match, 'scope', scope.code),
        );
        expect(covered, `${region.code} × ${scope.code}`).toBe(true);
      }
    }
    expect(await a.prisma.routingRuleset.count({ where: { status: 'DRAFT' } })).toBe(1);
  });

  it('does nothing when seeded again', async () => {
    const before = await fingerprint(a.sql);
    const again = await seedDemoData(a.prisma, { seed: 42 });
    expect(again.seeded).toBe(false);
    expect(again.message).toMatch(/already present/);
    expect(await fingerprint(a.sql)).toEqual(before);
  });
});

describe('the history generator', () => {
  const period = historyQuarter(new Date('2026-10-01T00:00:00Z'));

  it('depends on the seed and on nothing else', () => {
    const once = buildHistory({ seed: 7, period, casesPerDay: 10 });
    const twice = buildHistory({ seed: 7, period, casesPerDay: 10 });
    const other = buildHistory({ seed: 8, period, casesPerDay: 10 });
    const json = (rows: object) =>
      JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    expect(json(twice)).toBe(json(once));
    expect(json(other.cases)).not.toBe(json(once.cases));
  });

  it('scales with the intake rate', () => {
    const small = buildHistory({ seed: 1, period, casesPerDay: 10 });
    expect(small.cases.length).toBeGreaterThan(700);
    expect(small.cases.length).toBeLessThan(1150);
  });
});
