// One case's history as the system would have written it: every status change is planned by
// the lifecycle (`planTransition`), its clock effects by `transitionEffects`, and routing
// outcomes carry the engine's decision as `bookRoutes` records it. The story keeps a snapshot
// of the case's columns after each step, so it can be cut at any instant.
import type { OpeningHours } from '@bvg/calendar';
import type { CaseEventType, CaseStatus, Prisma } from '@bvg/db';
import {
  type CaseAction,
  planTransition,
  routedEventData,
  transitionEffects,
  unroutedRetryDelayMs,
} from '@bvg/domain';
import type { AssignedDecision, Decision } from '@bvg/routing';
import { roundSecond, SECOND } from './arrivals.ts';

export type ActorKind = 'VENDOR' | 'INTERNAL' | 'INTAKE' | 'SYSTEM';

export interface StoryActor {
  kind: ActorKind;
  id: string;
}

export interface CaseColumns {
  status: CaseStatus;
  vendorId: string | null;
  version: number;
  routingAttempts: number;
  tier: 'T1' | 'T2';
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  slaPausedAt: Date | null;
  slaPausedSeconds: number;
  firstContactResolution: boolean | null;
  resolutionCode: string | null;
  routingRetryAt: Date | null;
  claimedBy: string | null;
  claimedAt: Date | null;
}

export interface StoryEvent {
  type: CaseEventType;
  from: CaseStatus | null;
  to: CaseStatus | null;
  version: number;
  vendorId: string | null;
  actor: StoryActor;
  data: Prisma.InputJsonValue;
  at: number;
}

export interface Step {
  at: number;
  /** The case after the step. */
  columns: CaseColumns;
}

export interface StoryAssignment {
  id: string;
  vendorId: string;
  attempt: number;
  decision: AssignedDecision;
  offeredAt: number;
  acceptedAt: number | null;
  endedAt: number | null;
  endStatus: 'REJECTED' | 'ESCALATED' | null;
  endReason: string | null;
}

export interface DueTimes {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
}

export class CaseStory {
  readonly steps: Step[] = [];
  readonly events: StoryEvent[] = [];
  readonly assignments: StoryAssignment[] = [];
  #columns: CaseColumns;
  #last: number;

  constructor(
    readonly caseId: string,
    tier: 'T1' | 'T2',
    at: number,
    actor: StoryActor,
    data: Prisma.InputJsonValue,
  ) {
    this.#last = at;
    this.#columns = {
      status: 'NEW',
      vendorId: null,
      version: 1,
      routingAttempts: 0,
      tier,
      firstResponseDueAt: null,
      resolutionDueAt: null,
      firstResponseAt: null,
      resolvedAt: null,
      closedAt: null,
      slaPausedAt: null,
      slaPausedSeconds: 0,
      firstContactResolution: null,
      resolutionCode: null,
      routingRetryAt: null,
      claimedBy: null,
      claimedAt: null,
    };
    this.#event(at, { type: 'CREATED', from: null, to: 'NEW', actor, data });
    this.steps.push({ at, columns: this.#columns });
  }

  get columns(): Readonly<CaseColumns> {
    return this.#columns;
  }

  /** The holding assignment (the last one offered). */
  get current(): StoryAssignment | undefined {
    return this.assignments[this.assignments.length - 1];
  }

  /** A whole second after the story's last step, at or after `candidate`. */
  next(candidate: number): number {
    this.#last = Math.max(roundSecond(candidate), this.#last + SECOND);
    return this.#last;
  }

  #event(
    at: number,
    e: Omit<StoryEvent, 'at' | 'version' | 'vendorId'> & { vendorId?: string | null },
  ) {
    this.events.push({
      ...e,
      at,
      version: this.#columns.version,
      vendorId: e.vendorId === undefined ? this.#columns.vendorId : e.vendorId,
    });
  }

