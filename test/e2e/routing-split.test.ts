// Splits that hold across processes: 10,000 decisions by two separate Node processes sharing
// one database, through a 60/40 rule and a 50/30/20 rule. Every vendor's share must be
// within ±1% of its weight, and the counters must agree with the cases actually offered.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPrismaClient, type PrismaClient, systemScope, withScope } from '@bvg/db';
import { createTestDatabase, type TestDatabase } from '@bvg/db/testing';
import { createRoutingRuleset, publishRoutingRuleset } from '@bvg/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TEST_DIR = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = 'split-test';
const CASES = 10_000;

let db: TestDatabase;
let owner: PrismaClient;
let app: PrismaClient;
const vendors: Record<string, string> = {};
const rules: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase('bvg_split');
  owner = createPrismaClient({ url: db.url, max: 2 });
  app = createPrismaClient({ url: db.appUrl, max: 2 });
  await owner.region.createMany({
    data: [
      { code: 'IN', name: 'India' },
      { code: 'MY', name: 'Malaysia' },
    ],
  });
  await owner.scope.create({ data: { code: 'GENERAL', name: 'General' } });
  for (const slug of ['lotus', 'pacific', 'straits', 'harbor', 'orchid']) {
    const v = await owner.vendor.create({ data: { slug, name: slug, kind: 'BPO' } });
    vendors[slug] = v.id;
    await owner.vendorCertification.createMany({
      data: ['IN', 'MY'].map((regionCode) => ({
        vendorId: v.id,
        regionCode,
        scopeCode: 'GENERAL',
        language: 'en',
      })),
    });
    await owner.vendorCapacity.create({
      data: {
        vendorId: v.id,
        scopeCode: 'GENERAL',
        openCaseCeiling: 1_000_000,
        dailyIntakeCap: 1_000_000,
      },
    });
  }
  const actor = { kind: 'INTERNAL', id: 'ops.test', roles: ['ops'] } as const;
  const published = await withScope(app, systemScope('test: rules'), async (tx) => {
    const draft = await createRoutingRuleset(tx, {
      name: 'splits',
      rules: [
        {
          name: 'India 60/40',
          match: { region: ['IN'] },
          targets: [
            { vendorId: vendors.lotus!, weight: 60 },
            { vendorId: vendors.pacific!, weight: 40 },
          ],
        },
        {
          name: 'Malaysia 50/30/20',
          match: { region: ['MY'] },
          targets: [
            { vendorId: vendors.straits!, weight: 50 },
            { vendorId: vendors.harbor!, weight: 30 },
            { vendorId: vendors.orchid!, weight: 20 },
          ],
        },
      ],
      actor,
      reason: 'split test',
    });
    return publishRoutingRuleset(tx, {
      version: draft.version,
      now: new Date(),
      actor,
      reason: 'split test',
    });
  });
  for (const rule of published.ruleset.rules) rules[rule.name] = rule.id;
  // Markets interleaved as intake would see them.
  await owner.case.createMany({
    data: Array.from({ length: CASES }, (_, i) => ({
      source: SOURCE,
      externalRef: `c-${i}`,
      regionCode: i % 2 === 0 ? 'IN' : 'MY',
      scopeCode: 'GENERAL',
      channel: 'IN_APP' as const,
      language: 'en',
      priority: 'P3' as const,
      subjectRef: `u-${i}`,
    })),
  });
}, 60_000);
afterAll(async () => {
  await app?.$disconnect();
  await owner?.$disconnect();
  await db?.drop();
});

function runWorker(): Promise<{ decisions: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/routing-worker.ts', db.appUrl, SOURCE, '4'],
      {
        cwd: TEST_DIR,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop()!));
      else reject(new Error(`routing worker exited with ${code}: ${err}`));
    });
  });
}

describe('weighted splits across processes', () => {
  it('holds 60/40 and 50/30/20 within ±1% over 10,000 decisions by two processes', async () => {
    const [a, b] = await Promise.all([runWorker(), runWorker()]);

    expect(a.decisions + b.decisions).toBe(CASES);
    // Both processes really took part.
    expect(Math.min(a.decisions, b.decisions)).toBeGreaterThan(CASES / 10);

    const offered = await owner.case.groupBy({
      by: ['vendorId'],
      where: { source: SOURCE, status: 'OFFERED' },
      _count: true,
    });
    const counts = Object.fromEntries(offered.map((o) => [o.vendorId, o._count]));
    const share = (slug: string, of: number) => (counts[vendors[slug]!] ?? 0) / of;
    const half = CASES / 2;
    const expected: [string, number][] = [
      ['lotus', 0.6],
      ['pacific', 0.4],
      ['straits', 0.5],
      ['harbor', 0.3],
      ['orchid', 0.2],
    ];
    for (const [slug, weight] of expected) {
      expect(Math.abs(share(slug, half) - weight), slug).toBeLessThanOrEqual(0.01);
    }

    // The stored counters are exactly what was offered, per rule and vendor.
    const allocation = await owner.routingAllocation.findMany();
    for (const row of allocation) {
      expect(Number(row.assigned)).toBe(counts[row.vendorId]);
    }
    expect(new Set(allocation.map((r) => r.ruleId))).toEqual(
      new Set([rules['India 60/40'], rules['Malaysia 50/30/20']]),
    );
  }, 400_000);
});
