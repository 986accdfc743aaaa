// The two SLA clocks of a case replayed from its events alone: the vendor's clock (per
// assignment, from its contract's targets, on its calendar) and the user's end-to-end clock
// (from creation, on the platform's targets, never restarted by re-routing or escalation).
// Pure: the live path sets the same due times with the same functions, so a replay settles
// what a clock said at any point.
import {
  type CalendarVersion,
  type OpeningHours,
  openingHoursOfVersion,
  versionInForce,
} from '@bvg/calendar';
import { versionInForce as contractVersionAt } from '../shared/contract-versions.ts';
import {
  computeSlaDueTimes,
  pickSlaTarget,
  type SlaCaseAttributes,
  type SlaTargetRow,
  shiftDueAfterPause,
} from './sla-clock.ts';

/** A case event as the replay reads it. */
export interface ClockEvent {
  type: string;
  occurredAt: Date;
  vendorId: string | null;
  data: unknown;
}

/** A platform target: null attributes match any; `calendarId` null counts round the clock. */
export interface PlatformTargetRow {
  id: string;
  scopeCode: string | null;
  regionCode: string | null;
  priority: string | null;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  calendarId: string | null;
}

/** What a vendor's clock is counted from: its calendar and its contracts, newest first. */
export interface VendorClockTerms {
  calendarId: string | null;
  /** Its contract versions: the one in force at an instant sets that instant's targets. */
  contracts: readonly {
    effectiveFrom: Date;
    effectiveTo: Date | null;
    slaTargets: readonly SlaTargetRow[];
  }[];
}

export interface ClockTargets {
  case: SlaCaseAttributes;
  platform: readonly PlatformTargetRow[];
  vendors: ReadonlyMap<string, VendorClockTerms>;
}

export type ClockKind = 'USER' | 'VENDOR';
export type ClockEntryKind =
  | 'START'
  | 'PAUSE'
  | 'RESUME'
  | 'FIRST_RESPONSE'
  | 'STOP'
  | 'REOPEN'
  | 'HANDOFF';

