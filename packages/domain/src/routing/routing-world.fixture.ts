// A small routing world for the tests of this folder: regions with their data rules, scopes,
// vendors with certifications and capacity, and helpers to publish rules and make cases.
import { randomUUID } from 'node:crypto';
import { createPrismaClient, type PrismaClient, systemScope, withScope } from '@bvg/db';
import { createTestDatabase, type TestDatabase } from '@bvg/db/testing';
import type { Actor } from '../shared/actor.ts';
import { createRoutingRuleset, publishRoutingRuleset } from './ruleset-admin.ts';
import type { RuleInput } from './ruleset-rows.ts';
import { setVendorCapacity } from './vendor-routing.ts';

export const OPS: Actor = { kind: 'INTERNAL', id: 'ops.test@example.test', roles: ['ops'] };
export const INTAKE: Actor = { kind: 'INTAKE', id: 'intake.test' };
export const NOW = new Date('2026-03-04T10:00:00Z');

const SCOPES = [
  { code: 'GENERAL', name: 'General', sensitivity: 'STANDARD' as const },
  { code: 'ACCOUNT_SECURITY', name: 'Account security', sensitivity: 'SENSITIVE' as const },
  { code: 'MINOR_SAFETY', name: 'Minor safety', sensitivity: 'RESTRICTED' as const },
];
const REGIONS = [
  { code: 'IN', name: 'India' },
  { code: 'US', name: 'United States', requiresUsClearance: true },
  { code: 'EU', name: 'European Union', requiresGdprAgreement: true },
];

export interface VendorSpec {
  slug: string;
  kind?: 'BPO' | 'IN_HOUSE';
  usDataCleared?: boolean;
  gdprAgreement?: boolean;
  /** [region, scope] pairs, certified for `en`. */
  certified: readonly (readonly [string, string])[];
  openCaseCeiling?: number;
  dailyIntakeCap?: number;
}

export interface RoutingWorld {
  db: TestDatabase;
  owner: PrismaClient;
  app: PrismaClient;
  vendors: Record<string, string>;
  publish(rules: RuleInput[], name?: string): Promise<number>;
  newCase(
    attrs?: Partial<{ regionCode: string; scopeCode: string; language: string; tier: 'T1' | 'T2' }>,
  ): Promise<string>;
  /** Today's intake of a vendor in a scope, as the daily cap counts it. */
  intakeToday(vendorId: string, scope: string): Promise<number>;
  /** Sets a vendor's capacity as ops would (audited, the routing cache told). */
  setCapacity(
    vendorId: string,
    capacities: { scope: string; openCaseCeiling: number; dailyIntakeCap: number }[],
    reason: string,
  ): Promise<void>;
  close(): Promise<void>;
}

/** Every [region, scope] pair of the world, so a catch-all vendor covers everything. */
export const EVERYWHERE: (readonly [string, string])[] = REGIONS.flatMap((r) =>
  SCOPES.map((s) => [r.code, s.code] as const),
);

export async function createRoutingWorld(specs: readonly VendorSpec[]): Promise<RoutingWorld> {
  const db = await createTestDatabase('bvg_routing');
  const owner = createPrismaClient({ url: db.url, max: 2 });
  const app = createPrismaClient({ url: db.appUrl, max: 4 });
  await owner.region.createMany({ data: REGIONS });
  await owner.scope.createMany({ data: SCOPES });
  const vendors: Record<string, string> = {};
  for (const spec of specs) {
    const vendor = await owner.vendor.create({
      data: {
        slug: spec.slug,
        name: spec.slug,
        kind: spec.kind ?? 'BPO',
        usDataCleared: spec.usDataCleared ?? false,
        gdprAgreement: spec.gdprAgreement ?? false,
      },
    });
    vendors[spec.slug] = vendor.id;
    await owner.vendorCertification.createMany({
      data: spec.certified.map(([regionCode, scopeCode]) => ({
        vendorId: vendor.id,
        regionCode,
        scopeCode,
        language: 'en',
      })),
    });
    await owner.vendorCapacity.createMany({
      data: [...new Set(spec.certified.map(([, scope]) => scope))].map((scopeCode) => ({
        vendorId: vendor.id,
        scopeCode,
        openCaseCeiling: spec.openCaseCeiling ?? 1_000_000,
        dailyIntakeCap: spec.dailyIntakeCap ?? 1_000_000,
      })),
    });
  }
  return {
    db,
    owner,
    app,
    vendors,
    async publish(rules, name = 'test rules') {
      return withScope(app, systemScope('test: publish rules'), async (tx) => {
        const draft = await createRoutingRuleset(tx, {
          name,
          rules,
          actor: OPS,
          reason: 'test setup',
        });
        await publishRoutingRuleset(tx, {
          version: draft.version,
          now: NOW,
          actor: OPS,
          reason: 'test setup',
        });
        return draft.version;
      });
    },
    async intakeToday(vendorId, scope) {
      const row = await owner.vendorDailyIntake.findFirst({
        where: { vendorId, scopeCode: scope },
      });
      return row?.count ?? 0;
    },
    async setCapacity(vendorId, capacities, reason) {
      await withScope(app, systemScope('test: capacity'), (tx) =>
        setVendorCapacity(tx, { vendorId, capacities, actor: OPS, reason }),
      );
    },
    async newCase(attrs = {}) {
      const ref = randomUUID();
      const created = await owner.case.create({
        data: {
          source: 'test',
          externalRef: ref,
          regionCode: 'IN',
          scopeCode: 'GENERAL',
          channel: 'IN_APP',
          language: 'en',
          priority: 'P3',
          subjectRef: `user-${ref.slice(0, 8)}`,
          createdAt: NOW,
          ...attrs,
        },
      });
      return created.id;
    },
    async close() {
      await app.$disconnect();
      await owner.$disconnect();
      await db.drop();
    },
  };
}

/** The world most routing tests use: an IN 60/40 split, a US enclave, Tier 2 for the rest. */
export interface SplitWorld {
  world: RoutingWorld;
  ruleIds: { split: string; us: string };
}

export async function createSplitWorld(): Promise<SplitWorld> {
  const world = await createRoutingWorld([
    { slug: 'lotus', certified: [['IN', 'GENERAL']] },
    { slug: 'pacific', certified: [['IN', 'GENERAL']] },
    { slug: 'harbor', usDataCleared: true, certified: [['US', 'ACCOUNT_SECURITY']] },
    {
      slug: 'tier2',
      kind: 'IN_HOUSE',
      usDataCleared: true,
      gdprAgreement: true,
      certified: EVERYWHERE,
    },
  ]);
  const v = world.vendors;
  const version = await world.publish([
    {
      name: 'IN general 60/40',
      match: { region: ['IN'], scope: ['GENERAL'] },
      targets: [
        { vendorId: v.lotus!, weight: 60 },
        { vendorId: v.pacific!, weight: 40 },
      ],
      fallbacks: [v.tier2!],
    },
    {
      name: 'US account security',
      match: { region: ['US'], scope: ['ACCOUNT_SECURITY'] },
      targets: [{ vendorId: v.harbor!, weight: 100 }],
      fallbacks: [v.tier2!],
    },
    {
      name: 'Everything else',
      match: {},
      targets: [{ vendorId: v.tier2!, weight: 100 }],
      fallbacks: [],
    },
  ]);
  const rules = await world.owner.routingRule.findMany({
    where: { ruleset: { version } },
    orderBy: { position: 'asc' },
  });
  return { world, ruleIds: { split: rules[0]!.id, us: rules[1]!.id } };
}
