// What the people at a vendor do with an offer, drawn from the vendor's quality profile:
// decline it now and then, accept, answer, wait on the user, escalate to Tier 2, resolve; and
// what the user and the platform do after (reopen, auto-close, CSAT, QA). Every action goes
// through the case story, so the lifecycle decides what is allowed and what it changes.
import type { OpeningHours } from '@bvg/calendar';
import type { VendorDef } from '../catalog.ts';
import type { Rng } from '../prng.ts';
import { type Arrival, DAY, HOUR, MINUTE, roundSecond, SECOND } from './arrivals.ts';
import type { CaseStory, StoryActor } from './case-story.ts';

const REJECT_REASONS = [
  'Language not staffed on this shift',
  'Outside contracted scope detail',
  'Queue at capacity',
];
const ESCALATION_REASONS = [
  'Needs policy exception',
  'Suspected coordinated abuse',
  'Legal request mentioned',
  'User threatens self-harm',
  'Account of a public figure',
];
const PENDING_REASONS = [
  'Asked the user for a screenshot',
  'Asked the user to confirm identity',
  'Waiting for the user to retry',
];
const CSAT_COMMENTS: Record<number, readonly string[]> = {
  1: ['Nobody actually read my message.', 'Still cannot get into my account.'],
  2: ['Took too long to hear back.', 'Had to explain everything twice.'],
  3: ['Solved in the end, but slow.'],
  4: ['Helpful, thanks.', 'Good answer.'],
  5: ['Quick and friendly, thank you!', 'Fixed it right away.'],
};
const QA_RUBRIC: readonly { item: string; weight: number }[] = [
  { item: 'Verification and greeting', weight: 10 },
  { item: 'Understanding of the issue', weight: 20 },
  { item: 'Policy accuracy', weight: 30 },
  { item: 'Resolution quality', weight: 25 },
  { item: 'Tone and empathy', weight: 15 },
];

export interface QaDraw {
  at: number;
  evaluatorId: string;
  rubric: { item: string; weight: number; score: number }[];
  score: number;
  criticalError: boolean;
}

/** Feedback and quality reviews of a resolved case (kept only if they fall inside the period). */
export interface Feedback {
  resolverId: string;
  csat: { at: number; score: number; comment: string | null } | null;
  vendorQa: QaDraw | null;
  internalQa: QaDraw | null;
}

/** A case of the history: what intake received and what happened to it. */
export interface DemoCase {
  arrival: Arrival;
  story: CaseStory;
  /** One agent works the case at each vendor. */
  agents: Map<string, string>;
  paused: boolean;
  firstResponseLate: boolean;
  feedback: Feedback | null;
}

export interface Holder {
  vendor: VendorDef;
  vendorId: string;
  /** The vendor's calendar, for the SLA clocks. */
  hours: OpeningHours | null;
}

/** The case goes back to routing: at `at`, without the vendors that had it. */
export interface Reroute {
  at: number;
  exclude: string[];
  tier?: 'T2';
}

export interface OfferOutcome {
  /** When the case stops counting as open at this vendor. */
  leavesAt: number;
  next: Reroute | null;
}

function actorOf(c: DemoCase, holder: Holder): StoryActor {
  const { vendor } = holder;
  let agent = c.agents.get(vendor.slug);
  if (agent === undefined) {
    agent =
      vendor.kind === 'IN_HOUSE'
        ? `${vendor.slug}:specialist-${c.arrival.rng.int(1, 25)}`
        : `${vendor.slug}:agent-${c.arrival.rng.int(1, 60)}`;
    c.agents.set(vendor.slug, agent);
  }
  return { kind: vendor.kind === 'IN_HOUSE' ? 'INTERNAL' : 'VENDOR', id: agent };
}

/**
 * Plays the holder's part after an offer at `story.current.offeredAt`. A first offer may be
 * declined; an escalated case's Tier 2 offer is worked from a fresh response.
 */
