// What a worker's action does to a case's clocks and outcome columns besides its status: the
// first response, the SLA pause and how resuming moves the due times, the resolution. Pure, so
// the write path and anything replaying a case's story (the demo history) apply the same rules.
import type { OpeningHours } from '@bvg/calendar';
import { shiftDueAfterPause } from '../sla/index.ts';
import type { CaseAction } from './lifecycle.ts';

/** The case columns an action reads. */
export interface CaseClocks {
  firstResponseAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  slaPausedAt: Date | null;
  slaPausedSeconds: number;
  /** The user's end-to-end clock (absent: the case has none). */
  userFirstResponseDueAt?: Date | null;
  userResolutionDueAt?: Date | null;
}

/** The columns an action sets (absent: unchanged). */
export interface TransitionEffects {
  firstResponseAt?: Date;
  firstResponseDueAt?: Date | null;
  resolutionDueAt?: Date | null;
  slaPausedAt?: Date | null;
  slaPausedSeconds?: number;
  userFirstResponseDueAt?: Date | null;
  userResolutionDueAt?: Date | null;
  resolvedAt?: Date;
  resolutionCode?: string | null;
  firstContactResolution?: boolean | null;
}

/**
 * The column changes of `action` at `at` on a case whose clocks are `current`; `hours` is the
 * holding vendor's calendar (null: calendar time), `userHours` the user clock's (its platform
 * target's calendar version at the pause; null: round the clock).
 */
export function transitionEffects(
  action: CaseAction,
  current: CaseClocks,
  at: Date,
  input: { resolutionCode?: string | null; firstContactResolution?: boolean | null },
  hours: OpeningHours | null,
  userHours: OpeningHours | null = null,
): TransitionEffects {
  switch (action) {
    case 'RECORD_RESPONSE':
      return current.firstResponseAt ? {} : { firstResponseAt: at };
    case 'SET_PENDING':
      return { slaPausedAt: at };
    case 'RESUME': {
      const pausedAt = current.slaPausedAt ?? at;
      const effects: TransitionEffects = {
        slaPausedAt: null,
        slaPausedSeconds:
          current.slaPausedSeconds + Math.round((at.getTime() - pausedAt.getTime()) / 1000),
        resolutionDueAt: shiftDueAfterPause(current.resolutionDueAt, pausedAt, at, hours),
      };
      if (!current.firstResponseAt) {
        effects.firstResponseDueAt = shiftDueAfterPause(
          current.firstResponseDueAt,
          pausedAt,
          at,
          hours,
        );
      }
      // The user's clock pauses too, on its own calendar.
      if (current.userResolutionDueAt != null) {
        effects.userResolutionDueAt = shiftDueAfterPause(
          current.userResolutionDueAt,
          pausedAt,
          at,
          userHours,
        );
      }
      if (!current.firstResponseAt && current.userFirstResponseDueAt != null) {
        effects.userFirstResponseDueAt = shiftDueAfterPause(
          current.userFirstResponseDueAt,
          pausedAt,
          at,
          userHours,
        );
      }
      return effects;
    }
    case 'RESOLVE':
      return {
        resolvedAt: at,
        resolutionCode: input.resolutionCode ?? null,
        firstContactResolution: input.firstContactResolution ?? null,
        ...(current.firstResponseAt ? {} : { firstResponseAt: at }),
      };
    default:
      return {};
  }
}
