// SLA clocks: when a case's first response and resolution are due, from the contract's
// targets for its scope, region and priority, counted in the vendor's opening hours; and
// how a pause (waiting on the user) moves them. Pure: the caller passes the calendar and now.
import { addBusinessMinutes, businessMinutesBetween, type OpeningHours } from '@bvg/calendar';

/** A vendor's calendar as stored (time zone, holidays, opening hours JSON) → the SLA clock's. */
export function openingHoursOf(vendor: {
  timeZone: string;
  holidays: readonly string[];
  businessHours: unknown;
}): OpeningHours {
  const hours = vendor.businessHours as { days: number[]; openMinute: number; closeMinute: number };
  return { timeZone: vendor.timeZone, holidays: vendor.holidays, ...hours };
}

export interface SlaTargetRow {
  scopeCode: string | null;
  regionCode: string | null;
  priority: string | null;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  businessHoursOnly: boolean;
}

export interface SlaCaseAttributes {
  scopeCode: string;
  regionCode: string;
  priority: string;
}

/** The most specific target that matches (each named attribute must match; more named wins). */
export function pickSlaTarget(
  targets: readonly SlaTargetRow[],
  c: SlaCaseAttributes,
): SlaTargetRow | null {
  let best: SlaTargetRow | null = null;
  let bestScore = -1;
  for (const t of targets) {
    if (t.scopeCode !== null && t.scopeCode !== c.scopeCode) continue;
    if (t.regionCode !== null && t.regionCode !== c.regionCode) continue;
    if (t.priority !== null && t.priority !== c.priority) continue;
    const score = (t.scopeCode ? 4 : 0) + (t.priority ? 2 : 0) + (t.regionCode ? 1 : 0);
    if (score > bestScore) {
      best = t;
      bestScore = score;
    }
  }
  return best;
}

export interface SlaDueTimes {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
  target: SlaTargetRow;
}

const addMinutes = (start: number, minutes: number, hours: OpeningHours | null) =>
  hours ? addBusinessMinutes(start, minutes, hours) : start + minutes * 60_000;

/** Due times counted from `start` (when the vendor was offered the case). */
export function computeSlaDueTimes(
  targets: readonly SlaTargetRow[],
  c: SlaCaseAttributes,
  hours: OpeningHours,
  start: Date,
): SlaDueTimes | null {
  const target = pickSlaTarget(targets, c);
  if (!target) return null;
  const calendar = target.businessHoursOnly ? hours : null;
  return {
    firstResponseDueAt: new Date(
      addMinutes(start.getTime(), target.firstResponseMinutes, calendar),
    ),
    resolutionDueAt: new Date(addMinutes(start.getTime(), target.resolutionMinutes, calendar)),
    target,
  };
}

/**
 * After a pause from `pausedAt` to `resumedAt`, a due time still ahead at the pause keeps the
 * clock time it had left: the remaining (business) minutes are counted again from the resume.
 * A due time already passed at the pause stays where it was (the breach happened).
 */
export function shiftDueAfterPause(
  due: Date | null,
  pausedAt: Date,
  resumedAt: Date,
  hours: OpeningHours | null,
): Date | null {
  if (!due || due.getTime() <= pausedAt.getTime()) return due;
  const remaining = hours
    ? businessMinutesBetween(pausedAt.getTime(), due.getTime(), hours)
    : (due.getTime() - pausedAt.getTime()) / 60_000;
  return new Date(addMinutes(resumedAt.getTime(), remaining, hours));
}
