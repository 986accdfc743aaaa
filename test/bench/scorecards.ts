// A quarter's scorecard at volume: N synthetic cases (default 1,000,000) with their events,
// CSAT and QA are bulk-loaded with INSERT … SELECT generate_series into a dedicated database,
// the rollups are backfilled through the real path (rebuildRollups), then a vendor's
// quarter scorecard from the rollups (scorecardFromRollups in a system-scoped transaction)
// is timed next to the raw SQL GROUP BY over the same cases, in the same run.
//   pnpm bench scorecards [--cases 5000000] [--runs 30] [--keep]
import { parseArgs } from 'node:util';
import { createPrismaClient, systemScope, withScope } from '@bvg/db';
import { createTestDatabase } from '@bvg/db/testing';
import { loadContractTerms, rebuildRollups, scorecardFromRollups } from '@bvg/domain';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(values.cases);
const RUNS = Number(values.runs);
const quarter = { start: new Date('2026-07-01T00:00:00Z'), end: new Date('2026-10-01T00:00:00Z') };
const VENDORS = 5;
const CHUNK = 250_000;

const db = await createTestDatabase('bvg_bench_sc');
const ownerClient = createPrismaClient({ url: db.url, max: 1 });
// Statements one at a time (prepared statements take one each); results as plain rows.
const owner = {
  async query(sql: string, params: unknown[] = []): Promise<{ rows: Record<string, unknown>[] }> {
    const statements = sql
      .split(/;\s*\n/)
      .map((x) => x.trim())
      .filter(Boolean);
    let rows: Record<string, unknown>[] = [];
    for (const statement of statements)
      rows = await ownerClient.$queryRawUnsafe(statement, ...params);
    return { rows };
  },
  end: () => ownerClient.$disconnect(),
};
const seconds = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;

