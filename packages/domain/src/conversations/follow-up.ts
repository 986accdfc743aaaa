// What a user's message does to the case it names: join the thread, reopen a resolved case
// within the window, or start a new case that follows a closed (or long-resolved) one. Pure.

export type FollowUp = 'APPEND' | 'REOPEN' | 'NEW_CASE';

/** Default reopen window: a week after resolution. */
export const DEFAULT_REOPEN_WINDOW_MS = 7 * 24 * 3600_000;

export function decideFollowUp(
  c: { status: string; resolvedAt: Date | null },
  at: Date,
  reopenWindowMs: number,
): FollowUp {
  if (c.status === 'CLOSED') return 'NEW_CASE';
  if (c.status !== 'RESOLVED') return 'APPEND';
  // A resolved case without its time (old data) is treated as just resolved.
  const resolvedAt = c.resolvedAt ?? at;
  return at.getTime() - resolvedAt.getTime() <= reopenWindowMs ? 'REOPEN' : 'NEW_CASE';
}
