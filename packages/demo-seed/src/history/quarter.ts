// The quarter in time order. Every routing request (intake, the re-route after a rejection or
// an escalation) is decided by the routing engine's `decideBatch` from the routing state the
// domain loads, with the split counters, today's intake and open cases as they stand at that
// instant; the SLA clocks of each offer come from the domain's `slaDueTimesFor`.
// Capacity is the one thing not read from the state: the demo contracts it after the fact, with
// headroom over the peaks this run reaches (`capacityRows`), so every capacity check the engine
// made here passes under the stored capacity too and the history stays consistent with it.
import { localDate } from '@bvg/calendar';
import { demoId } from '@bvg/db';
import { openingHoursOf, type RoutingState, slaDueTimesFor } from '@bvg/domain';
import { decideBatch, type ScopeCapacity, splitKey, type VendorState } from '@bvg/routing';
import { VENDORS, type VendorDef } from '../catalog.ts';
import { vendorId as vendorIdOf } from '../reference-data.ts';
import type { Arrival } from './arrivals.ts';
import { CaseStory, type StoryActor } from './case-story.ts';
import { MinHeap } from './min-heap.ts';
import { type DemoCase, type Reroute, workOffer } from './work-offer.ts';

export interface QuarterInput {
  state: RoutingState;
  arrivals: readonly Arrival[];
  /** Nothing at or after this instant happens. */
  end: number;
}

export interface QuarterResult {
  cases: DemoCase[];
  /** Split counters by rule × vendor. */
  splits: Map<string, { ruleId: string; vendorId: string; n: number }>;
  /** Offers per vendor × scope × the vendor's local day. */
  intake: Map<string, { vendorId: string; scope: string; day: string; n: number }>;
  /** The most cases open at once per vendor × scope. */
  peakOpen: Map<string, number>;
}

interface Request extends Partial<Reroute> {
  at: number;
  seq: number;
  c: DemoCase;
  exclude: string[];
}

const SEP = '|';
const BUCKET = 15 * 60_000;
const vendorDefs = new Map<string, VendorDef>(VENDORS.map((v) => [vendorIdOf(v.slug), v]));
const INTAKE_ACTOR = (source: string): StoryActor => ({ kind: 'INTAKE', id: source });
const REROUTE_ACTOR: StoryActor = { kind: 'SYSTEM', id: 'reroute' };

