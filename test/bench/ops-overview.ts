// The operations board at volume: N open cases (default 100,000) across vendors, scopes,
// regions and statuses, on top of a resolved history (default 200,000), bulk-loaded with
// INSERT … SELECT generate_series into a dedicated database. Then, in the same run:
//   - operationsOverview as the gateway runs it (getOperationsOverview: one statement on the
//     application role's pool, row-level security on),
//   - the raw SQL aggregate it is built on (one GROUP BY on a bare pg client, owner role), with
//     the server's JIT setting and with JIT off (as the overview runs it),
//   - the shared 2 s cache a board refresh usually hits,
//   - the overview again without its partial index, to show what the index buys.
// The baseline (the raw aggregate run as the overview runs it) and the overview are measured
// back to back, with the load average before and after (the host is shared).
//   pnpm bench ops-overview [--open 100000] [--history 200000] [--runs 60] [--keep]
//   pnpm bench ops-overview --database <url of a database a --keep run left>   (no reload)
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { appRoleUrl, createPrismaClient } from '@bvg/db';
import { createTestDatabase } from '@bvg/db/testing';
import { createOverviewCache, getOperationsOverview } from '@bvg/domain';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    open: { type: 'string', default: '100000' },
    history: { type: 'string', default: '200000' },
    runs: { type: 'string', default: '60' },
    keep: { type: 'boolean', default: false },
    database: { type: 'string' },
  },
});
const OPEN = Number(values.open);
const HISTORY = Number(values.history);
const RUNS = Number(values.runs);
const VENDORS = 8;

const db = values.database
  ? { url: values.database, appUrl: appRoleUrl(values.database), drop: async () => {} }
  : await createTestDatabase('bvg_bench_ops');