export interface ClockEntry {
  kind: ClockEntryKind;
  at: Date;
  /** The event type that caused it. */
  event: string;
  /** Due times after the entry. */
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

export interface ReplayedClock {
  clock: ClockKind;
  /** The vendor whose clock it is (USER: null). */
  vendorId: string | null;
  startedAt: Date;
  /** The calendar version the due times were counted on at the start (null: round the clock). */
  calendarVersion: CalendarVersion | null;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstResponseAt: Date | null;
  /** When the resolution clock stopped (resolved, or the vendor lost the case); null: running. */
  stoppedAt: Date | null;
  stopReason: string | null;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
  entries: ClockEntry[];
}

/** A calendar's versions keyed by calendar id. */
export type CalendarVersions = ReadonlyMap<string, readonly CalendarVersion[]>;

/** The calendar version a clock on `calendarId` counts on at `at` (null: round the clock). */
export function calendarVersionAt(
  calendars: CalendarVersions,
  calendarId: string | null,
  at: Date,
): CalendarVersion | null {
  if (calendarId === null) return null;
  return versionInForce(calendars.get(calendarId) ?? [], at);
}

const hoursOf = (v: CalendarVersion | null): OpeningHours | null =>
  v === null ? null : openingHoursOfVersion(v);

/** The user clock's due times at the case's creation (platform targets on their calendar). */
export function userClockAt(
  platform: readonly PlatformTargetRow[],
  caseAttrs: SlaCaseAttributes,
  calendars: CalendarVersions,
  createdAt: Date,
): {
  target: PlatformTargetRow;
  calendarVersion: CalendarVersion | null;
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
} | null {
  const target = pickSlaTarget(
    platform.map((t) => ({ ...t, businessHoursOnly: t.calendarId !== null })),
    caseAttrs,
  ) as (PlatformTargetRow & { businessHoursOnly: boolean }) | null;
  if (target === null) return null;
  const calendarVersion = calendarVersionAt(calendars, target.calendarId, createdAt);
  // A target on a calendar with no version in force yet counts round the clock.
  const hours = hoursOf(calendarVersion);
  const due = computeSlaDueTimes(
    [{ ...target, businessHoursOnly: hours !== null }],
    caseAttrs,
    hours ?? WALL,
    createdAt,
  )!;
  return {
    target,
    calendarVersion,
    firstResponseDueAt: due.firstResponseDueAt,
    resolutionDueAt: due.resolutionDueAt,
  };
}

// Never read: a round-the-clock target does not consult the calendar.
const WALL: OpeningHours = {
  timeZone: 'UTC',
  days: [],
  openMinute: 0,
  closeMinute: 0,
  holidays: [],
};

/** The vendor clock's due times from an offer at `at` (the live path's `slaDueTimesFor`). */
export function vendorClockAt(
  terms: VendorClockTerms | undefined,
  caseAttrs: SlaCaseAttributes,
  calendars: CalendarVersions,
  at: Date,
): {
  calendarVersion: CalendarVersion | null;
  target: SlaTargetRow;
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
} | null {
  if (terms === undefined) return null;
  const contract = contractVersionAt(terms.contracts, at);
  const calendarVersion = calendarVersionAt(calendars, terms.calendarId, at);
  const hours = hoursOf(calendarVersion);
  const targets = contract?.slaTargets ?? [];
  // Without a calendar in force, business-hours targets have nothing to count on: none applies.
  const usable = hours === null ? targets.filter((t) => !t.businessHoursOnly) : targets;
  const due = computeSlaDueTimes(usable, caseAttrs, hours ?? WALL, at);
  if (due === null) return null;
  return {
    calendarVersion,
    target: due.target,
    firstResponseDueAt: due.firstResponseDueAt,
    resolutionDueAt: due.resolutionDueAt,
  };
}

interface Running {
  clock: ReplayedClock;
  /** Calendar id the clock's pauses are counted on (the holder's, or the platform target's). */
  calendarId: string | null;
  businessHours: boolean;
}

/**
 * Both clocks of a case from its events (in order). A vendor clock starts at each offer
 * (an offer handing an escalated case on within Tier 2 keeps the clock running) and stops when
 * the vendor resolves the case or loses it; the user clock starts at creation and stops only at
 * resolution. A pause (PENDING_USER → RESUMED) gives back the time it took on the calendar
 * version in force at the pause. `now` decides the breach of a clock still running.
 */
export function replayClocks(
  events: readonly ClockEvent[],
  calendars: CalendarVersions,
  targets: ClockTargets,
  now: Date = new Date(),
): ReplayedClock[] {
  const clocks: ReplayedClock[] = [];
  let user: Running | null = null;
  let vendor: Running | null = null;
  let pausedAt: Date | null = null;
  let firstResponseAt: Date | null = null;
  let holder: string | null = null;

  const entry = (r: Running, kind: ClockEntryKind, at: Date, event: string) =>
    r.clock.entries.push({
      kind,
      at,
      event,
      firstResponseDueAt: r.clock.firstResponseDueAt,
      resolutionDueAt: r.clock.resolutionDueAt,
    });
  const stop = (r: Running | null, at: Date, event: string, reason: string) => {
    if (r === null || r.clock.stoppedAt !== null) return;
    r.clock.stoppedAt = at;
    r.clock.stopReason = reason;
    entry(r, 'STOP', at, event);
  };

  for (const e of events) {
    const data = (e.data ?? {}) as Record<string, unknown>;
    switch (e.type) {
      case 'CREATED': {
        const due = userClockAt(targets.platform, targets.case, calendars, e.occurredAt);
        const clock = newClock('USER', null, e.occurredAt, due?.calendarVersion ?? null, due);
        clock.firstResponseMinutes = due?.target.firstResponseMinutes ?? null;
        clock.resolutionMinutes = due?.target.resolutionMinutes ?? null;
        user = {
          clock,
          calendarId: due?.target.calendarId ?? null,
          businessHours: due?.calendarVersion != null,
        };
        clocks.push(clock);
        entry(user, 'START', e.occurredAt, e.type);
        break;
      }
      case 'OFFERED': {
        if (typeof data.toTeam === 'string' && vendor !== null) {
          // Handed on within Tier 2: the escalated case keeps the clock it had.
          holder = e.vendorId;
          entry(vendor, 'HANDOFF', e.occurredAt, e.type);
          break;
        }
        stop(vendor, e.occurredAt, e.type, 'REASSIGNED');
        holder = e.vendorId;
        const terms = e.vendorId === null ? undefined : targets.vendors.get(e.vendorId);
        const due = vendorClockAt(terms, targets.case, calendars, e.occurredAt);
        const clock = newClock(
          'VENDOR',
          e.vendorId,
          e.occurredAt,
          due?.calendarVersion ?? null,
          due,
        );
        clock.firstResponseMinutes = due?.target.firstResponseMinutes ?? null;
        clock.resolutionMinutes = due?.target.resolutionMinutes ?? null;
        // A first response made before this offer already answered the user.
        clock.firstResponseAt = firstResponseAt;
        vendor = {
          clock,
          calendarId: terms?.calendarId ?? null,
          businessHours: due?.target.businessHoursOnly ?? false,
        };
        clocks.push(clock);
        entry(vendor, 'START', e.occurredAt, e.type);
        break;
      }
      case 'REJECTED':
      case 'OFFER_EXPIRED':
      case 'RECALLED':
      case 'ESCALATED':
        stop(vendor, e.occurredAt, e.type, e.type);
        break;
      case 'RESPONDED':
        if (firstResponseAt === null) respond(e.occurredAt, e.type);
        break;
      case 'PENDING_USER':
        pausedAt = e.occurredAt;
        for (const r of [user, vendor])
          if (r && r.clock.stoppedAt === null) entry(r, 'PAUSE', e.occurredAt, e.type);
        break;
      case 'RESUMED': {
        const from = pausedAt ?? e.occurredAt;
        for (const r of [user, vendor]) {
          if (r === null || r.clock.stoppedAt !== null) continue;
          // A vendor's pause counts on the holder's calendar, whatever the target (as ever);
          // the user's on its target's calendar, or round the clock.
          const hours =
            r === vendor
              ? hoursOf(calendarVersionAt(calendars, holderCalendar(holder), from))
              : r.businessHours
                ? hoursOf(calendarVersionAt(calendars, r.calendarId, from))
                : null;
          r.clock.resolutionDueAt = shiftDueAfterPause(
            r.clock.resolutionDueAt,
            from,
            e.occurredAt,
            hours,
          );
          if (r.clock.firstResponseAt === null)
            r.clock.firstResponseDueAt = shiftDueAfterPause(
              r.clock.firstResponseDueAt,
              from,
              e.occurredAt,
              hours,
            );
          entry(r, 'RESUME', e.occurredAt, e.type);
        }
        pausedAt = null;
        break;
      }
      case 'RESOLVED':
        if (firstResponseAt === null) respond(e.occurredAt, e.type);
        stop(user, e.occurredAt, e.type, 'RESOLVED');
        stop(vendor, e.occurredAt, e.type, 'RESOLVED');
        break;
      case 'REOPENED':
        for (const r of [user, vendor]) {
          if (r === null || r.clock.stopReason !== 'RESOLVED') continue;
          r.clock.stoppedAt = null;
          r.clock.stopReason = null;
          entry(r, 'REOPEN', e.occurredAt, e.type);
        }
        break;
      default:
        break;
    }
  }

  function holderCalendar(vendorId: string | null): string | null {
    return vendorId === null ? null : (targets.vendors.get(vendorId)?.calendarId ?? null);
  }

  function respond(at: Date, event: string) {
    firstResponseAt = at;
    for (const r of [user, vendor]) {
      if (r === null || r.clock.stoppedAt !== null || r.clock.firstResponseAt !== null) continue;
      r.clock.firstResponseAt = at;
      entry(r, 'FIRST_RESPONSE', at, event);
    }
  }

  for (const c of clocks) {
    const end = (c.stoppedAt ?? now).getTime();
    const responded = c.firstResponseAt?.getTime() ?? end;
    c.firstResponseBreached =
      c.firstResponseDueAt !== null && responded > c.firstResponseDueAt.getTime();
    c.resolutionBreached = c.resolutionDueAt !== null && end > c.resolutionDueAt.getTime();
  }
  return clocks;
}

function newClock(
  clock: ClockKind,
  vendorId: string | null,
  startedAt: Date,
  calendarVersion: CalendarVersion | null,
  due: { firstResponseDueAt: Date; resolutionDueAt: Date } | null,
): ReplayedClock {
  return {
    clock,
    vendorId,
    startedAt,
    calendarVersion,
    firstResponseMinutes: null,
    resolutionMinutes: null,
    firstResponseDueAt: due?.firstResponseDueAt ?? null,
    resolutionDueAt: due?.resolutionDueAt ?? null,
    firstResponseAt: null,
    stoppedAt: null,
    stopReason: null,
    firstResponseBreached: false,
    resolutionBreached: false,
    entries: [],
  };
}
