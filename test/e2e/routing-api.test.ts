// The ops routing API end to end, on the demo data set: publishing is refused with every
// problem listed, rollback, simulation of the seeded draft over the seeded quarter, the
// worked example of docs/routing.md, and who may do what.
import { createPrismaClient, type PrismaClient, systemScope, withScope } from '@bvg/db';
import { seedDemoData } from '@bvg/demo-seed';
import { routeCase } from '@bvg/domain';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let app: PrismaClient;
let ops: string;
let slugs: Record<string, string>;
let period: { from: string; to: string };

beforeAll(async () => {
  stack = await createTestStack();
  const summary = await seedDemoData(stack.owner);
  period = { from: summary.periodStart, to: summary.periodEnd };
  app = createPrismaClient({ url: stack.db.appUrl, max: 2 });
  ops = await stack.internalToken(['ops'], 'ops.lead@example.test');
  const vendors = await stack.owner.vendor.findMany();
  slugs = Object.fromEntries(vendors.map((v) => [v.slug, v.id]));
}, 120_000);
afterAll(async () => {
  await app?.$disconnect();
  await stack?.close();
});

const PUBLISH = `mutation ($version: Int!, $reason: String!) {
  publishRoutingRuleset(version: $version, reason: $reason) {
    ruleset { version status } archivedVersion warnings { code }
  }
}`;
const CREATE = `mutation ($input: CreateRoutingRulesetInput!, $reason: String!) {
  createRoutingRuleset(input: $input, reason: $reason) { version status rules { name } }
}`;

