// Writes the demo data set: reference data, contracts, routing rulesets and a quarter of
// history. Everything is computed in memory first and written in one transaction with bulk
// inserts, so a run takes seconds and either seeds everything or nothing.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { buildHistory } from './build-history.ts';
import { buildContractRows, buildReferenceRows } from './build-reference-data.ts';
import { buildRoutingRows } from './build-routing.ts';
import { insertRows } from './bulk-insert.ts';
import { VENDORS } from './demo-catalog.ts';
import { historyQuarter } from './demo-period.ts';

export interface SeedDemoOptions {
  /** Same seed, same rows (ids included). */
  seed?: number;
  /** The end of the history; the quarter before it is filled. Defaults to 2026-10-01T00:00Z. */
  now?: Date;
  /** Average intake per day across markets; about 8,000 cases over the quarter by default. */
  casesPerDay?: number;
}

export interface SeedSummary {
  /** False when the demo vendors were already there and nothing was written. */
  seeded: boolean;
  message: string;
  seed: number;
  periodStart: string;
  periodEnd: string;
  /** Rows written per table (all zero when nothing was written). */
  counts: Record<string, number>;
}

export const DEFAULT_DEMO_NOW = new Date('2026-10-01T00:00:00Z');
export const DEFAULT_CASES_PER_DAY = 87;
/** Two seeders racing on one database: the second waits, then finds the data and stops. */
const SEED_LOCK = 4_242_042;

export async function seedDemoData(
  prisma: PrismaClient,
  options: SeedDemoOptions = {},
): Promise<SeedSummary> {
  const seed = options.seed ?? 42;
  const period = historyQuarter(options.now ?? DEFAULT_DEMO_NOW);
  const base = {
    seed,
    periodStart: period.start.toISOString(),
    periodEnd: period.end.toISOString(),
  };

  const slugs = VENDORS.map((v) => v.slug);
  const alreadySeeded = (found: number): SeedSummary => ({
    ...base,
    seeded: false,
    message: `Demo data already present (${found} demo vendors found); nothing written.`,
    counts: {},
  });
  // Cheap early exit before building the history; checked again under the lock below.
  const found = await prisma.vendor.count({ where: { slug: { in: slugs } } });
  if (found > 0) return alreadySeeded(found);

  const reference = buildReferenceRows(seed, period);
  const routing = buildRoutingRows(period.start);
  const history = buildHistory({
    seed,
    period,
    casesPerDay: options.casesPerDay ?? DEFAULT_CASES_PER_DAY,
  });
  const contracts = buildContractRows(period, history.monthlyVolume);

  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK})`;
      const existing = await tx.vendor.count({ where: { slug: { in: slugs } } });
      if (existing > 0) return alreadySeeded(existing);
      const counts: Record<string, number> = {};
      const insert = async (table: string, rows: readonly object[]) => {
        counts[table] = await insertRows(tx, table, rows);
      };
      await insert('Region', reference.regions);
      await insert('Scope', reference.scopes);
      await insert('Vendor', reference.vendors);
      await insert('VendorSite', reference.sites);
      await insert('VendorCertification', reference.certifications);
      await insert('VendorCapacity', history.capacities);
      await insert('Contract', contracts.contracts);
      await insert('SlaTarget', contracts.slaTargets);
      await insert('KpiTarget', contracts.kpiTargets);
      await insert('DataAccessGrant', contracts.dataAccessGrants);
      await insert('ApiClient', reference.apiClients);
      await insert('WebhookEndpoint', reference.webhookEndpoints);
      await insert('WebhookSecret', reference.webhookSecrets);
      await insert('RoutingRuleset', routing.rulesets);
      await insert('RoutingRule', routing.rules);
      await insert('RoutingRuleTarget', routing.targets);
      await insert('RoutingAllocation', history.allocations);
      await insert('VendorDailyIntake', history.dailyIntake);
      await insert('Case', history.cases);
      await insert('CaseSubject', history.subjects);
      await insert('Assignment', history.assignments);
      await insert('CaseEvent', history.events);
      await insert('CsatResponse', history.csat);
      await insert('QaEvaluation', history.qa);
      return {
        ...base,
        seeded: true,
        message: `Seeded ${counts.Case ?? 0} cases for ${period.label} (${base.periodStart} to ${base.periodEnd}).`,
        counts,
      };
    },
    { maxWait: 30_000, timeout: 300_000 },
  );
}