const owner = new pg.Client({ connectionString: db.url });
await owner.connect();
const app = createPrismaClient({ url: db.appUrl, max: 2 });
const load1 = () =>
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}`;

const seconds = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;

async function load() {
  const t = performance.now();
  await owner.query('SET synchronous_commit = off');
  await owner.query(`
    INSERT INTO "Region" (code, name) VALUES ('IN','India'),('MY','Malaysia'),('SG','Singapore'),('US','United States'),('EU','European Union');
    INSERT INTO "Scope" (code, name) VALUES ('GENERAL','General'),('ACCOUNT_ACCESS','Account access'),
      ('ACCOUNT_SECURITY','Account security'),('AGE_SUPPORT','Age support'),('APPEALS','Appeals'),('PLATFORM_INTEGRITY','Platform integrity');
    INSERT INTO "Vendor" (id, slug, name, kind, "updatedAt")
      SELECT md5('vendor' || v)::uuid, 'bench-' || v, 'Bench vendor ' || v, 'BPO', now() FROM generate_series(1, ${VENDORS}) v;
    INSERT INTO "VendorCapacity" ("vendorId", "scopeCode", "openCaseCeiling", "dailyIntakeCap", "updatedAt")
      SELECT md5('vendor' || v)::uuid, s.code, 3000, 1000, now() FROM generate_series(1, ${VENDORS}) v, "Scope" s;`);
  // Open cases: created over the last 7 days, due from 2 days ago to 2 days ahead; 2% unrouted.
  // History: created 2 to 30 days ago and resolved 1 to 48 hours later (some in the last day).
  const insert = (from: number, to: number, open: boolean) => `
    INSERT INTO "Case" (id, source, "externalRef", "regionCode", "scopeCode", channel, language, priority, status,
                        "subjectRef", "vendorId", "firstResponseDueAt", "resolutionDueAt", "firstResponseAt",
                        "resolvedAt", "closedAt", "createdAt", "updatedAt")
    SELECT md5('case' || i)::uuid, 'bench', 'B-' || i,
           (ARRAY['IN','MY','SG','US','EU'])[1 + (h / 53) % 5],
           (ARRAY['GENERAL','ACCOUNT_ACCESS','ACCOUNT_SECURITY','AGE_SUPPORT','APPEALS','PLATFORM_INTEGRITY'])[1 + (h / 7) % 6],
           'IN_APP', 'en', (ARRAY['P1','P2','P3','P4'])[1 + (h / 301) % 4]::"Priority",
           ${
             open
               ? `CASE WHEN h % 50 = 0 THEN 'UNROUTED' ELSE (ARRAY['OFFERED','ACCEPTED','IN_PROGRESS','IN_PROGRESS','PENDING_USER','REOPENED'])[1 + (h / 17) % 6] END::"CaseStatus"`
               : `(CASE WHEN h % 3 = 0 THEN 'CLOSED' ELSE 'RESOLVED' END)::"CaseStatus"`
           },
           'user-' || (h % 100000),
           ${open ? `CASE WHEN h % 50 = 0 THEN NULL ELSE md5('vendor' || (1 + h % ${VENDORS}))::uuid END` : `md5('vendor' || (1 + h % ${VENDORS}))::uuid`},
           now() + ((h / 7919) % 5760 - 2880) * interval '1 minute' - interval '1 hour',
           now() + ((h / 7919) % 5760 - 2880) * interval '1 minute',
           ${open ? `CASE WHEN (h / 17) % 6 IN (2, 3, 4) THEN now() - interval '1 hour' END` : `created + interval '30 minutes'`},
           ${open ? 'NULL' : `created + ((h / 13) % 48 + 1) * interval '1 hour'`},
           NULL, created, now()
      FROM (SELECT i, ('x' || substr(md5(i::text), 1, 8))::bit(32)::bigint AS h,
                   now() - ${open ? '' : `interval '2 days' - `}((('x' || substr(md5('t' || i), 1, 8))::bit(32)::bigint % ${open ? 7 * 86400 : 28 * 86400}) * interval '1 second') AS created
              FROM generate_series(${from}, ${to}) i) s`;
  await owner.query(insert(1, OPEN, true));
  await owner.query(insert(OPEN + 1, OPEN + HISTORY, false));
  await owner.query('VACUUM ANALYZE "Case"');
  console.log(
    `loaded ${OPEN.toLocaleString()} open and ${HISTORY.toLocaleString()} resolved cases in ${seconds(t)}`,
  );
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
  return { p50: at(50), p95: at(95), max: s.at(-1)! };
}
const ms = (x: number) => `${x.toFixed(1).padStart(6)} ms`;

async function measure(name: string, fn: () => Promise<unknown>, runs = RUNS) {
  for (let i = 0; i < 5; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  const { p50, p95, max } = stats(samples);
  console.log(`${name.padEnd(62)} p50 ${ms(p50)}  p95 ${ms(p95)}  max ${ms(max)}  (${runs} runs)`);
}

/**
 * Several candidates measured in turns (one run of each, then again), so a shared host's load
 * weighs on each alike: the figures of one call compare with one another.
 */
async function measureInTurns(candidates: [string, () => Promise<unknown>][], runs = RUNS) {
  for (let i = 0; i < 5; i++) for (const [, fn] of candidates) await fn();
  const samples = candidates.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    for (const [k, [, fn]] of candidates.entries()) {
      const t = performance.now();
      await fn();
      samples[k]!.push(performance.now() - t);
    }
  }
  for (const [k, [name]] of candidates.entries()) {
    const { p50, p95, max } = stats(samples[k]!);
    console.log(
      `${name.padEnd(62)} p50 ${ms(p50)}  p95 ${ms(p95)}  max ${ms(max)}  (${runs} runs, in turns)`,
    );
  }
}

const RAW = `
  SELECT "vendorId", "scopeCode", "regionCode", status, count(*), min("createdAt"),
         count(*) FILTER (WHERE d >= now() AND d < now() + interval '30 minutes'),
         count(*) FILTER (WHERE d < now())
    FROM (SELECT "vendorId", "scopeCode", "regionCode", status, "createdAt",
                 CASE WHEN status = 'PENDING_USER' THEN NULL
                      WHEN "firstResponseAt" IS NULL THEN least("firstResponseDueAt", "resolutionDueAt")
                      ELSE "resolutionDueAt" END AS d
            FROM "Case" WHERE status NOT IN ('RESOLVED', 'CLOSED')) c
   GROUP BY 1, 2, 3, 4`;

try {
  if (!values.database) await load();
  const first = await getOperationsOverview(app, {});
  console.log(
    `overview: ${first.cells.length} cells, ${first.totals.open.toLocaleString()} open, ${first.totals.slaBreached.toLocaleString()} breached, ${first.totals.slaAtRisk.toLocaleString()} at risk; backlog ${first.backlog[0]!.backlog.toLocaleString()} → ${first.backlog.at(-1)!.backlog.toLocaleString()}`,
  );
  // The baseline and the overview back to back, on the settings the overview runs with.
  console.log(load1());
  await owner.query('SET jit = off');
  await owner.query('SET max_parallel_workers_per_gather = 0');
  await measureInTurns([
    ['raw SQL aggregate (JIT off, no parallel workers: as the overview)', () => owner.query(RAW)],
    [
      'operationsOverview (domain, app role, cells + capacity + backlog)',
      () => getOperationsOverview(app, {}),
    ],
  ]);
  console.log(load1());
  await owner.query('RESET jit');
  await owner.query('RESET max_parallel_workers_per_gather');
  await measure(
    'raw SQL aggregate (one GROUP BY, bare pg, owner, JIT as configured)',
    () => owner.query(RAW),
    20,
  );
  await owner.query('SET jit = off');
  await measure(
    'raw SQL aggregate (one GROUP BY, bare pg, owner, JIT off)',
    () => owner.query(RAW),
    20,
  );
  // The same code as a superuser, which row-level security does not apply to: what the
  // per-row policy check costs.
  const unscoped = createPrismaClient({ url: db.url, max: 1 });
  await measure(
    'operationsOverview as a superuser (no row-level security)',
    () => getOperationsOverview(unscoped, {}),
    20,
  );
  await unscoped.$disconnect();
  const cached = createOverviewCache(app);
  await measure(
    'operationsOverview through the shared 2 s cache (a board refresh)',
    () => cached({}),
    500,
  );
  // What the partial index buys; put back afterwards, so a kept database can be measured again.
  const [index] = (
    await owner.query<{ def: string }>(
      `SELECT pg_get_indexdef('"Case_open_overview_idx"'::regclass) AS def`,
    )
  ).rows;
  await owner.query('DROP INDEX "Case_open_overview_idx"');
  await owner.query('ANALYZE "Case"');
  await measure('raw SQL aggregate without Case_open_overview_idx', () => owner.query(RAW), 20);
  await measure(
    'operationsOverview without Case_open_overview_idx',
    () => getOperationsOverview(app, {}),
    20,
  );
  await owner.query(index!.def);
  await owner.query('ANALYZE "Case"');
  console.log(load1());
} finally {
  await app.$disconnect();
  await owner.end();
  if (values.keep) console.log(`kept database ${db.url}`);
  else await db.drop();
}
