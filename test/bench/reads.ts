// The read path over HTTP at a fixed concurrency, next to a bare server in the same run:
//   (a) a partner's `cases(first: 50)` with subject fields,
//   (b) a partner's `case(id)` with its `events`,
//   (c) a vendor manager's quarter `scorecard` (from the rollups),
// each against the gateway (auth, limits, cost, row-level security, redaction, audit) and
// against a bare graphql-yoga + pg server answering the same rows from the same database
// (owner connection, no transaction, no checks): the floor for the process's own work.
// The database is the demo seed. The load runs in a worker thread (its own core), the servers
// in this process, one at a time.
//   pnpm bench reads [--seconds 8] [--concurrency 10] [--keep]
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { systemScope, withScope } from '@bvg/db';
import { seedDemoData } from '@bvg/demo-seed';
import { rebuildRollups } from '@bvg/domain';
import { createSchema, createYoga } from 'graphql-yoga';
import pg from 'pg';
import { startListeningGateway } from '../support/listening-gateway.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '10' },
  },
});
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const NOW = new Date('2026-10-01T00:00:00Z');
const UNLIMITED = '1000000000/60';

// The client side in a worker thread (plain fetch, keep-alive): the servers keep this thread.
const LOAD_WORKER = `
const { parentPort, workerData: w } = require('node:worker_threads');
(async () => {
  const body = JSON.stringify({ query: w.query, variables: w.variables });
  const headers = { 'content-type': 'application/json', ...(w.token ? { authorization: 'Bearer ' + w.token } : {}) };
  const latencies = [];
  let errors = 0, firstError = null, measuring = false;
  const warmUntil = performance.now() + 1000, stopAt = warmUntil + w.seconds * 1000;
  let measuredFrom = 0;
  async function client() {
    while (performance.now() < stopAt) {
      const t = performance.now();
      const res = await fetch(w.url, { method: 'POST', headers, body });
      const json = await res.json();
      const done = performance.now();
      if (t < warmUntil) continue;
      if (res.status !== 200 || json.errors || !json.data) { errors++; firstError ??= JSON.stringify(json).slice(0, 300); }
      latencies.push(done - t);
    }
  }
  await Promise.all(Array.from({ length: w.concurrency }, client));
  parentPort.postMessage({ latencies, errors, firstError, seconds: w.seconds });
})().catch((e) => parentPort.postMessage({ failed: String(e) }));
`;

const gw = await startListeningGateway({
  RATE_LIMIT_TIERS: `LOW=${UNLIMITED},STANDARD=${UNLIMITED},HIGH=${UNLIMITED}`,
  RATE_LIMIT_INTERNAL: UNLIMITED,
  LOG_LEVEL: 'error',
});
const { stack } = gw;
const bare = new pg.Pool({ connectionString: stack.db.url, max: 10 });
let bareServer: ReturnType<typeof createServer> | undefined;

