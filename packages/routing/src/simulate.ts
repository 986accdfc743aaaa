import { decideRoute } from './decide-route.ts';
import type {
  AllocationCounts,
  CaseAttributes,
  Decision,
  RegionRule,
  Ruleset,
  ScopeCapacity,
  ScopeInfo,
  UnroutedReason,
  VendorState,
} from './types.ts';

export interface SimulationCase extends CaseAttributes {
  id: string;
  /** When the case arrived; used as the decision time and to start a new intake day. */
  receivedAt?: Date;
}

export interface SimulateInput {
  /** Cases in arrival order. */
  cases: readonly SimulationCase[];
  draft: Ruleset;
  published: Ruleset;
  vendors: readonly VendorState[];
  regions: readonly RegionRule[];
  scopes: readonly ScopeInfo[];
  /** Decision time for cases without `receivedAt`. */
  now: Date;
  /** Split counters to start from; each run works on its own copy. Defaults to none. */
  allocation?: AllocationCounts;
}

/** Cases per vendor × scope × region; `vendorId` null counts unrouted cases. */
export interface DistributionEntry {
  vendorId: string | null;
  scope: string;
  region: string;
  count: number;
}

export interface DistributionDiff {
  vendorId: string | null;
  scope: string;
  region: string;
  published: number;
  draft: number;
  change: number;
}

/** A vendor turned work away because its capacity for a scope was used up during the run. */
export interface CapacityOverflow {
  vendorId: string;
  scope: string;
  reason: 'AT_OPEN_CEILING' | 'AT_DAILY_CAP';
  /** Cases for which the vendor was a candidate but had no room. */
  casesTurnedAway: number;
}

export interface SimulationRun {
  rulesetId: string;
  rulesetVersion: number;
  assigned: number;
  unrouted: number;
  distribution: DistributionEntry[];
  capacityOverflows: CapacityOverflow[];
}

export interface NewlyUnroutableCase {
  caseId: string;
  reason: UnroutedReason;
  /** Where the published ruleset sends it today. */
  publishedVendorId: string;
  summary: string;
}

export interface SimulationResult {
  published: SimulationRun;
  draft: SimulationRun;
  /** Only the vendor × scope × region cells whose counts differ. */
  differences: DistributionDiff[];
  /** Cases the published ruleset assigns but the draft leaves unrouted. */
  newlyUnroutable: NewlyUnroutableCase[];
  /** Cases the draft sends to a different vendor than the published ruleset does. */
  reassigned: number;
}

const SEP = '\u0000';

function cellKey(vendorId: string | null, scope: string, region: string): string {
  return `${vendorId ?? ''}${SEP}${scope}${SEP}${region}`;
}

function splitKey(key: string): [string | null, string, string] {
  const [vendorId, scope, region] = key.split(SEP) as [string, string, string];
  return [vendorId === '' ? null : vendorId, scope, region];
}

function compareCells(
  a: { vendorId: string | null; scope: string; region: string },
  b: { vendorId: string | null; scope: string; region: string },
): number {
  return cellKey(a.vendorId, a.scope, a.region) < cellKey(b.vendorId, b.scope, b.region) ? -1 : 1;
}

interface Run {
  summary: SimulationRun;
  cells: Map<string, number>;
  decisions: Decision[];
}

/**
 * The caseload as a run of arrivals: each assignment adds one to the vendor's open cases and
 * intake for the day, and nothing is resolved during the run. When `receivedAt` moves to a new
 * UTC day, intake starts again from zero and open cases from their starting level (the backlog
 * is assumed steady from day to day).
 */
