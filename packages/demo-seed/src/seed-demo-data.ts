// Writes the demo data set: reference data, contracts, routing rulesets and a quarter of
// history decided by the routing engine from the routing state the domain loads. One
// transaction: the reference rows first, then the quarter is simulated against the state read
// back; the capacity and contract volumes it needed are contracted with headroom, and the
// history is written with bulk inserts. Same seed, same rows.
import {
  demoId,
  insertRows,
  type PrismaClient,
  systemScope,
  type TenantTx,
  withScope,
} from '@bvg/db';
import { loadRoutingState, RoutingStateCache } from '@bvg/domain';
import { VENDORS } from './catalog.ts';
import { drawArrivals } from './history/arrivals.ts';
import { capacityRows, historyRows, monthlyVolume } from './history/build-history.ts';
import { simulateQuarter } from './history/quarter.ts';
import { historyQuarter } from './period.ts';
import {
  buildContractRows,
  buildReferenceRows,
  DEMO_RECEIVER_PORT,
  demoWebhookBase,
} from './reference-data.ts';
import { buildRoutingRows } from './rulesets.ts';

export interface SeedDemoOptions {
  /** Same seed, same rows (ids included). */
  seed?: number;
  /** The end of the history; the quarter before it is filled. Defaults to 2026-10-01T00:00Z. */
  now?: Date;
  /** Average intake per day across markets; about 8,000 cases over the quarter by default. */
  casesPerDay?: number;
  /** The port of the local demo receiver the partners' webhook endpoints point at. */
  receiverPort?: number;
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
  const casesPerDay = options.casesPerDay ?? DEFAULT_CASES_PER_DAY;
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
  // Cheap early exit; checked again under the lock below.
  const found = await prisma.vendor.count({ where: { slug: { in: slugs } } });
  if (found > 0) return alreadySeeded(found);

  const reference = buildReferenceRows(
    seed,
    period,
    demoWebhookBase(options.receiverPort ?? DEMO_RECEIVER_PORT),
  );
  const routing = buildRoutingRows(period.start);
  // Volume bounds are set once the quarter says what each vendor gets.
  const contracts = buildContractRows(period, new Map());
  const end = period.end.getTime();

  return withScope(
    prisma,
    systemScope('write the demo data set'),
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
      await insert('HolidaySet', reference.holidaySets);
      await insert('Holiday', reference.holidays);
      await insert('BusinessCalendar', reference.calendars);
      await insert('BusinessCalendarVersion', reference.calendarVersions);
      await insert('PlatformSlaTarget', reference.platformSlaTargets);
      await insert('Vendor', reference.vendors);
      await insert('VendorSite', reference.sites);
      await insert('VendorCertification', reference.certifications);
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

      const quarter = simulateQuarter({
        state: await loadRoutingState(tx, { now: period.start, cache: new RoutingStateCache() }),
        arrivals: drawArrivals(seed, period, casesPerDay),
        end,
      });
      await insert('VendorCapacity', capacityRows(quarter, period.start));
      await setVolumeBounds(
        tx,
        buildContractRows(period, monthlyVolume(quarter, period)).contracts,
      );
      const history = historyRows(quarter, end);
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

async function setVolumeBounds(
  tx: TenantTx,
  contracts: readonly {
    id?: string;
    minMonthlyVolume?: number | null;
    maxMonthlyVolume?: number | null;
  }[],
): Promise<void> {
  const rows = contracts.map((c) => ({
    id: c.id ?? demoId('missing'),
    min: c.minMonthlyVolume ?? null,
    max: c.maxMonthlyVolume ?? null,
  }));
  await tx.$executeRaw`
    UPDATE "Contract" c SET "minMonthlyVolume" = x.min, "maxMonthlyVolume" = x.max
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id uuid, min int, max int)
     WHERE c.id = x.id`;
}