async function load() {
  await owner.query('SET synchronous_commit = off');
  await owner.query(`
    INSERT INTO "Region" (code, name) VALUES ('IN','India'),('MY','Malaysia'),('SG','Singapore'),('US','United States'),('EU','European Union');
    INSERT INTO "Scope" (code, name) VALUES ('GENERAL','General'),('ACCOUNT_ACCESS','Account access'),
      ('ACCOUNT_SECURITY','Account security'),('AGE_SUPPORT','Age support'),('APPEALS','Appeals'),('PLATFORM_INTEGRITY','Platform integrity');
    INSERT INTO "Vendor" (id, slug, name, kind, "updatedAt")
      SELECT md5('vendor' || v)::uuid, 'bench-' || v, 'Bench vendor ' || v, 'BPO', now() FROM generate_series(1, ${VENDORS}) v;
    INSERT INTO "Contract" (id, "vendorId", reference, "periodStart", "effectiveFrom", "periodEnd", "pricePerCaseMinor", "creditTerms", "updatedAt")
      SELECT md5('contract' || v)::uuid, md5('vendor' || v)::uuid, 'CTR-BENCH-' || v, '2026-07-01', '2026-07-01', '2026-09-30', 450,
             '{"shape":"PER_POINT","ratePerPointPct":1,"capPct":10}', now() FROM generate_series(1, ${VENDORS}) v;
    INSERT INTO "KpiTarget" ("contractId", kpi, target, weight)
      SELECT md5('contract' || v)::uuid, k.kpi, k.target, k.weight FROM generate_series(1, ${VENDORS}) v,
        (VALUES ('SLA_FIRST_RESPONSE', 95, 0.4), ('SLA_RESOLUTION', 90, 0.4), ('CSAT_AVERAGE', 4.2, 0.2)) k(kpi, target, weight);`);
  const span = (quarter.end.getTime() - quarter.start.getTime()) / 1000;
  for (let from = 1; from <= N; from += CHUNK) {
    const to = Math.min(N, from + CHUNK - 1);
    const t = performance.now();
    // Deterministic pseudo-random attributes from a hash of the case number.
    await owner.query('DROP TABLE IF EXISTS bench_src');
    await owner.query(`
      CREATE TEMP TABLE bench_src AS
      SELECT i, md5('case' || i)::uuid AS id, md5('vendor' || (1 + h % ${VENDORS}))::uuid AS vendor,
             (ARRAY['GENERAL','ACCOUNT_ACCESS','ACCOUNT_SECURITY','AGE_SUPPORT','APPEALS','PLATFORM_INTEGRITY'])[1 + (h / 7) % 6] AS scope,
             (ARRAY['IN','MY','SG','US','EU'])[1 + (h / 53) % 5] AS region,
             (ARRAY['P1','P2','P3','P4'])[1 + (h / 301) % 4]::"Priority" AS priority,
             t0, t0 + interval '60 minutes' AS fr_due, t0 + interval '24 hours' AS res_due,
             t0 + ((h / 1001) % 80 + 1) * interval '1 minute' AS responded,
             t0 + ((h / 3001) % 36 + 1) * interval '1 hour' AS resolved,
             (h / 11) % 10 < 7 AS fcr, 300 + (h / 13) % 900 AS handle, h
        FROM (SELECT i, ('x' || substr(md5(i::text), 1, 8))::bit(32)::bigint AS h,
                     timestamptz '${quarter.start.toISOString()}' + (i - 1) * interval '1 second' * ${span / N} AS t0
                FROM generate_series(${from}, ${to}) i) s`);
    await owner.query(`
      INSERT INTO "Case" (id, source, "externalRef", "regionCode", "scopeCode", channel, language, priority, status,
                          "subjectRef", "vendorId", version, "firstResponseDueAt", "resolutionDueAt", "firstResponseAt",
                          "resolvedAt", "closedAt", "firstContactResolution", "createdAt", "updatedAt")
      SELECT id, 'bench', 'B-' || i, region, scope, 'IN_APP', 'en', priority,
             (CASE WHEN resolved + interval '72 hours' < '${quarter.end.toISOString()}' THEN 'CLOSED'
                   WHEN resolved < '${quarter.end.toISOString()}' THEN 'RESOLVED' ELSE 'IN_PROGRESS' END)::"CaseStatus",
             'usr_' || (h % 100000), vendor, 6, fr_due, res_due, responded,
             CASE WHEN resolved < '${quarter.end.toISOString()}' THEN resolved END,
             CASE WHEN resolved + interval '72 hours' < '${quarter.end.toISOString()}' THEN resolved + interval '72 hours' END,
             CASE WHEN resolved < '${quarter.end.toISOString()}' THEN fcr END, t0, t0 FROM bench_src;
      INSERT INTO "Assignment" ("caseId", "vendorId", attempt, "residencyCheck", explanation, status, "offeredAt", "acceptedAt")
      SELECT id, vendor, 1, '{}', '{}', 'ACCEPTED', t0 + interval '2 seconds', t0 + interval '60 seconds' FROM bench_src;
      INSERT INTO "CaseEvent" ("caseId", "vendorId", type, "toStatus", version, "actorKind", "actorId", data, "occurredAt")
      SELECT id, CASE WHEN e.type = 'CREATED' THEN NULL ELSE vendor END, e.type::"CaseEventType", e.status::"CaseStatus",
             e.v, 'SYSTEM', 'bench', e.data, e.at
        FROM bench_src, LATERAL (VALUES
          ('CREATED', 'NEW', 1, '{}'::jsonb, t0),
          ('OFFERED', 'OFFERED', 2, '{}'::jsonb, t0 + interval '2 seconds'),
          ('ACCEPTED', 'ACCEPTED', 3, '{}'::jsonb, t0 + interval '60 seconds'),
          ('RESPONDED', 'IN_PROGRESS', 4, '{}'::jsonb, responded),
          ('RESOLVED', 'RESOLVED', 5, jsonb_build_object('firstContactResolution', fcr, 'handleSeconds', handle), resolved),
          ('CLOSED', 'CLOSED', 6, '{}'::jsonb, resolved + interval '72 hours')) e(type, status, v, data, at)
       WHERE e.at < '${quarter.end.toISOString()}';
      INSERT INTO "CsatResponse" ("caseId", "vendorId", score, "respondedAt")
      SELECT id, vendor, 1 + (h / 17) % 5, resolved + interval '2 hours' FROM bench_src
       WHERE h % 100 < 35 AND resolved < '${quarter.end.toISOString()}';
      INSERT INTO "QaEvaluation" ("caseId", "vendorId", "evaluatorKind", "evaluatorId", rubric, score, "criticalError", "evaluatedAt")
      SELECT id, vendor, k.kind::"EvaluatorKind", k.who, '[]', 60 + (h / k.div) % 40, (h / 19) % 40 = 0, resolved + interval '3 days'
        FROM bench_src, (VALUES ('VENDOR', 'qa-1', 23), ('INTERNAL', 'auditor-1', 29)) k(kind, who, div)
       WHERE h % 100 < 8 AND resolved < '${quarter.end.toISOString()}' AND (k.kind = 'VENDOR' OR h % 4 = 0);`);
    console.log(
      `loaded cases ${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')} in ${seconds(t)}`,
    );
  }
  const t = performance.now();
  await owner.query('VACUUM ANALYZE');
  console.log(`vacuum analyze in ${seconds(t)}`);
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
  return { p50: at(50), p95: at(95), max: s.at(-1)! };
}
const ms = (n: number) => `${n.toFixed(1).padStart(8)} ms`;
function report(name: string, samples: number[]) {
  const { p50, p95, max } = stats(samples);
  console.log(
    `${name.padEnd(58)} p50 ${ms(p50)}  p95 ${ms(p95)}  max ${ms(max)}  (${samples.length} runs)`,
  );
}
async function time(runs: number, body: () => Promise<unknown>): Promise<number[]> {
  await body(); // warm up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await body();
    out.push(performance.now() - t);
  }
  return out;
}

