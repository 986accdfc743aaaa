// `slaTimeline`: both SLA clocks of a case replayed from its events, with the calendar
// version each counted on; what a contract dispute is settled on. Ops and auditors see every
// clock, a specialist those of its teams' cases, the holding vendor its own clocks only.
import type { CalendarVersion } from '@bvg/calendar';
import type { PrismaClient, TenantTx } from '@bvg/db';
import { loadCalendarVersions, vendorCalendar } from '../calendars/index.ts';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { CaseNotFoundError, DomainError } from '../shared/domain-error.ts';
import { specialistTeams } from '../teams/index.ts';
import {
  type ClockEvent,
  type PlatformTargetRow,
  type ReplayedClock,
  replayClocks,
  type VendorClockTerms,
} from './clock-replay.ts';

export interface SlaTimeline {
  caseId: string;
  /** The instant a clock still running is judged at. */
  asOf: Date;
  /** In the order they started: the user's clock first, then each vendor's. */
  clocks: ReplayedClock[];
}

/** The inputs of a case's replay, read in the caller's transaction (row-level security applies). */
export async function loadClockReplay(
  tx: TenantTx,
  caseId: string,
): Promise<{
  events: ClockEvent[];
  calendars: Map<string, readonly CalendarVersion[]>;
  targets: {
    case: { scopeCode: string; regionCode: string; priority: string };
    platform: PlatformTargetRow[];
    vendors: Map<string, VendorClockTerms>;
  };
} | null> {
  const c = await tx.case.findUnique({
    where: { id: caseId },
    select: { id: true, scopeCode: true, regionCode: true, priority: true },
  });
  if (c === null) return null;
  const events = await tx.caseEvent.findMany({
    where: { caseId },
    orderBy: { id: 'asc' },
    select: { type: true, occurredAt: true, vendorId: true, data: true },
  });
  const vendorIds = [
    ...new Set(events.flatMap((e) => (e.type === 'OFFERED' && e.vendorId ? [e.vendorId] : []))),
  ];
  const vendors = await tx.vendor.findMany({
    where: { id: { in: vendorIds } },
    select: {
      id: true,
      calendarId: true,
      timeZone: true,
      holidays: true,
      businessHours: true,
      contracts: {
        orderBy: [{ effectiveFrom: 'desc' }, { id: 'asc' }],
        select: {
          effectiveFrom: true,
          effectiveTo: true,
          slaTargets: {
            select: {
              scopeCode: true,
              regionCode: true,
              priority: true,
              firstResponseMinutes: true,
              resolutionMinutes: true,
              businessHoursOnly: true,
            },
          },
        },
      },
    },
  });
  const platform = await tx.platformSlaTarget.findMany({ orderBy: { id: 'asc' } });
  const calendarIds = [
    ...vendors.flatMap((v) => (v.calendarId ? [v.calendarId] : [])),
    ...platform.flatMap((t) => (t.calendarId ? [t.calendarId] : [])),
  ];
  const calendars: Map<string, readonly CalendarVersion[]> = await loadCalendarVersions(
    tx,
    calendarIds,
  );
  const terms = new Map<string, VendorClockTerms>();
  for (const v of vendors) {
    const calendar = vendorCalendar(v, calendars);
    calendars.set(calendar.calendarId, calendar.versions);
    terms.set(v.id, { calendarId: calendar.calendarId, contracts: v.contracts });
  }
  // The user clock counts on the target its CREATED event recorded, when it still exists.
  const recorded = (
    events.find((e) => e.type === 'CREATED')?.data as {
      userClock?: { targetId?: string };
    } | null
  )?.userClock?.targetId;
  const chosen = platform.filter((t) => t.id === recorded);
  return {
    events,
    calendars,
    targets: {
      case: { scopeCode: c.scopeCode, regionCode: c.regionCode, priority: c.priority },
      platform: chosen.length > 0 ? chosen : platform,
      vendors: terms,
    },
  };
}

/** Both clocks of a case from its events; NOT_FOUND when the caller cannot see the case. */
export async function readSlaTimeline(
  prisma: PrismaClient,
  actor: Actor,
  caseId: string,
  options: { now?: Date } = {},
): Promise<SlaTimeline> {
  if (actor.kind === 'INTAKE' || actor.kind === 'SYSTEM')
    throw new DomainError('FORBIDDEN', 'SLA timelines are read by ops, specialists and vendors');
  if (!/^[0-9a-f-]{36}$/i.test(caseId)) throw new CaseNotFoundError(caseId);
  const asOf = options.now ?? new Date();
  return withActorScope(prisma, actor, 'replay SLA clocks', async (tx) => {
    const holder = await tx.case.findUnique({ where: { id: caseId }, select: { vendorId: true } });
    if (holder === null) throw new CaseNotFoundError(caseId);
    if (actor.kind === 'VENDOR' && holder.vendorId !== actor.vendorId)
      throw new CaseNotFoundError(caseId);
    if (actor.kind === 'INTERNAL' && !actor.roles.some((r) => r === 'ops' || r === 'auditor')) {
      const teams = await specialistTeams(tx, actor);
      if (!teams.some((t) => t.id === holder.vendorId)) throw new CaseNotFoundError(caseId);
    }
    const input = (await loadClockReplay(tx, caseId))!;
    const clocks = replayClocks(input.events, input.calendars, input.targets, asOf);
    return {
      caseId,
      asOf,
      // A vendor sees its own assignments' clocks, not the platform's nor other vendors'.
      clocks:
        actor.kind === 'VENDOR'
          ? clocks.filter((k) => k.clock === 'VENDOR' && k.vendorId === actor.vendorId)
          : clocks,
    };
  });
}