export function simulateQuarter(input: QuarterInput): QuarterResult {
  const { state, end } = input;
  const ruleset = state.published?.ruleset;
  if (ruleset === undefined) throw new Error('the demo history needs a published ruleset');
  // Own copies whose capacity figures are kept current in place as offers come and go.
  const vendors: VendorState[] = state.vendors.map(unboundedCapacity).map((v) => ({
    ...v,
    capacity: v.capacity.map((c) => ({ ...c, openCases: 0, intakeToday: 0 })),
  }));
  const capacityOf = new Map<string, ScopeCapacity>();
  for (const v of vendors) for (const c of v.capacity) capacityOf.set(`${v.id}${SEP}${c.scope}`, c);
  const vendorDay = new Map<string, string>();
  const splitCounts = new Map<string, number>();
  const result: QuarterResult = {
    cases: [],
    splits: new Map(),
    intake: new Map(),
    peakOpen: new Map(),
  };
  const leaving = new MinHeap<{ at: number; key: string }>((a, b) => a.at < b.at);
  const agenda = new MinHeap<Request>((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq));
  let seq = 0;

  // Local days change on quarter-hour boundaries in every time zone.
  const days = new Map<string, string>();
  const dayOf = (vendorId: string, at: number) => {
    const tz = state.vendorTimeZones.get(vendorId) ?? 'UTC';
    const key = `${tz}${SEP}${Math.floor(at / BUCKET)}`;
    let day = days.get(key);
    if (day === undefined) {
      day = localDate(tz, at);
      days.set(key, day);
    }
    return day;
  };
  /** Starts each vendor's new local day with the intake already booked on it (none, so far). */
  const turnDays = (at: number) => {
    for (const v of vendors) {
      const day = dayOf(v.id, at);
      if (vendorDay.get(v.id) === day) continue;
      vendorDay.set(v.id, day);
      for (const c of v.capacity) {
        c.intakeToday = result.intake.get(`${v.id}${SEP}${c.scope}${SEP}${day}`)?.n ?? 0;
      }
    }
  };

  for (const arrival of input.arrivals) {
    const story = new CaseStory(
      arrival.caseId,
      arrival.attrs.tier,
      arrival.at,
      INTAKE_ACTOR(arrival.source),
      {
        source: arrival.source,
        channel: arrival.attrs.channel,
      },
    );
    const c: DemoCase = {
      arrival,
      story,
      agents: new Map(),
      paused: false,
      firstResponseLate: false,
      feedback: null,
    };
    result.cases.push(c);
    // Intake books the route in the transaction that creates the case.
    agenda.push({ at: arrival.at, seq: seq++, c, exclude: [] });
  }

  for (let r = agenda.pop(); r !== undefined && r.at < end; r = agenda.pop()) {
    for (let l = leaving.peek(); l !== undefined && l.at <= r.at; l = leaving.peek()) {
      leaving.pop();
      const c = capacityOf.get(l.key);
      if (c !== undefined) c.openCases -= 1;
    }
    turnDays(r.at);
    const { story, arrival } = r.c;
    const rerouted = story.assignments.length > 0;
    const at = rerouted ? story.next(r.at) : r.at;
    if (r.tier === 'T2') story.recallEscalated(at);
    const caseAttrs = { ...arrival.attrs, tier: r.tier ?? story.columns.tier };
    const now = new Date(at);
    const batch = decideBatch({
      ruleset,
      vendors,
      regions: state.regions,
      scopes: state.scopes,
      now,
      cases: [{ caseAttrs, excludeVendorIds: r.exclude }],
      splits: splitCounts,
      // Today's intake is in the vendors' capacity figures; nothing else is locked.
      intake: new Map(),
    });
    const decision = batch.decisions[0]!;
    const actor = rerouted ? REROUTE_ACTOR : INTAKE_ACTOR(arrival.source);
    const assignmentId = demoId(
      `assignment:${arrival.caseId}:${story.columns.routingAttempts + 1}`,
    );
    const due =
      decision.outcome === 'ASSIGNED'
        ? slaDueTimesFor(decision.vendorId, caseAttrs, state, now)
        : null;
    const offer = story.route(decision, at, actor, assignmentId, due, r.tier);
    if (offer === null || decision.outcome !== 'ASSIGNED') continue;

    for (const s of batch.increments.splits) {
      const key = `${s.ruleId}${SEP}${s.vendorId}`;
      const entry = result.splits.get(key) ?? { ruleId: s.ruleId, vendorId: s.vendorId, n: 0 };
      entry.n += s.n;
      result.splits.set(key, entry);
    }
    for (const s of batch.increments.splits) {
      const key = splitKey(s.ruleId, s.vendorId);
      splitCounts.set(key, (splitCounts.get(key) ?? 0) + s.n);
    }
    const scope = caseAttrs.scope;
    const day = dayOf(decision.vendorId, at);
    const intakeKey = `${decision.vendorId}${SEP}${scope}${SEP}${day}`;
    const entry = result.intake.get(intakeKey) ?? { vendorId: decision.vendorId, scope, day, n: 0 };
    entry.n += 1;
    result.intake.set(intakeKey, entry);
    const openKey = `${decision.vendorId}${SEP}${scope}`;
    const held = capacityOf.get(openKey);
    if (held !== undefined) {
      held.openCases += 1;
      if (vendorDay.get(decision.vendorId) === day) held.intakeToday += 1;
      result.peakOpen.set(openKey, Math.max(result.peakOpen.get(openKey) ?? 0, held.openCases));
    }

    const vendor = vendorDefs.get(decision.vendorId);
    if (vendor === undefined) throw new Error(`vendor ${decision.vendorId} is not a demo vendor`);
    const terms = state.vendorTerms.get(decision.vendorId);
    const outcome = workOffer(
      r.c,
      { vendor, vendorId: decision.vendorId, hours: terms ? openingHoursOf(terms) : null },
      { mayReject: !rerouted, escalated: r.tier === 'T2' },
    );
    leaving.push({ at: outcome.leavesAt, key: openKey });
    if (outcome.next !== null) {
      agenda.push({
        ...outcome.next,
        seq: seq++,
        c: r.c,
        exclude: [...r.exclude, ...outcome.next.exclude],
      });
    }
  }
  return result;
}

function unboundedCapacity(vendor: VendorState): VendorState {
  const scopes = new Set(vendor.certifications.map((c) => c.scope));
  const capacity: ScopeCapacity[] = [...scopes].sort().map((scope) => ({
    scope,
    openCaseCeiling: Number.MAX_SAFE_INTEGER,
    dailyIntakeCap: Number.MAX_SAFE_INTEGER,
    openCases: 0,
    intakeToday: 0,
  }));
  return { ...vendor, capacity };
}