const app = createPrismaClient({ url: db.appUrl, max: 4 });
try {
  console.log(
    `── loading ${N.toLocaleString('en-US')} cases over ${quarter.start.toISOString().slice(0, 10)}..${quarter.end.toISOString().slice(0, 10)} ──`,
  );
  let t = performance.now();
  await load();
  const counts =
    await owner.query(`SELECT (SELECT count(*) FROM "Case") AS cases, (SELECT count(*) FROM "CaseEvent") AS events,
    pg_size_pretty(pg_database_size(current_database())) AS size`);
  console.log(`loaded in ${seconds(t)}:`, counts.rows[0]);

  console.log('── backfill (rebuildRollups, 7-day windows) ──');
  t = performance.now();
  const { cells } = await withScope(
    app,
    systemScope('bench backfill'),
    (tx) =>
      rebuildRollups(tx, {
        from: quarter.start,
        to: new Date('2026-10-03T00:00:00Z'),
        onProgress: ({ through, cells: n }) =>
          console.log(`  through ${through.toISOString().slice(0, 10)}: ${n} cells, ${seconds(t)}`),
      }),
    { timeout: 24 * 3600_000, maxWait: 60_000 },
  );
  console.log(`rollups: ${cells} cells in ${seconds(t)}`);
  await owner.query('VACUUM ANALYZE "ScorecardRollup"');

  const vendorId = String((await owner.query(`SELECT md5('vendor1')::text AS id`)).rows[0]!.id);
  const vendorCases = Number(
    (
      await owner.query(`SELECT count(*)::int AS n FROM "Case" WHERE "vendorId" = $1::uuid`, [
        vendorId,
      ])
    ).rows[0]?.n,
  );
  console.log(
    `\n── a quarter's scorecard for one vendor (${vendorCases.toLocaleString('en-US')} of its cases) ──`,
  );
  for (const groupBy of [[], ['SCOPE', 'REGION']] as const) {
    const label = groupBy.length ? `grouped by ${groupBy.join(' × ')}` : 'totals';
    const fromRollups = await time(RUNS, () =>
      withScope(app, systemScope('bench'), async (tx) =>
        scorecardFromRollups(tx, {
          vendorId,
          period: quarter,
          groupBy: [...groupBy],
          contract: await loadContractTerms(tx, vendorId, quarter),
          now: quarter.end,
        }),
      ),
    );
    report(`from rollups (scorecardFromRollups + contract), ${label}`, fromRollups);
    const keys = groupBy.length ? `c."scopeCode" || '|' || c."regionCode"` : "''";
    // The same additive figures straight from the cases and events: the baseline.
    const raw = await time(Math.min(RUNS, 10), () =>
      owner.query(
        `
        SELECT ${keys} AS k, count(*) AS assigned,
               count(*) FILTER (WHERE c."firstResponseDueAt" >= $2 AND c."firstResponseDueAt" < $3) AS fr_due,
               count(*) FILTER (WHERE c."firstResponseDueAt" >= $2 AND c."firstResponseDueAt" < $3 AND c."firstResponseAt" <= c."firstResponseDueAt") AS fr_met,
               count(*) FILTER (WHERE c."resolutionDueAt" >= $2 AND c."resolutionDueAt" < $3) AS res_due,
               count(*) FILTER (WHERE c."resolutionDueAt" >= $2 AND c."resolutionDueAt" < $3 AND c."resolvedAt" <= c."resolutionDueAt") AS res_met,
               count(*) FILTER (WHERE c."resolvedAt" >= $2 AND c."resolvedAt" < $3) AS resolved,
               count(*) FILTER (WHERE c."resolvedAt" >= $2 AND c."resolvedAt" < $3 AND c."firstContactResolution") AS fcr,
               avg((r.data->>'handleSeconds')::int) AS aht, avg(cs.score) AS csat,
               avg(q.score) AS qa,
               percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c."firstResponseAt" - a."offeredAt") / 60) AS frt_median
          FROM "Case" c JOIN "Assignment" a ON a."caseId" = c.id AND a."vendorId" = c."vendorId"
          LEFT JOIN "CaseEvent" r ON r."caseId" = c.id AND r.type = 'RESOLVED'
          LEFT JOIN "CsatResponse" cs ON cs."caseId" = c.id
          LEFT JOIN LATERAL (SELECT avg(score) AS score FROM "QaEvaluation" q WHERE q."caseId" = c.id) q ON true
         WHERE c."vendorId" = $1::uuid AND a."offeredAt" < $3 AND (c."closedAt" IS NULL OR c."closedAt" >= $2)
         GROUP BY 1`,
        [vendorId, quarter.start, quarter.end],
      ),
    );
    report(`raw SQL GROUP BY over the cases, ${label}`, raw);
  }
  const size = await owner.query(
    `SELECT count(*) AS cells, pg_size_pretty(pg_total_relation_size('"ScorecardRollup"')) AS size FROM "ScorecardRollup"`,
  );
  console.log('rollup table:', size.rows[0]);
} finally {
  await app.$disconnect();
  await owner.end();
  if (values.keep) console.log(`kept database ${db.name}`);
  else await db.drop();
}