try {
  const t = performance.now();
  await seedDemoData(stack.owner, { now: NOW });
  const quarter = { start: new Date('2026-07-01T00:00:00Z'), end: NOW };
  await withScope(
    stack.gateway.prisma,
    systemScope('bench rollups'),
    (tx) => rebuildRollups(tx, { from: quarter.start, to: quarter.end }),
    { timeout: 600_000 },
  );
  console.log(
    `seeded the demo data and its rollups in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  // The partner with the most cases, through its own API client.
  const [top] = await bare
    .query<{ vendorId: string; clientId: string }>(`
    SELECT c."vendorId", a."clientId" FROM "Case" c JOIN "Vendor" v ON v.id = c."vendorId"
      JOIN "ApiClient" a ON a."vendorId" = v.id
     WHERE v.kind = 'BPO' GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`)
    .then((r) => r.rows);
  const vendor = { id: top!.vendorId, clientId: top!.clientId };
  const partnerToken = await stack.vendorToken(vendor);
  const managerToken = await stack.internalToken(['vendor_manager']);
  const [withEvents] = await bare
    .query<{ caseId: string }>(
      `SELECT "caseId" FROM "CaseEvent" WHERE "vendorId" = $1 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      [vendor.id],
    )
    .then((r) => r.rows);
  const caseId = withEvents!.caseId;

  const queries = {
    list: `query { cases(first: 50) { edges { node { id region scope status priority createdAt
        subject { subjectRef displayName { value redaction } email { value redaction }
                  description { value redaction } } } } pageInfo { hasNextPage endCursor } } }`,
    case: `query($id: ID!) { case(id: $id) { id status version subject { email { value redaction } }
        events { id type fromStatus toStatus version actorKind occurredAt } } }`,
    scorecard: `query($vendorId: ID!, $start: DateTime!, $end: DateTime!) {
        scorecard(vendorId: $vendorId, period: { start: $start, end: $end }, source: ROLLUP) {
          vendorId vendorName source totals { key kpis { kpi actual target } } } }`,
  };
  const variables = {
    list: {},
    case: { id: caseId },
    scorecard: {
      vendorId: vendor.id,
      start: quarter.start.toISOString(),
      end: quarter.end.toISOString(),
    },
  };

  // The bare server: the same rows, read with one statement each, no checks.
  const bareSchema = createSchema({
    typeDefs: /* GraphQL */ `
      type Redactable { value: String, redaction: String }
      type Subject { subjectRef: String, displayName: Redactable, email: Redactable, description: Redactable }
      type Event { id: ID, type: String, fromStatus: String, toStatus: String, version: Int, actorKind: String, occurredAt: String }
      type Case { id: ID, region: String, scope: String, status: String, priority: String, createdAt: String, version: Int, subject: Subject, events: [Event] }
      type Edge { node: Case }
      type PageInfo { hasNextPage: Boolean, endCursor: String }
      type Connection { edges: [Edge], pageInfo: PageInfo }
      type Kpi { kpi: String, actual: Float, target: Float }
      type Row { key: String, kpis: [Kpi] }
      type Scorecard { vendorId: ID, vendorName: String, source: String, totals: Row }
      type Query {
        cases(first: Int): Connection
        case(id: ID!): Case
        scorecard(vendorId: ID!, period: PeriodInput, source: String): Scorecard
      }
      input PeriodInput { start: DateTime, end: DateTime }
      scalar DateTime`,
    resolvers: {
      Query: {
        cases: async (_: unknown, args: { first: number }) => {
          const { rows } = await bare.query(
            `SELECT c.*, s."displayName", s.email, s.description FROM "Case" c
               LEFT JOIN "CaseSubject" s ON s."caseId" = c.id
              WHERE c."vendorId" = $1 ORDER BY c."createdAt" DESC, c.id DESC LIMIT $2`,
            [vendor.id, args.first + 1],
          );
          return {
            edges: rows.slice(0, args.first).map((node) => ({ node })),
            pageInfo: { hasNextPage: rows.length > args.first, endCursor: rows.at(-1)?.id },
          };
        },
        case: async (_: unknown, args: { id: string }) => {
          const { rows } = await bare.query(
            `SELECT c.*, s."displayName", s.email, s.description FROM "Case" c
               LEFT JOIN "CaseSubject" s ON s."caseId" = c.id WHERE c.id = $1 AND c."vendorId" = $2`,
            [args.id, vendor.id],
          );
          return rows[0];
        },
        scorecard: async (_: unknown, args: { vendorId: string }) => {
          // The same rollup rows the gateway reads, summed key by key.
          const { rows } = await bare.query<{ name: string; cell: Record<string, unknown> }>(
            `SELECT v.name, r.cell FROM "Vendor" v
               JOIN "ScorecardRollup" r ON r."vendorId" = v.id AND r.day >= $2 AND r.day < $3
              WHERE v.id = $1`,
            [args.vendorId, quarter.start, quarter.end],
          );
          const sums = new Map<string, number>();
          for (const { cell } of rows) {
            for (const [k, v] of Object.entries(cell)) {
              if (typeof v === 'number') sums.set(k, (sums.get(k) ?? 0) + v);
            }
          }
          return {
            vendorId: args.vendorId,
            vendorName: rows[0]?.name,
            source: 'ROLLUP',
            totals: {
              key: 'TOTAL',
              kpis: [...sums].map(([kpi, actual]) => ({ kpi, actual, target: null })),
            },
          };
        },
      },
      Case: {
        region: (c: Record<string, unknown>) => c.regionCode,
        scope: (c: Record<string, unknown>) => c.scopeCode,
        subject: (c: Record<string, unknown>) => ({
          subjectRef: c.subjectRef,
          displayName: { value: c.displayName, redaction: null },
          email: { value: c.email, redaction: null },
          description: { value: c.description, redaction: null },
        }),
        events: async (c: { id: string }) =>
          (await bare.query(`SELECT * FROM "CaseEvent" WHERE "caseId" = $1 ORDER BY id`, [c.id]))
            .rows,
      },
    },
  });
  const bareYoga = createYoga({ schema: bareSchema, logging: false });
  bareServer = createServer(bareYoga);
  bareServer.listen(0, '127.0.0.1');
  await once(bareServer, 'listening');
  const bareBase = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`;

  const results: string[] = [];
  for (const name of ['list', 'case', 'scorecard'] as const) {
    const token = name === 'scorecard' ? managerToken : partnerToken;
    // The scorecard query's ROLLUP source is an enum on the gateway, a string on the bare one.
    const bareQuery = queries[name].replace('source: ROLLUP', 'source: "ROLLUP"');
    const gateway = await load(`${gw.base}/graphql`, queries[name], variables[name], token);
    const floor = await load(`${bareBase}/graphql`, bareQuery, variables[name], null);
    const line = (who: string, r: LoadResult) =>
      `  ${who.padEnd(9)} ${r.rps.toFixed(0).padStart(5)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  (${r.count} requests, ${r.errors} errors)`;
    results.push(
      `${name}:`,
      line('gateway', gateway),
      line('bare', floor),
      `  gateway/bare throughput ${((100 * gateway.rps) / floor.rps).toFixed(0)} %`,
    );
  }
  console.log(
    `\nreads bench: ${CONCURRENCY} concurrent connections, ${SECONDS} s each (after 1 s warm-up)\n`,
  );
  console.log(results.join('\n'));
} finally {
  if (bareServer) {
    bareServer.closeAllConnections();
    await new Promise((r) => bareServer!.close(r));
  }
  await bare.end();
  await gw.close();
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  count: number;
  errors: number;
}

async function load(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token: string | null,
): Promise<LoadResult> {
  const worker = new Worker(LOAD_WORKER, {
    eval: true,
    workerData: { url, query, variables, token, seconds: SECONDS, concurrency: CONCURRENCY },
  });
  const [message] = (await once(worker, 'message')) as [
    { latencies: number[]; errors: number; firstError: string | null; failed?: string },
  ];
  await worker.terminate();
  if (message.failed) throw new Error(message.failed);
  if (message.firstError) console.error(`errors from ${url}: ${message.firstError}`);
  const sorted = [...message.latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return {
    rps: sorted.length / SECONDS,
    p50: at(0.5),
    p99: at(0.99),
    count: sorted.length,
    errors: message.errors,
  };
}
