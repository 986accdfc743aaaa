import { createPrismaClient, type PrismaClient } from '@bvg/db';
import { createTestDatabase, type TestDatabase } from '@bvg/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** Every table the seed writes. */
const DIGESTED = [
  'Region',
  'Scope',
  'Vendor',
  'VendorSite',
  'VendorCertification',
  'VendorCapacity',
  'Contract',
  'SlaTarget',
  'KpiTarget',
  'DataAccessGrant',
  'ApiClient',
  'WebhookEndpoint',
  'WebhookSecret',
  'RoutingRuleset',
  'RoutingRule',
  'RoutingRuleTarget',
  'RoutingAllocation',
  'VendorDailyIntake',
  'Case',
  'CaseSubject',
  'Assignment',
  'CaseEvent',
  'CsatResponse',
  'QaEvaluation',
];

/** A digest of each table's rows, all columns (ids included; only the writing transaction's id left out). */
async function digest(sql: pg.Client): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of DIGESTED) {
    const { rows } = await sql.query<{ d: string }>(
      `SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) AS d
         FROM (SELECT to_jsonb(t) - 'changeTxid' AS x FROM "${table}" t) s`,
    );
    out[table] = rows[0]?.d ?? '';
  }
  return out;
}

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

  it('writes the same rows, every column of every table, when seeded twice', async () => {
    const [da, db] = await Promise.all([digest(a.sql), digest(b.sql)]);
    expect(Object.keys(da)).toHaveLength(DIGESTED.length);
    for (const table of DIGESTED) expect(da[table], table).toMatch(/^[0-9a-f]{32}$/);
    expect(db).toEqual(da);
  });

  it('has the partner vendors the demo needs', async () => {
    const vendors = await a.prisma.vendor.findMany({ include: { sites: true } });
    const bpo = vendors.filter((v) => v.kind === 'BPO');
    expect(bpo.length).toBeGreaterThanOrEqual(4);
    const hasSiteIn = (country: string) =>
      bpo.some((v) => v.sites.some((s) => s.countryCode === country));
    expect(hasSiteIn('IN')).toBe(true);
    expect(hasSiteIn('MY')).toBe(true);
    for (const { url } of await a.prisma.webhookEndpoint.findMany()) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:4100\/webhooks\/[a-z-]+$/);
    }
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

  it('tells each case story in order: versions never go back, each transition starting where the last ended', async () => {
    // As the system writes them: a routing outcome's ROUTED and OFFERED share one version, and
    // the SLA sweep's events carry the version the case had.
    const broken = await one<{ versions: number; chain: number; status: number; version: number }>(
      a.sql,
      `WITH e AS (
         SELECT "caseId", version, "fromStatus", "toStatus",
           lag(version) OVER (PARTITION BY "caseId" ORDER BY "occurredAt", version, id) AS before,
           lag("toStatus") OVER (PARTITION BY "caseId", ("toStatus" IS NOT NULL) ORDER BY "occurredAt", version, id) AS previous
         FROM "CaseEvent")
       SELECT
         (SELECT count(*)::int FROM e WHERE version < before OR (before IS NULL AND version <> 1)) AS versions,
         (SELECT count(*)::int FROM e WHERE "toStatus" IS NOT NULL AND previous IS DISTINCT FROM "fromStatus") AS chain,
         (SELECT count(*)::int FROM "Case" c WHERE c.status <> (SELECT "toStatus" FROM "CaseEvent" x
            WHERE x."caseId" = c.id AND x."toStatus" IS NOT NULL ORDER BY "occurredAt" DESC, version DESC, id DESC LIMIT 1)) AS status,
         (SELECT count(*)::int FROM "Case" c WHERE c.version <> (SELECT max(version) FROM "CaseEvent" x WHERE x."caseId" = c.id)) AS version`,
    );
    expect(broken).toEqual({ versions: 0, chain: 0, status: 0, version: 0 });
  });

  it("routed every case by the published ruleset, splitting shared work by the rules' weights", async () => {
    const outside = await one<{ n: number; assignments: number }>(
      a.sql,
      `SELECT count(*) FILTER (WHERE r."rulesetId" IS DISTINCT FROM s.id)::int AS n, count(*)::int AS assignments
         FROM "Assignment" x LEFT JOIN "RoutingRule" r ON r.id = x."ruleId"
         CROSS JOIN (SELECT id FROM "RoutingRuleset" WHERE status = 'PUBLISHED') s`,
    );
    expect(outside.assignments).toBeGreaterThan(5000);
    expect(outside.n).toBe(0);
    // The split counters are the engine's: each equals the weighted offers it made, and the
    // shares follow the weights (both targets stay eligible all quarter).
    const { rows } = await a.sql.query<{
      rule: string;
      weight: number;
      total: number;
      share: number;
      counted: number;
      offers: number;
    }>(
      `SELECT r.name AS rule, t.weight::float / sum(t.weight) OVER (PARTITION BY r.id) AS weight,
              al.assigned::int AS counted,
              (SELECT count(*)::int FROM "Assignment" x WHERE x."ruleId" = r.id AND x."vendorId" = t."vendorId"
                  AND x.explanation->>'summary' LIKE '%weighted split%') AS offers,
              al.assigned::float / sum(al.assigned) OVER (PARTITION BY r.id) AS share
         FROM "RoutingRule" r JOIN "RoutingRuleset" s ON s.id = r."rulesetId" AND s.status = 'PUBLISHED'
         JOIN "RoutingRuleTarget" t ON t."ruleId" = r.id
         JOIN "RoutingAllocation" al ON al."ruleId" = r.id AND al."vendorId" = t."vendorId"
        WHERE (SELECT count(*) FROM "RoutingRuleTarget" u WHERE u."ruleId" = r.id) > 1`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(6);
    // The contracted capacity covers what the engine gave every vendor on its busiest day.
    const over = await one<{ n: number }>(
      a.sql,
      `SELECT count(*)::int AS n FROM "VendorDailyIntake" i
         JOIN "VendorCapacity" c ON c."vendorId" = i."vendorId" AND c."scopeCode" = i."scopeCode"
        WHERE i.count > c."dailyIntakeCap"`,
    );
    expect(over.n).toBe(0);
    for (const row of rows) {
      expect(row.counted, row.rule).toBe(row.offers);
      expect(Math.abs(row.share - row.weight), row.rule).toBeLessThan(0.02);
    }
  });

  it('paused the resolution clock while waiting on the user, and breached clocks only while they ran', async () => {
    const pauses = await one<{ resumed: number; paused: number; breachedWhilePaused: number }>(
      a.sql,
      `SELECT
         (SELECT count(*)::int FROM "Case" WHERE "slaPausedSeconds" > 0) AS resumed,
         (SELECT count(*)::int FROM "Case" WHERE status = 'PENDING_USER' AND "slaPausedAt" IS NOT NULL) AS paused,
         (SELECT count(*)::int FROM "CaseEvent" b WHERE b.type = 'SLA_BREACHED' AND EXISTS (
            SELECT 1 FROM "CaseEvent" p WHERE p."caseId" = b."caseId" AND p.type = 'PENDING_USER' AND p."occurredAt" < b."occurredAt"
              AND NOT EXISTS (SELECT 1 FROM "CaseEvent" q WHERE q."caseId" = b."caseId" AND q.type = 'RESUMED'
                                AND q."occurredAt" > p."occurredAt" AND q."occurredAt" <= b."occurredAt"))) AS "breachedWhilePaused"`,
    );
    expect(pauses.resumed).toBeGreaterThan(100);
    expect(pauses.paused).toBeGreaterThan(0);
    expect(pauses.breachedWhilePaused).toBe(0);
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

describe('the demo data set with another seed', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase('bvg_seed');
    prisma = createPrismaClient({ url: db.url, max: 2 });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('scales with the intake rate and points the webhooks at the chosen receiver port', async () => {
    const summary = await seedDemoData(prisma, { seed: 7, casesPerDay: 10, receiverPort: 4321 });
    expect(summary.counts.Case).toBeGreaterThan(700);
    expect(summary.counts.Case).toBeLessThan(1150);
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    try {
      const urls = await sql.query<{ url: string }>(
        'SELECT url FROM "WebhookEndpoint" ORDER BY url',
      );
      expect(urls.rows.length).toBeGreaterThan(0);
      for (const { url } of urls.rows)
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:4321\/webhooks\/[a-z-]+$/);
    } finally {
      await sql.end();
    }
  });
});
