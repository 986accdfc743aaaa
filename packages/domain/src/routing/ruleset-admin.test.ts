import { systemScope, type TenantTx, withScope } from '@bvg/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { submitCases } from '../intake/index.ts';
import type { DomainError } from '../shared/domain-error.ts';
import { routeCase } from './route-case.ts';
import { routingAdmin } from './routing-admin.ts';
import { loadRoutingState } from './routing-state.ts';
import {
  createRoutingWorld,
  EVERYWHERE,
  INTAKE,
  NOW,
  OPS,
  type RoutingWorld,
} from './routing-world.fixture.ts';
import {
  createRoutingRuleset,
  publishRoutingRuleset,
  rollbackRoutingRuleset,
  updateRoutingRuleset,
  validateRoutingRuleset,
} from './ruleset-admin.ts';
import type { RuleInput } from './ruleset-rows.ts';
import { getRoutingRuleset, listRoutingRulesets } from './ruleset-views.ts';
import { compareShadow, recordShadowDecision, startShadow } from './shadow.ts';
import { simulateRouting } from './simulate-routing.ts';

let world: RoutingWorld;
let v: Record<string, string>;
let first: RuleInput[];
let firstVersion: number;

const sys = <T>(fn: (tx: TenantTx) => Promise<T>) => withScope(world.app, systemScope('test'), fn);

beforeAll(async () => {
  world = await createRoutingWorld([
    { slug: 'lotus', certified: [['IN', 'GENERAL']] },
    { slug: 'pacific', certified: [['IN', 'GENERAL']] },
    {
      slug: 'harbor',
      usDataCleared: true,
      certified: [
        ['US', 'ACCOUNT_SECURITY'],
        ['US', 'GENERAL'],
      ],
    },
    {
      slug: 'tier2',
      kind: 'IN_HOUSE',
      usDataCleared: true,
      gdprAgreement: true,
      certified: EVERYWHERE,
    },
  ]);
  v = world.vendors;
  first = [
    {
      name: 'India general',
      match: { region: ['IN'], scope: ['GENERAL'] },
      targets: [{ vendorId: v.lotus!, weight: 100 }],
      fallbacks: [v.tier2!],
    },
    { name: 'Everything else', match: {}, targets: [{ vendorId: v.tier2!, weight: 100 }] },
  ];
  firstVersion = await world.publish(first, 'first');
});
afterAll(async () => world?.close());