describe('routing rulesets through the ops API', () => {
  it('lists the seeded rulesets with one published', async () => {
    const res = await stack.graphql<{ routingRulesets: { version: number; status: string }[] }>(
      '{ routingRulesets { version status } }',
      {},
      ops,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.routingRulesets.filter((r) => r.status === 'PUBLISHED')).toHaveLength(1);
  });

  it('refuses to publish a draft that sends US cases to a vendor without US clearance, listing every problem', async () => {
    const created = await stack.graphql<{ createRoutingRuleset: { version: number } }>(
      CREATE,
      {
        input: {
          name: 'US to India',
          copyFromVersion: 1,
        },
        reason: 'cost review',
      },
      ops,
    );
    const version = created.data!.createRoutingRuleset.version;
    const draft = await stack.graphql<{
      routingRuleset: {
        rules: {
          name: string;
          match: unknown;
          targets: { vendorId: string; weight: number }[];
          fallbackVendorIds: string[];
          allowRestricted: boolean;
        }[];
      };
    }>(
      `query ($v: Int!) { routingRuleset(version: $v) { rules { name match { region scope channel language priority tier } targets { vendorId weight } fallbackVendorIds allowRestricted } } }`,
      { v: version },
      ops,
    );
    const rules = draft.data!.routingRuleset.rules.map((r) => ({
      ...r,
      ...(r.name.startsWith('US')
        ? { targets: [{ vendorId: slugs['lotus-cx'], weight: 100 }] }
        : {}),
    }));
    const updated = await stack.graphql(
      `mutation ($input: UpdateRoutingRulesetInput!) { updateRoutingRuleset(input: $input, reason: "move US") { version } }`,
      { input: { version, rules } },
      ops,
    );
    expect(updated.errors).toBeUndefined();

    const res = await stack.graphql(PUBLISH, { version, reason: 'go live' }, ops);
    const error = res.errors?.[0];
    expect(error?.extensions?.code).toBe('VALIDATION');
    const problems = error?.extensions?.problems as {
      code: string;
      path: string;
      message: string;
    }[];
    expect(problems.map((p) => p.code)).toEqual(
      expect.arrayContaining(['VENDOR_NOT_CLEARED', 'VENDOR_NOT_CERTIFIED']),
    );
    expect(problems.find((p) => p.code === 'VENDOR_NOT_CLEARED')?.message).toMatch(
      /would send US cases to vendor "Lotus CX|lotus-cx/i,
    );
    const still = await stack.owner.routingRuleset.findUniqueOrThrow({ where: { version } });
    expect(still.status).toBe('DRAFT');
  });

  it('rolls back to the launch ruleset as a new published version, audited with the reason', async () => {
    const res = await stack.graphql<{
      rollbackRoutingRuleset: {
        ruleset: { version: number; status: string };
        archivedVersion: number;
      };
    }>(
      `mutation { rollbackRoutingRuleset(version: 0, reason: "overflow partner outage") {
        ruleset { version status } archivedVersion } }`,
      {},
      ops,
    );
    expect(res.errors).toBeUndefined();
    const { ruleset, archivedVersion } = res.data!.rollbackRoutingRuleset;
    expect(ruleset.status).toBe('PUBLISHED');
    expect(archivedVersion).toBe(1);
    const audit = await stack.owner.auditEvent.findFirstOrThrow({
      where: { action: 'routingRuleset.rollback' },
    });
    expect(audit).toMatchObject({
      actorId: 'ops.lead@example.test',
      details: { reason: 'overflow partner outage', restoredVersion: 0 },
    });
    // Back to where we were, for the tests that follow.
    const back = await stack.graphql(
      `mutation { rollbackRoutingRuleset(version: 1, reason: "outage over") { ruleset { version } } }`,
      {},
      ops,
    );
    expect(back.errors).toBeUndefined();
  });

  it('simulates the seeded draft over the seeded quarter: work moves to the overflow partner, nothing is lost or changed', async () => {
    const before = await stack.owner.assignment.count();
    const res = await stack.graphql<{
      simulateRouting: {
        cases: number;
        published: { assigned: number; unrouted: number };
        draft: { assigned: number; unrouted: number };
        differences: { vendorId: string; vendorName: string; region: string; change: number }[];
        newlyUnroutable: unknown[];
        reassigned: number;
      };
    }>(
      `query ($input: SimulateRoutingInput!) { simulateRouting(input: $input) {
        cases reassigned
        published { assigned unrouted } draft { assigned unrouted }
        differences { vendorId vendorName region scope published draft change }
        newlyUnroutable { caseId }
      } }`,
      { input: { draftVersion: 2, period } },
      ops,
    );
    expect(res.errors).toBeUndefined();
    const sim = res.data!.simulateRouting;
    expect(sim.cases).toBeGreaterThan(5000);
    expect(sim.newlyUnroutable).toEqual([]);
    expect(sim.draft.unrouted).toBe(sim.published.unrouted);
    const byVendor = (slug: string) =>
      sim.differences.filter((d) => d.vendorId === slugs[slug]).reduce((n, d) => n + d.change, 0);
    const pacific = byVendor('pacific-bridge');
    expect(sim.differences.find((d) => d.vendorId === slugs['pacific-bridge'])?.vendorName).toBe(
      'Pacific Bridge Outsourcing',
    );
    expect(byVendor('lotus-cx')).toBeLessThan(0);
    expect(pacific).toBeGreaterThan(0);
    expect(sim.differences.reduce((n, d) => n + d.change, 0)).toBe(0);
    // Per case, the split interleaves differently, so more cases change hands than the net shift.
    expect(sim.reassigned).toBeGreaterThanOrEqual(pacific);
    expect(new Set(sim.differences.map((d) => d.region))).toEqual(new Set(['IN', 'MY', 'SG']));
    expect(await stack.owner.assignment.count()).toBe(before);
  });

  it('routes a US account-security case to the US-cleared enclave (the worked example)', async () => {
    const kase = await stack.seed.case(null, {
      regionCode: 'US',
      scopeCode: 'ACCOUNT_SECURITY',
      channel: 'IN_APP',
      language: 'en-US',
      priority: 'P2',
      status: 'NEW',
    });
    const result = await withScope(app, systemScope('test: intake'), (tx) =>
      routeCase(tx, { caseId: kase.id, now: new Date(), actor: { kind: 'INTAKE', id: 'test' } }),
    );
    expect(result.decision).toMatchObject({
      outcome: 'ASSIGNED',
      vendorId: slugs['harbor-secure'],
      selection: 'WEIGHTED',
      residencyCheck: { region: 'US', requirement: 'US_CLEARANCE', passed: true },
    });
    const names = result.decision.explanation.rules.map((r) => [r.ruleName, r.outcome]);
    expect(names).toEqual([
      ['Minor safety to in-house Tier 2', 'NOT_MATCHED'],
      ['Tier 2 work to in-house specialists', 'NOT_MATCHED'],
      ['US to the US-cleared enclave', 'SELECTED'],
    ]);
  });
});

