// The rollups kept per vendor × scope × region × day must give exactly the figures of a
// from-scratch computation over the case events, on the whole seeded quarter.
import {
  createPrismaClient,
  type PrismaClient,
  systemScope,
  type TenantTx,
  withScope,
} from '@bvg/db';
import { createTestDatabase, type TestDatabase } from '@bvg/db/testing';
import { seedDemoData } from '@bvg/demo-seed';
import {
  loadCaseFacts,
  loadContractTerms,
  rebuildRollups,
  scorecardFromRollups,
} from '@bvg/domain';
import { computeScorecard, EXACT_ROLLUP_KPIS } from '@bvg/scorecards';
import { createScorecardRollupHandler } from '@bvg/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let db: TestDatabase;
let owner: PrismaClient;
let app: PrismaClient;
const quarter = { start: new Date('2026-07-01T00:00:00Z'), end: new Date('2026-10-01T00:00:00Z') };
const sys = <T>(fn: (tx: TenantTx) => Promise<T>) =>
  withScope(app, systemScope('scorecard rollup test'), fn, { timeout: 300_000, maxWait: 30_000 });

beforeAll(async () => {
  db = await createTestDatabase('bvg_rollup');
  owner = createPrismaClient({ url: db.url });
  app = createPrismaClient({ url: db.appUrl, max: 2 });
  await seedDemoData(owner, { now: quarter.end });
  await sys((tx) => rebuildRollups(tx, { from: quarter.start, to: quarter.end }));
}, 300_000);
afterAll(async () => {
  await app?.$disconnect();
  await owner?.$disconnect();
  await db?.drop();
});

const ADDITIVE = EXACT_ROLLUP_KPIS;

describe('scorecard rollups on the seeded quarter', () => {
  it('give every additive KPI exactly as the from-scratch computation, per vendor and per scope × region', async () => {
    const vendors = await owner.vendor.findMany({ select: { id: true, slug: true } });
    expect(vendors.length).toBeGreaterThan(3);
    let compared = 0;
    for (const vendor of vendors) {
      const { exact, rolled } = await sys(async (tx) => {
        const contract = await loadContractTerms(tx, vendor.id, quarter);
        const facts = await loadCaseFacts(tx, { vendorId: vendor.id, period: quarter });
        const groupBy = ['SCOPE', 'REGION'] as const;
        return {
          exact: computeScorecard({
            facts,
            contract,
            period: quarter,
            groupBy: [...groupBy],
          }),
          rolled: await scorecardFromRollups(tx, {
            vendorId: vendor.id,
            period: quarter,
            groupBy: [...groupBy],
            contract,
          }),
        };
      });
      expect(rolled.rows.map((r) => r.key)).toEqual(
        exact.rows
          .filter(
            (r) =>
              r.kpis.volume.evidence.caseIds.length +
                (r.kpis.firstResponseSla.evidence.denominator ?? 0) +
                (r.kpis.resolutionSla.evidence.denominator ?? 0) >
              0,
          )
          .map((r) => r.key),
      );
      for (const [a, b] of [
        [exact.totals, rolled.totals],
        ...exact.rows.map((r) => [r, rolled.rows.find((x) => x.key === r.key)] as const),
      ] as const) {
        if (!b) continue;
        for (const kpi of ADDITIVE) {
          const e = a.kpis[kpi].evidence;
          const r = b.kpis[kpi].evidence;
          expect({ vendor: vendor.slug, row: a.key, kpi, d: r.denominator }).toEqual({
            vendor: vendor.slug,
            row: a.key,
            kpi,
            d: e.denominator,
          });
          // QA scores have one decimal: sums may differ in the last binary digit (addition order).
          expect(r.numerator, `${vendor.slug} ${a.key} ${kpi}`).toBeCloseTo(e.numerator, 6);
          expect(b.kpis[kpi].actual === null).toBe(a.kpis[kpi].actual === null);
          expect(b.kpis[kpi].status).toBe(a.kpis[kpi].status);
          compared++;
        }
      }
      expect(rolled.serviceCredits?.totalCents ?? null).toBe(
        exact.serviceCredits?.totalCents ?? null,
      );
    }
    expect(compared).toBeGreaterThan(500);
  }, 120_000);

  it('the worker job refreshing the cells of recently changed cases leaves them equal to the backfill', async () => {
    const before = await owner.scorecardRollup.findMany({
      orderBy: [{ vendorId: 'asc' }, { scopeCode: 'asc' }, { regionCode: 'asc' }, { day: 'asc' }],
    });
    const last = await owner.caseEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const handler = createScorecardRollupHandler(app, { batchSize: 300 });
    const result = await handler({ data: { afterEventId: String(last.id - 300n) } });
    expect(result).toMatchObject({ lastEventId: String(last.id), more: true });
    expect(result.cases).toBeGreaterThan(20);
    // The refresh also writes days after the quarter (due times beyond it); the backfill did not.
    const after = await owner.scorecardRollup.findMany({
      where: { day: { lt: quarter.end } },
      orderBy: [{ vendorId: 'asc' }, { scopeCode: 'asc' }, { regionCode: 'asc' }, { day: 'asc' }],
    });
    expect(after.map((r) => r.cell)).toEqual(before.map((r) => r.cell));
  }, 60_000);
});