describe('publishing a routing ruleset', () => {
  it('refuses an invalid ruleset with every problem listed, and changes nothing', async () => {
    const draft = await sys((tx) =>
      createRoutingRuleset(tx, {
        name: 'broken',
        rules: [
          // Sends US cases to a vendor without US clearance or certification.
          {
            name: 'US to lotus',
            match: { region: ['US'] },
            targets: [{ vendorId: v.lotus!, weight: 100 }],
          },
          {
            name: 'India general',
            match: { region: ['IN'], scope: ['GENERAL'] },
            targets: [{ vendorId: v.lotus!, weight: 100 }],
          },
          // Unreachable: the rule above matches everything this one would.
          {
            name: 'India general again',
            match: { region: ['IN'], scope: ['GENERAL'], channel: ['EMAIL'] },
            targets: [{ vendorId: v.pacific!, weight: 100 }],
          },
        ],
        actor: OPS,
        reason: 'try a change',
      }),
    );
    const error = (await sys((tx) =>
      publishRoutingRuleset(tx, {
        version: draft.version,
        now: NOW,
        actor: OPS,
        reason: 'go live',
      }),
    ).catch((e: unknown) => e)) as DomainError;

    expect(error.code).toBe('VALIDATION');
    const problems = error.details.problems as { code: string; path: string; message: string }[];
    const codes = new Set(problems.map((p) => p.code));
    expect(codes).toEqual(
      new Set([
        'VENDOR_NOT_CERTIFIED',
        'VENDOR_NOT_CLEARED',
        'UNREACHABLE_RULE',
        'UNCOVERED_REGION_SCOPE',
      ]),
    );
    expect(problems.find((p) => p.code === 'UNREACHABLE_RULE')).toMatchObject({ path: 'rules.2' });
    expect(problems.find((p) => p.code === 'UNCOVERED_REGION_SCOPE')?.message).toMatch(
      /No rule covers/,
    );
    const published = await sys((tx) => listRoutingRulesets(tx, { status: 'PUBLISHED' }));
    expect(published.map((r) => r.version)).toEqual([firstVersion]);
  });

  it('refuses malformed rules before they are stored, naming each field', async () => {
    const error = (await sys((tx) =>
      createRoutingRuleset(tx, {
        name: 'typos',
        rules: [
          { name: 'x', match: { region: ['IN'] }, targets: [{ vendorId: v.lotus!, weight: 0.5 }] },
          {
            name: 'y',
            match: {},
            targets: [{ vendorId: '7d0c7d7e-0000-4000-8000-000000000000', weight: 1 }],
          },
        ],
        actor: OPS,
        reason: 'typos',
      }),
    ).catch((e: unknown) => e)) as DomainError;
    expect(error.code).toBe('VALIDATION');
    expect((error.details.problems as { path: string }[]).map((p) => p.path)).toEqual([
      'rules.0.targets.0.weight',
      'rules.1.targets.0.vendorId',
    ]);
  });

  it('publishes a valid draft, archives the previous one, and freezes both', async () => {
    const draft = await sys((tx) =>
      createRoutingRuleset(tx, {
        name: 'split',
        copyFromVersion: firstVersion,
        actor: OPS,
        reason: 'add overflow',
      }),
    );
    expect(draft.rules.map((r) => r.name)).toEqual(['India general', 'Everything else']);
    const rules = [
      {
        ...first[0]!,
        targets: [
          { vendorId: v.lotus!, weight: 60 },
          { vendorId: v.pacific!, weight: 40 },
        ],
      },
      first[1]!,
    ];
    await sys((tx) =>
      updateRoutingRuleset(tx, {
        version: draft.version,
        rules,
        actor: OPS,
        reason: 'overflow 40%',
      }),
    );
    const result = await sys((tx) =>
      publishRoutingRuleset(tx, {
        version: draft.version,
        now: NOW,
        actor: OPS,
        reason: 'Q3 volume',
      }),
    );

    expect(result.archivedVersion).toBe(firstVersion);
    expect(result.ruleset).toMatchObject({ status: 'PUBLISHED', publishedBy: OPS.id });
    const old = await sys((tx) => getRoutingRuleset(tx, firstVersion));
    expect(old?.status).toBe('ARCHIVED');
    await expect(
      sys((tx) =>
        updateRoutingRuleset(tx, {
          version: draft.version,
          rules: first,
          actor: OPS,
          reason: 'edit live',
        }),
      ),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    const audit = await world.owner.auditEvent.findFirstOrThrow({
      where: { action: 'routingRuleset.publish', targetId: draft.id },
    });
    expect(audit).toMatchObject({
      actorId: OPS.id,
      details: { reason: 'Q3 volume', archivedVersion: firstVersion },
    });
  });

  it('rolls back by publishing a copy of the earlier version, which routing then uses', async () => {
    const result = await sys((tx) =>
      rollbackRoutingRuleset(tx, {
        version: firstVersion,
        now: NOW,
        actor: OPS,
        reason: 'overflow partner down',
      }),
    );
    expect(result.ruleset.status).toBe('PUBLISHED');
    expect(result.ruleset.version).toBeGreaterThan(firstVersion);
    expect(result.ruleset.description).toBe(
      `Rollback to version ${firstVersion}: overflow partner down`,
    );
    expect(result.ruleset.rules.map((r) => [r.name, r.targets])).toEqual(
      first.map((r) => [r.name, r.targets]),
    );
    const all = await sys((tx) => listRoutingRulesets(tx));
    expect(all.filter((r) => r.status === 'PUBLISHED').map((r) => r.version)).toEqual([
      result.ruleset.version,
    ]);

    const caseId = await world.newCase();
    const routed = await sys((tx) => routeCase(tx, { caseId, now: NOW, actor: INTAKE }));
    expect(routed.decision).toMatchObject({
      vendorId: v.lotus,
      rulesetVersion: result.ruleset.version,
    });
  });
});

describe('simulation and shadow', () => {
  it('shows what a draft would change on a sample, and changes nothing', async () => {
    const draft = await sys((tx) =>
      createRoutingRuleset(tx, {
        name: 'half to pacific',
        rules: [
          {
            ...first[0]!,
            targets: [
              { vendorId: v.lotus!, weight: 50 },
              { vendorId: v.pacific!, weight: 50 },
            ],
          },
          first[1]!,
        ],
        actor: OPS,
        reason: 'what if',
      }),
    );
    const assignmentsBefore = await world.owner.assignment.count();
    const attrs = { channel: 'IN_APP', language: 'en', priority: 'P3', tier: 'T1' } as const;
    const result = await sys((tx) =>
      simulateRouting(tx, {
        draftVersion: draft.version,
        source: {
          sample: {
            count: 1000,
            proportions: [
              { attrs: { ...attrs, region: 'IN', scope: 'GENERAL' }, weight: 80 },
              { attrs: { ...attrs, region: 'US', scope: 'GENERAL' }, weight: 20 },
            ],
          },
        },
        now: NOW,
        actor: OPS,
      }),
    );

    expect(result.cases).toBe(1000);
    expect(result.differences).toHaveLength(2);
    expect(result.differences).toEqual(
      expect.arrayContaining([
        {
          vendorId: v.lotus,
          scope: 'GENERAL',
          region: 'IN',
          published: 800,
          draft: 400,
          change: -400,
        },
        {
          vendorId: v.pacific,
          scope: 'GENERAL',
          region: 'IN',
          published: 0,
          draft: 400,
          change: 400,
        },
      ]),
    );
    expect(result.reassigned).toBe(400);
    expect(result.newlyUnroutable).toEqual([]);
    expect(await world.owner.assignment.count()).toBe(assignmentsBefore);
  });

  it('records what a draft in shadow would decide and compares it with live routing', async () => {
    const draft = await sys((tx) =>
      createRoutingRuleset(tx, {
        name: 'all to pacific',
        rules: [{ ...first[0]!, targets: [{ vendorId: v.pacific!, weight: 100 }] }, first[1]!],
        actor: OPS,
        reason: 'shadow trial',
      }),
    );
    await sys((tx) =>
      startShadow(tx, {
        version: draft.version,
        until: new Date(NOW.getTime() + 86_400_000),
        now: NOW,
        actor: OPS,
        reason: 'compare a day',
      }),
    );
    for (let i = 0; i < 4; i++) {
      const caseId = await world.newCase();
      await sys(async (tx) => {
        const state = await loadRoutingState(tx, { now: NOW });
        const live = await routeCase(tx, { caseId, now: NOW, actor: INTAKE, state });
        const shadow = await recordShadowDecision(tx, {
          caseId,
          caseAttrs: live.decision.explanation.case,
          state,
          now: NOW,
        });
        expect(shadow).toEqual([
          { rulesetVersion: draft.version, outcome: 'ASSIGNED', vendorId: v.pacific },
        ]);
      });
    }
    // Intake records the shadow decisions itself, in the transaction that makes the cases.
    const submitted = await submitCases(
      world.app,
      [1, 2].map((n) => ({
        actor: INTAKE,
        input: {
          source: 'shadow-test',
          externalRef: `shadow-${n}`,
          region: 'IN',
          scope: 'GENERAL',
          channel: 'IN_APP',
          language: 'en',
          priority: 'P3',
          subjectRef: `user-${n}`,
        },
      })),
      { now: () => NOW },
    );
    expect(submitted.map((o) => o.ok && o.result.vendorId)).toEqual([v.lotus, v.lotus]);
    const comparison = await sys((tx) => compareShadow(tx, draft.version));
    expect(comparison).toMatchObject({ cases: 6, agreed: 0 });
    expect(comparison.byVendor).toEqual(
      expect.arrayContaining([
        { vendorId: v.pacific, shadow: 6, live: 0 },
        { vendorId: v.lotus, shadow: 0, live: 6 },
      ]),
    );
  });

  it("validates every ruleset of a list with one load of today's data", async () => {
    const now = new Date();
    // A draft with an error next to published and archived versions.
    await sys((tx) =>
      createRoutingRuleset(tx, {
        actor: OPS,
        reason: 'test',
        name: 'uncertified target',
        rules: [
          {
            name: 'US security to lotus',
            match: { region: ['US'], scope: ['ACCOUNT_SECURITY'] },
            targets: [{ vendorId: v.lotus!, weight: 1 }],
            fallbacks: [],
          },
        ],
      }),
    );
    const rulesets = await routingAdmin.listRulesets(world.app, OPS);
    expect(rulesets.length).toBeGreaterThan(2);
    const transaction = vi.spyOn(world.app, '$transaction');
    try {
      const validations = await Promise.all(rulesets.map((r) => r.validation()));
      expect(transaction).toHaveBeenCalledTimes(1);
      const oneByOne = await sys(async (tx) => {
        const out = [];
        for (const r of rulesets)
          out.push(await validateRoutingRuleset(tx, { version: r.version, now }));
        return out;
      });
      expect(validations).toEqual(oneByOne);
      expect(validations.some((x) => x.errors.length > 0)).toBe(true);
      expect(validations.some((x) => x.errors.length === 0)).toBe(true);
    } finally {
      transaction.mockRestore();
    }
  });
});
