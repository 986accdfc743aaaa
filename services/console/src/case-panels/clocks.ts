// Where a case's SLA clock stands, from its due time and when it was met: the case page,
// the Tier 2 workspace and queue colour and word each clock by it.

export type ClockState =
  | 'none'
  | 'met'
  | 'met-late'
  | 'paused'
  | 'breached'
  | 'at-risk'
  | 'running'
  /** A replayed clock that stopped without meeting its target: the case left that holder. */
  | 'stopped';

/** Due within this long counts as at risk (as on the ops queues). */
export const AT_RISK_MS = 30 * 60_000;

export function clockState(input: {
  dueAt: string | null | undefined;
  metAt: string | null | undefined;
  /** The case waits on the user: the clock does not run. */
  paused: boolean;
  now: Date;
}): ClockState {
  if (!input.dueAt) return 'none';
  const due = new Date(input.dueAt).getTime();
  if (input.metAt) return new Date(input.metAt).getTime() <= due ? 'met' : 'met-late';
  if (input.paused) return 'paused';
  const left = due - input.now.getTime();
  if (left < 0) return 'breached';
  return left <= AT_RISK_MS ? 'at-risk' : 'running';
}

/** The target a clock is counting to now: first response until one was given, then resolution. */
export function nextDueAt(input: {
  firstResponseAt: string | null | undefined;
  firstResponseDueAt: string | null | undefined;
  resolutionDueAt: string | null | undefined;
}): string | null {
  return (input.firstResponseAt ? input.resolutionDueAt : input.firstResponseDueAt) ?? null;
}

export const CLOCK_LABELS: Record<ClockState, string> = {
  none: 'no target',
  met: 'met',
  'met-late': 'met late',
  paused: 'paused: waiting on the user',
  breached: 'breached',
  'at-risk': 'at risk',
  running: 'running',
  stopped: 'stopped: the case moved on',
};

export const CLOCK_COLORS: Record<ClockState, string> = {
  none: 'gray',
  met: 'green',
  'met-late': 'orange',
  paused: 'gray',
  breached: 'red',
  'at-risk': 'orange',
  running: 'blue',
  stopped: 'gray',
};
