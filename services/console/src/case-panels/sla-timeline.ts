// Both SLA clocks of a case as a person reads them: whose clock it is, where each target stands,
// how long the clock was paused, and each step of its replay in words. The gateway replays the
// clocks from the case's events (`slaTimeline`); this only names and sums what it sent.
import { type ClockState, clockState } from './clocks.ts';

export type TimelineEntry = {
  at: string;
  kind: string;
  event: string;
  firstResponseDueAt?: string | null;
  resolutionDueAt?: string | null;
};

export type ReplayedClock = {
  clock: 'USER' | 'VENDOR';
  vendorId?: string | null;
  startedAt: string;
  stoppedAt?: string | null;
  stopReason?: string | null;
  firstResponseDueAt?: string | null;
  firstResponseAt?: string | null;
  firstResponseBreached: boolean;
  resolutionDueAt?: string | null;
  resolutionBreached: boolean;
  entries: readonly TimelineEntry[];
};

const ENTRY_WORDS: Record<string, string> = {
  START: 'Started',
  PAUSE: 'Paused: waiting on the user',
  RESUME: 'Resumed',
  FIRST_RESPONSE: 'First response',
  STOP: 'Stopped',
  REOPEN: 'Reopened',
  HANDOFF: 'Handed off',
};

export function entryWords(kind: string): string {
  return ENTRY_WORDS[kind] ?? kind.toLowerCase().replaceAll('_', ' ');
}

/** Paused now: the last pause has no resume after it, and the clock has not stopped. */
export function isPaused(clock: ReplayedClock): boolean {
  if (clock.stoppedAt) return false;
  const last = [...clock.entries].reverse().find((e) => e.kind === 'PAUSE' || e.kind === 'RESUME');
  return last?.kind === 'PAUSE';
}

/** Time the clock stood still waiting on the user, up to `asOf` for a pause still open. */
export function pausedMs(clock: ReplayedClock, asOf: Date): number {
  let total = 0;
  let since: number | null = null;
  for (const e of clock.entries) {
    const at = new Date(e.at).getTime();
    if (e.kind === 'PAUSE' && since === null) since = at;
    else if ((e.kind === 'RESUME' || e.kind === 'STOP') && since !== null) {
      total += at - since;
      since = null;
    }
  }
  if (since !== null) {
    const end = clock.stoppedAt ? new Date(clock.stoppedAt).getTime() : asOf.getTime();
    total += Math.max(0, end - since);
  }
  return total;
}

/** When a target was met: the first response, or the resolution (the clock stopped resolved). */
export function metAt(clock: ReplayedClock, target: 'firstResponse' | 'resolution'): string | null {
  if (target === 'firstResponse') return clock.firstResponseAt ?? null;
  return clock.stopReason === 'RESOLVED' ? (clock.stoppedAt ?? null) : null;
}

/** Where one target stands on a replayed clock, as of the gateway's `asOf`. */
export function targetState(
  clock: ReplayedClock,
  target: 'firstResponse' | 'resolution',
  asOf: Date,
): ClockState {
  const dueAt = target === 'firstResponse' ? clock.firstResponseDueAt : clock.resolutionDueAt;
  const met = metAt(clock, target);
  const breached =
    target === 'firstResponse' ? clock.firstResponseBreached : clock.resolutionBreached;
  if (!dueAt) return 'none';
  if (met)
    return breached ? 'met-late' : clockState({ dueAt, metAt: met, paused: false, now: asOf });
  if (breached) return 'breached';
  // Stopped without meeting the target: the clock left with the case (handed off, recalled).
  if (clock.stoppedAt) return 'stopped';
  return clockState({ dueAt, metAt: null, paused: isPaused(clock), now: asOf });
}

/** "2 h 5 min", "45 min", "under a minute": paused time as a specialist reads it. */
export function formatDuration(ms: number): string {
  if (ms > 0 && ms < 60_000) return 'under a minute';
  const minutes = Math.round(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** The user's clock first (the promise the platform made), then the vendors' in order of start. */
export function orderClocks<T extends ReplayedClock>(clocks: readonly T[]): T[] {
  return [...clocks].sort((a, b) =>
    a.clock !== b.clock
      ? a.clock === 'USER'
        ? -1
        : 1
      : new Date(a.startedAt).getTime() - new Date(b.startedAt).getTime(),
  );
}