export function workOffer(
  c: DemoCase,
  holder: Holder,
  options: { mayReject: boolean; escalated: boolean },
): OfferOutcome {
  const { story } = c;
  const rng = c.arrival.rng;
  const { hours } = holder;
  const offer = story.current!;
  const q = holder.vendor.quality;
  const actor = actorOf(c, holder);
  const bpo = holder.vendor.kind === 'BPO';

  if (options.mayReject && bpo && rng.chance(q.rejectRate)) {
    const at = story.next(offer.offeredAt + rng.between(2, 14) * MINUTE);
    story.act('REJECT', at, actor, { reason: rng.pick(REJECT_REASONS) }, hours);
    return { leavesAt: at, next: { at: at + 2 * SECOND, exclude: [holder.vendorId] } };
  }
  const acceptedAt = story.next(
    offer.offeredAt + rng.between(q.acceptMinutes[0], q.acceptMinutes[1]) * MINUTE,
  );
  story.act('ACCEPT', acceptedAt, actor, {}, hours);

  let workFrom: number;
  if (options.escalated) {
    workFrom = story.next(acceptedAt + rng.between(10, 60) * MINUTE);
    story.act('RECORD_RESPONSE', workFrom, actor, {}, hours);
  } else {
    const due = story.columns.firstResponseDueAt?.getTime() ?? null;
    const met = rng.chance(q.firstResponseMet);
    let respondedAt: number;
    if (due === null) {
      respondedAt = acceptedAt + rng.between(5, 60) * MINUTE;
    } else if (met && due > acceptedAt + MINUTE) {
      respondedAt = acceptedAt + (due - acceptedAt) * rng.between(0.05, 0.8);
    } else {
      respondedAt =
        Math.max(due, acceptedAt) + (due - offer.offeredAt) * rng.between(0.1, 1.2) + MINUTE;
    }
    respondedAt = story.next(respondedAt);
    c.firstResponseLate = due !== null && respondedAt > due;
    story.act('RECORD_RESPONSE', respondedAt, actor, {}, hours);
    workFrom = respondedAt;

    if (rng.chance(q.pendingRate)) {
      c.paused = true;
      const pendingAt = story.next(respondedAt + rng.between(2, 90) * MINUTE);
      story.act('SET_PENDING', pendingAt, actor, { reason: rng.pick(PENDING_REASONS) }, hours);
      // A few users take weeks to answer: the aged backlog at the end of the quarter.
      const waitHours = rng.chance(0.04) ? rng.between(7 * 24, 40 * 24) : rng.between(1, 48);
      const resumedAt = story.next(pendingAt + waitHours * HOUR);
      story.act('RESUME', resumedAt, actor, {}, hours);
      workFrom = resumedAt;
    }
    if (bpo && rng.chance(q.escalationRate)) {
      const at = story.next(workFrom + rng.between(10, 480) * MINUTE);
      story.act('ESCALATE', at, actor, { reason: rng.pick(ESCALATION_REASONS) }, hours);
      // The worker re-routes it from the outbox a moment later; until then it is still held.
      const rerouteAt = at + 3 * SECOND;
      return {
        leavesAt: rerouteAt,
        next: { at: rerouteAt, exclude: [holder.vendorId], tier: 'T2' },
      };
    }
  }
  return { leavesAt: resolve(c, holder, actor, workFrom, options.escalated), next: null };
}

