// What a draft would do, next to the published ruleset, on past cases or a synthetic
// sample. Reads only: no counter, case or assignment changes (the access is audited).
import type { TenantTx } from '@bvg/db';
import {
  type CaseAttributes,
  type Ruleset,
  type SimulationCase,
  type SimulationResult,
  simulate,
  syntheticCases,
} from '@bvg/routing';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { validationError } from '../shared/domain-error.ts';
import { loadRoutingState } from './routing-state.ts';
import { requireRuleset } from './ruleset-views.ts';

/** Upper bound on the cases one simulation runs, so a long period cannot stall the API. */
export const MAX_SIMULATION_CASES = 100_000;

export type SimulationSource =
  | { period: { from: Date; to: Date } }
  | {
      sample: { count: number; proportions: readonly { attrs: CaseAttributes; weight: number }[] };
    };

export interface SimulateRoutingInput {
  draftVersion: number;
  source: SimulationSource;
  now: Date;
  actor: Actor;
  requestId?: string | null;
  maxCases?: number;
}

export interface SimulateRoutingResult extends SimulationResult {
  /** Cases run through both rulesets. */
  cases: number;
  /** True when the period held more cases than `maxCases`; the earliest ones were used. */
  truncated: boolean;
  /** Names of the vendors the result mentions. */
  vendorNames: Record<string, string>;
}

/**
 * Runs the draft and the published ruleset over the same cases with the vendors as they
 * are now (certifications, capacity ceilings, open cases; intake starting from zero each
 * day) and returns both distributions, the differences, the cases that would become
 * unroutable and capacity overflows.
 */
export async function simulateRouting(
  tx: TenantTx,
  input: SimulateRoutingInput,
): Promise<SimulateRoutingResult> {
  const max = Math.min(input.maxCases ?? MAX_SIMULATION_CASES, MAX_SIMULATION_CASES);
  const draftView = await requireRuleset(tx, input.draftVersion);
  const state = await loadRoutingState(tx, { now: input.now });
  const published: Ruleset = state.published?.ruleset ?? { id: 'none', version: 0, rules: [] };

  let cases: SimulationCase[];
  let truncated = false;
  if ('period' in input.source) {
    const { from, to } = input.source.period;
    if (!(from.getTime() < to.getTime())) {
      throw validationError([{ path: 'source.period', message: '`from` must be before `to`' }]);
    }
    const rows = await tx.case.findMany({
      // Past real intake only: synthetic cases were never routed and say nothing of traffic.
      where: { createdAt: { gte: from, lt: to }, sandbox: false },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: max + 1,
      select: {
        id: true,
        regionCode: true,
        scopeCode: true,
        channel: true,
        language: true,
        priority: true,
        tier: true,
        createdAt: true,
      },
    });
    truncated = rows.length > max;
    cases = rows.slice(0, max).map((r) => ({
      id: r.id,
      region: r.regionCode,
      scope: r.scopeCode,
      channel: r.channel,
      language: r.language,
      priority: r.priority,
      tier: r.tier,
      receivedAt: r.createdAt,
    }));
  } else {
    const { count, proportions } = input.source.sample;
    const problems = [];
    if (!Number.isInteger(count) || count < 1 || count > max) {
      problems.push({
        path: 'source.sample.count',
        message: `must be a whole number from 1 to ${max}`,
      });
    }
    if (proportions.length === 0) {
      problems.push({
        path: 'source.sample.proportions',
        message: 'give at least one kind of case',
      });
    }
    proportions.forEach((p, i) => {
      if (!(Number.isFinite(p.weight) && p.weight > 0)) {
        problems.push({
          path: `source.sample.proportions.${i}.weight`,
          message: 'must be above zero',
        });
      }
    });
    if (problems.length > 0) throw validationError(problems);
    cases = syntheticCases(
      proportions.map((p) => ({ attrs: p.attrs, weight: p.weight })),
      count,
    );
  }

  const result = simulate({
    cases,
    draft: { id: draftView.id, version: draftView.version, rules: draftView.rules },
    published,
    // Each simulated day starts with no intake; open cases start where they are now.
    vendors: state.vendors.map((v) => ({
      ...v,
      capacity: v.capacity.map((c) => ({ ...c, intakeToday: 0 })),
    })),
    regions: state.regions,
    scopes: state.scopes,
    now: input.now,
  });

  await recordAudit(tx, {
    actor: input.actor,
    action: 'routing.simulate',
    targetType: 'RoutingRuleset',
    targetId: draftView.id,
    requestId: input.requestId ?? null,
    details: {
      version: draftView.version,
      publishedVersion: state.published?.version ?? null,
      source: 'period' in input.source ? 'period' : 'sample',
      cases: cases.length,
    },
  });
  const vendorNames: Record<string, string> = {};
  for (const v of state.vendors) vendorNames[v.id] = v.name;
  return { ...result, cases: cases.length, truncated, vendorNames };
}