describe('who may change routing', () => {
  it('refuses ruleset and vendor changes to partner systems, auditors and vendor managers', async () => {
    const vendor = await stack.seed.vendor();
    const tokens = [
      await stack.vendorToken(vendor),
      await stack.internalToken(['auditor']),
      await stack.internalToken(['vendor_manager']),
    ];
    for (const token of tokens) {
      const publish = await stack.graphql(PUBLISH, { version: 2, reason: 'sneaky' }, token);
      expect(publish.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const capacity = await stack.graphql(
        `mutation ($v: ID!) { setVendorCapacity(vendorId: $v, reason: "x", capacities: [{ scope: "GENERAL", openCaseCeiling: 1, dailyIntakeCap: 1 }]) { id } }`,
        { v: vendor.id },
        token,
      );
      expect(capacity.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const partner = await stack.graphql('{ routingRulesets { version } }', {}, tokens[0]);
    expect(partner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(
      await stack.owner.auditEvent.count({
        where: { details: { path: ['reason'], equals: 'sneaky' } },
      }),
    ).toBe(0);
  });

  it('lets an auditor read rulesets and vendor certifications, but not run simulations', async () => {
    const auditor = await stack.internalToken(['auditor']);
    const read = await stack.graphql<{
      routingVendors: { slug: string; certifications: unknown[] }[];
    }>(
      '{ routingRulesets { version status } routingVendors { slug usDataCleared certifications { region scope language } capacity { scope openCases } } }',
      {},
      auditor,
    );
    expect(read.errors).toBeUndefined();
    expect(
      read.data?.routingVendors.find((v) => v.slug === 'harbor-secure')?.certifications.length,
    ).toBeGreaterThan(0);
    const sim = await stack.graphql(
      `{ simulateRouting(input: { draftVersion: 2, period: { from: "${period.from}", to: "${period.to}" } }) { cases } }`,
      {},
      auditor,
    );
    expect(sim.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets ops set a vendor’s capacity and certifications, with the reason in the audit trail', async () => {
    const vendor = await stack.seed.vendor();
    const res = await stack.graphql<{
      setVendorCertifications: { certifications: { language: string }[] };
    }>(
      `mutation ($v: ID!) {
        setVendorCapacity(vendorId: $v, reason: "new site", capacities: [{ scope: "GENERAL", openCaseCeiling: 50, dailyIntakeCap: 200 }]) { id }
        setVendorCertifications(vendorId: $v, reason: "passed audit", certifications: [{ region: "IN", scope: "GENERAL", languages: ["en", "hi"] }]) {
          certifications { region scope language } capacity { scope openCaseCeiling dailyIntakeCap }
        }
      }`,
      { v: vendor.id },
      ops,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.setVendorCertifications).toEqual({
      certifications: [
        { region: 'IN', scope: 'GENERAL', language: 'en' },
        { region: 'IN', scope: 'GENERAL', language: 'hi' },
      ],
      capacity: [{ scope: 'GENERAL', openCaseCeiling: 50, dailyIntakeCap: 200 }],
    });
    const bad = await stack.graphql(
      `mutation ($v: ID!) { setVendorCertifications(vendorId: $v, reason: "x", certifications: [{ region: "XX", scope: "GENERAL", languages: [] }]) { id } }`,
      { v: vendor.id },
      ops,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION',
      problems: [
        { path: 'certifications.0.region', message: 'unknown region XX' },
        { path: 'certifications.0.languages', message: 'list at least one language' },
      ],
    });
    const audits = await stack.owner.auditEvent.findMany({
      where: { targetId: vendor.id, action: { startsWith: 'vendor.' } },
      orderBy: { id: 'asc' },
    });
    expect(audits.map((a) => [a.action, (a.details as { reason: string }).reason])).toEqual([
      ['vendor.capacity.set', 'new site'],
      ['vendor.certifications.set', 'passed audit'],
    ]);
  });
});