function runRuleset(input: SimulateInput, ruleset: Ruleset): Run {
  const start = new Map<ScopeCapacity, ScopeCapacity>();
  const vendors: VendorState[] = input.vendors.map((v) => ({
    ...v,
    capacity: v.capacity.map((c) => {
      const copy = { ...c };
      start.set(copy, c);
      return copy;
    }),
  }));
  const byId = new Map(vendors.map((v) => [v.id, v]));
  const allocation: Record<string, Record<string, number>> = {};
  for (const [ruleId, counts] of Object.entries(input.allocation ?? {})) {
    allocation[ruleId] = { ...counts };
  }

  const cells = new Map<string, number>();
  const overflows = new Map<string, number>();
  const decisions: Decision[] = [];
  let assigned = 0;
  let day: string | undefined;

  for (const c of input.cases) {
    const caseDay = c.receivedAt?.toISOString().slice(0, 10);
    if (caseDay !== undefined && day !== undefined && caseDay !== day) {
      for (const [copy, original] of start) {
        copy.intakeToday = 0;
        copy.openCases = original.openCases;
      }
    }
    day = caseDay ?? day;

    const { id: _id, receivedAt, ...caseAttrs } = c;
    const decision = decideRoute({
      caseAttrs,
      ruleset,
      vendors,
      regions: input.regions,
      scopes: input.scopes,
      allocation,
      now: receivedAt ?? input.now,
    });
    decisions.push(decision);

    const turnedAway = new Set<string>();
    const explanation = decision.explanation;
    const candidates = explanation.rules.flatMap((r) => r.candidates);
    if (explanation.inHouseDefault) candidates.push(...explanation.inHouseDefault.candidates);
    for (const candidate of candidates) {
      for (const reason of candidate.reasons) {
        if (reason === 'AT_OPEN_CEILING' || reason === 'AT_DAILY_CAP') {
          turnedAway.add(`${candidate.vendorId}${SEP}${c.scope}${SEP}${reason}`);
        }
      }
    }
    for (const key of turnedAway) overflows.set(key, (overflows.get(key) ?? 0) + 1);

    const vendorId = decision.outcome === 'ASSIGNED' ? decision.vendorId : null;
    const key = cellKey(vendorId, c.scope, c.region);
    cells.set(key, (cells.get(key) ?? 0) + 1);
    if (decision.outcome !== 'ASSIGNED') continue;

    assigned++;
    const capacity = byId.get(decision.vendorId)?.capacity.find((cap) => cap.scope === c.scope);
    if (capacity !== undefined) {
      capacity.openCases++;
      capacity.intakeToday++;
    }
    if (decision.allocationKey !== null) {
      const { ruleId, vendorId: chosen } = decision.allocationKey;
      const counts = allocation[ruleId] ?? {};
      counts[chosen] = (counts[chosen] ?? 0) + 1;
      allocation[ruleId] = counts;
    }
  }

  const distribution = [...cells].map(([key, count]) => {
    const [vendorId, scope, region] = splitKey(key);
    return { vendorId, scope, region, count };
  });
  distribution.sort(compareCells);
  const capacityOverflows = [...overflows].map(([key, casesTurnedAway]) => {
    const [vendorId, scope, reason] = key.split(SEP) as [
      string,
      string,
      CapacityOverflow['reason'],
    ];
    return { vendorId, scope, reason, casesTurnedAway };
  });
  capacityOverflows.sort((a, b) =>
    `${a.vendorId}${SEP}${a.scope}${SEP}${a.reason}` <
    `${b.vendorId}${SEP}${b.scope}${SEP}${b.reason}`
      ? -1
      : 1,
  );
  return {
    summary: {
      rulesetId: ruleset.id,
      rulesetVersion: ruleset.version,
      assigned,
      unrouted: input.cases.length - assigned,
      distribution,
      capacityOverflows,
    },
    cells,
    decisions,
  };
}

/**
 * Runs the draft and the published ruleset over the same cases, each with its own split
 * counters and capacity use, and compares them. Pure: the inputs are not modified and
 * nothing is recorded anywhere.
 */
export function simulate(input: SimulateInput): SimulationResult {
  const published = runRuleset(input, input.published);
  const draft = runRuleset(input, input.draft);

  const differences: DistributionDiff[] = [];
  for (const key of new Set([...published.cells.keys(), ...draft.cells.keys()])) {
    const before = published.cells.get(key) ?? 0;
    const after = draft.cells.get(key) ?? 0;
    if (before === after) continue;
    const [vendorId, scope, region] = splitKey(key);
    differences.push({
      vendorId,
      scope,
      region,
      published: before,
      draft: after,
      change: after - before,
    });
  }
  differences.sort(compareCells);

  const newlyUnroutable: NewlyUnroutableCase[] = [];
  let reassigned = 0;
  input.cases.forEach((c, i) => {
    const before = published.decisions[i]!;
    const after = draft.decisions[i]!;
    if (before.outcome !== 'ASSIGNED') return;
    if (after.outcome === 'UNROUTED') {
      newlyUnroutable.push({
        caseId: c.id,
        reason: after.reason,
        publishedVendorId: before.vendorId,
        summary: after.explanation.summary,
      });
    } else if (after.vendorId !== before.vendorId) {
      reassigned++;
    }
  });

  return {
    published: published.summary,
    draft: draft.summary,
    differences,
    newlyUnroutable,
    reassigned,
  };
}