/** Resolution, a possible reopen, the auto-close and the feedback; returns the last resolution. */
function resolve(
  c: DemoCase,
  holder: Holder,
  actor: StoryActor,
  workFrom: number,
  escalated: boolean,
): number {
  const { story, arrival } = c;
  const rng = arrival.rng;
  const { hours } = holder;
  const q = holder.vendor.quality;
  const offeredAt = story.current!.offeredAt;
  const due = story.columns.resolutionDueAt?.getTime() ?? null;
  const met = rng.chance(q.resolutionMet);
  let resolvedAt: number;
  if (due === null) {
    resolvedAt = workFrom + rng.between(1, 24) * HOUR;
  } else if (met && due > workFrom + 20 * MINUTE) {
    resolvedAt = workFrom + (due - workFrom) * rng.between(0.05, 0.7);
  } else {
    resolvedAt = Math.max(due, workFrom) + (due - offeredAt) * rng.between(0.05, 0.5) + 10 * MINUTE;
  }
  resolvedAt = story.next(resolvedAt);
  const fcrDraw = rng.chance(Math.min(0.98, q.firstContactResolution / (1 - q.pendingRate)));
  const resolutionCode = rng.pick(arrival.scope.resolutionCodes);
  // The handle time the partner reports with the resolution (the scorecards' AHT).
  const handleSeconds = Math.round(
    rng.between(0.5, 1.6) *
      (holder.vendor.slug === 'pacific-bridge' ? 1050 : 780) *
      (c.paused ? 1.3 : 1),
  );
  story.act(
    'RESOLVE',
    resolvedAt,
    actor,
    {
      resolutionCode,
      firstContactResolution: fcrDraw && !c.paused && !escalated,
      handleSeconds,
    },
    hours,
  );
  let lastResolved = resolvedAt;
  if (rng.chance(q.reopenRate)) {
    const reopenedAt = story.next(resolvedAt + rng.between(4, 60) * HOUR);
    const user: StoryActor = { kind: 'INTAKE', id: arrival.source };
    story.act(
      'REOPEN',
      reopenedAt,
      user,
      { reason: 'User replied that the issue is not solved' },
      hours,
    );
    const respondedAgain = story.next(reopenedAt + rng.between(20, 360) * MINUTE);
    story.act('RECORD_RESPONSE', respondedAgain, actor, {}, hours);
    lastResolved = story.next(respondedAgain + rng.between(1, 36) * HOUR);
    story.act(
      'RESOLVE',
      lastResolved,
      actor,
      { resolutionCode, firstContactResolution: false, handleSeconds },
      hours,
    );
  }
  const closedAt = story.next(lastResolved + 72 * HOUR);
  story.act(
    'CLOSE',
    closedAt,
    { kind: 'SYSTEM', id: 'auto-close' },
    { after: 'quiet period' },
    hours,
  );

  const breached = c.firstResponseLate || (due !== null && resolvedAt > due);
  c.feedback = drawFeedback(rng, holder, resolvedAt, breached);
  return lastResolved;
}

function rubricScores(rng: Rng, centre: number, noise: number, critical: boolean) {
  const rubric = QA_RUBRIC.map(({ item, weight }) => {
    const raw =
      critical && item === 'Policy accuracy' ? 0 : centre + rng.between(-noise, noise * 0.8);
    return { item, weight, score: Math.max(0, Math.min(100, Math.round(raw))) };
  });
  const score = Math.round(rubric.reduce((sum, r) => sum + r.weight * r.score, 0) / 10) / 10;
  return { rubric, score };
}

function drawFeedback(rng: Rng, holder: Holder, resolvedAt: number, breached: boolean): Feedback {
  const { vendor } = holder;
  const csatDraw = rng.chance(0.35);
  const csatAt = roundSecond(resolvedAt + rng.between(0.5, 48) * HOUR);
  const weights = vendor.quality.csat.map((w, i) =>
    breached ? w * ([2.2, 1.8, 1.2, 0.8, 0.6][i] ?? 1) : w,
  );
  const score = rng.weighted(weights.map((w, i) => [i + 1, w] as const));
  const comment = rng.chance(0.3) ? rng.pick(CSAT_COMMENTS[score] ?? ['']) : null;
  const qaDraw = rng.chance(0.08);
  const internalDraw = rng.chance(0.25);
  const qaAt = roundSecond(resolvedAt + rng.between(1, 5) * DAY);
  const internalAt = roundSecond(resolvedAt + rng.between(3, 10) * DAY);
  const critical = rng.chance(vendor.slug === 'pacific-bridge' ? 0.06 : 0.025);
  const vendorQa = rubricScores(rng, vendor.quality.qaCentre, 12, critical);
  // Internal auditors are stricter, and now and then far apart — what calibration is for.
  const gap = rng.chance(0.2) ? rng.between(10, 18) : rng.between(-2, 6);
  const internalQa = rubricScores(rng, vendorQa.score - gap, 6, critical);
  const qaEvaluator = `${vendor.slug}:qa-${rng.int(1, 3)}`;
  const internalEvaluator = `internal:qa-auditor-${rng.int(1, 3)}`;
  return {
    resolverId: holder.vendorId,
    csat: csatDraw ? { at: csatAt, score, comment } : null,
    vendorQa: qaDraw
      ? { at: qaAt, evaluatorId: qaEvaluator, criticalError: critical, ...vendorQa }
      : null,
    internalQa:
      qaDraw && internalDraw
        ? { at: internalAt, evaluatorId: internalEvaluator, criticalError: critical, ...internalQa }
        : null,
  };
}