  #step(at: number, patch: Partial<CaseColumns>) {
    this.#columns = { ...this.#columns, ...patch };
    this.steps.push({ at, columns: this.#columns });
  }

  /** Books a routing outcome the way `bookRoutes` does: ROUTED + OFFERED, or UNROUTED. */
  route(
    decision: Decision,
    at: number,
    actor: StoryActor,
    assignmentId: string,
    due: DueTimes | null,
    tier?: 'T2',
  ): StoryAssignment | null {
    const from = this.#columns.status;
    const attempt = this.#columns.routingAttempts + 1;
    const version = this.#columns.version + 1;
    if (decision.outcome !== 'ASSIGNED') {
      this.#step(at, {
        status: 'UNROUTED',
        vendorId: null,
        version,
        routingAttempts: attempt,
        routingRetryAt: new Date(at + unroutedRetryDelayMs(attempt)),
        ...(tier ? { tier } : {}),
      });
      this.#event(at, {
        type: 'UNROUTED',
        from,
        to: 'UNROUTED',
        actor,
        vendorId: null,
        data: { reason: decision.reason, summary: decision.explanation.summary },
      });
      return null;
    }
    this.#step(at, {
      status: 'OFFERED',
      vendorId: decision.vendorId,
      version,
      routingAttempts: attempt,
      routingRetryAt: null,
      firstResponseDueAt: due?.firstResponseDueAt ?? this.#columns.firstResponseDueAt,
      resolutionDueAt: due?.resolutionDueAt ?? this.#columns.resolutionDueAt,
      ...(tier ? { tier } : {}),
    });
    const data = routedEventData(decision, assignmentId) as Prisma.InputJsonValue;
    this.#event(at, { type: 'ROUTED', from, to: 'ROUTED', actor, data });
    this.#event(at, {
      type: 'OFFERED',
      from: 'ROUTED',
      to: 'OFFERED',
      actor,
      data: { assignmentId },
    });
    const assignment: StoryAssignment = {
      id: assignmentId,
      vendorId: decision.vendorId,
      attempt,
      decision,
      offeredAt: at,
      acceptedAt: null,
      endedAt: null,
      endStatus: null,
      endReason: null,
    };
    this.assignments.push(assignment);
    return assignment;
  }

  /** A worker's (or the platform's) action, planned by the lifecycle. */
  act(
    action: CaseAction,
    at: number,
    actor: StoryActor,
    data: Record<string, unknown>,
    hours: OpeningHours | null,
  ): void {
    const plan = planTransition(action, this.#columns.status);
    const c = this.#columns;
    const effects = transitionEffects(
      action,
      c,
      new Date(at),
      {
        resolutionCode: (data.resolutionCode as string | undefined) ?? null,
        firstContactResolution: (data.firstContactResolution as boolean | undefined) ?? null,
      },
      hours,
    );
    const patch: Partial<CaseColumns> = { status: plan.to, version: c.version + 1, ...effects };
    // A specialist's accept is the claim; an escalated case leaves whoever held it.
    if (actor.kind === 'INTERNAL' && action === 'ACCEPT') {
      patch.claimedBy = actor.id;
      patch.claimedAt = new Date(at);
    }
    if (action === 'ESCALATE') {
      patch.claimedBy = null;
      patch.claimedAt = null;
    }
    if (action === 'CLOSE') patch.closedAt = new Date(at);
    this.#step(at, patch);
    this.#event(at, {
      type: plan.event,
      from: plan.from,
      to: plan.to,
      actor,
      data: data as Prisma.InputJsonValue,
    });
    const holding = this.current;
    if (holding === undefined) return;
    if (action === 'ACCEPT') holding.acceptedAt = at;
    if (action === 'REJECT') {
      holding.endedAt = at;
      holding.endStatus = 'REJECTED';
      holding.endReason = (data.reason as string | undefined) ?? null;
    }
  }

  /** Re-routing recalls an escalated case from its holder first (`rerouteCase`). */
  recallEscalated(at: number): void {
    const holding = this.current;
    if (holding === undefined) return;
    holding.endedAt = at;
    holding.endStatus = 'ESCALATED';
    holding.endReason = 'ESCALATED';
  }

  /** The case as it stood just before `end`. */
  columnsAt(end: number): CaseColumns {
    let columns = this.steps[0]!.columns;
    for (const step of this.steps) {
      if (step.at >= end) break;
      columns = step.columns;
    }
    return columns;
  }
}
