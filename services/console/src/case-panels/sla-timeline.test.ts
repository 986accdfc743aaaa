import { describe, expect, it } from 'vitest';
import {
  entryWords,
  formatDuration,
  isPaused,
  orderClocks,
  pausedMs,
  type ReplayedClock,
  targetState,
} from './sla-timeline.ts';

const t0 = new Date('2026-12-04T09:00:00.000Z').getTime();
const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();

function clock(overrides: Partial<ReplayedClock> = {}): ReplayedClock {
  return {
    clock: 'VENDOR',
    vendorId: 'team-1',
    startedAt: at(0),
    firstResponseDueAt: at(30),
    resolutionDueAt: at(240),
    firstResponseBreached: false,
    resolutionBreached: false,
    entries: [{ kind: 'START', event: 'OFFERED', at: at(0) }],
    ...overrides,
  };
}

describe('a replayed SLA clock as a specialist reads it', () => {
  it('says a target met in time is met, and one met after its due time met late', () => {
    const inTime = clock({ firstResponseAt: at(20) });
    expect(targetState(inTime, 'firstResponse', new Date(at(60)))).toBe('met');
    const late = clock({ firstResponseAt: at(45), firstResponseBreached: true });
    expect(targetState(late, 'firstResponse', new Date(at(60)))).toBe('met-late');
  });

  it("takes the gateway's breach verdict for a target still open, and counts resolution as met only when the case was resolved", () => {
    const breached = clock({ firstResponseBreached: true });
    expect(targetState(breached, 'firstResponse', new Date(at(10)))).toBe('breached');
    const resolved = clock({ stoppedAt: at(200), stopReason: 'RESOLVED' });
    expect(targetState(resolved, 'resolution', new Date(at(300)))).toBe('met');
    const handedOff = clock({ stoppedAt: at(100), stopReason: 'ESCALATED' });
    expect(targetState(handedOff, 'resolution', new Date(at(300)))).toBe('stopped');
    expect(targetState(clock({ resolutionDueAt: null }), 'resolution', new Date(at(1)))).toBe(
      'none',
    );
  });

  it('is paused while the last pause has no resume, and sums every pause (an open one up to now)', () => {
    const entries = [
      { kind: 'START', event: 'OFFERED', at: at(0) },
      { kind: 'PAUSE', event: 'PENDING_USER', at: at(10) },
      { kind: 'RESUME', event: 'RESUMED', at: at(40) },
      { kind: 'PAUSE', event: 'PENDING_USER', at: at(50) },
    ];
    const waiting = clock({ entries });
    expect(isPaused(waiting)).toBe(true);
    expect(targetState(waiting, 'resolution', new Date(at(60)))).toBe('paused');
    expect(pausedMs(waiting, new Date(at(125)))).toBe((30 + 75) * 60_000);

    const resumed = clock({
      entries: [...entries, { kind: 'RESUME', event: 'MESSAGE_RECEIVED', at: at(65) }],
    });
    expect(isPaused(resumed)).toBe(false);
    expect(pausedMs(resumed, new Date(at(500)))).toBe((30 + 15) * 60_000);
    // A pause ended by the case leaving counts up to the stop, not to now.
    const stopped = clock({ entries, stoppedAt: at(70), stopReason: 'ESCALATED' });
    expect(isPaused(stopped)).toBe(false);
    expect(pausedMs(stopped, new Date(at(500)))).toBe((30 + 20) * 60_000);
  });

  it("puts the user's clock first, then the vendors' clocks in the order they started", () => {
    const ordered = orderClocks([
      clock({ vendorId: 'b', startedAt: at(60) }),
      clock({ vendorId: 'a', startedAt: at(0) }),
      clock({ clock: 'USER', vendorId: null, startedAt: at(0) }),
    ]);
    expect(ordered.map((c) => c.vendorId ?? 'user')).toEqual(['user', 'a', 'b']);
  });

  it('names each step and each duration in words', () => {
    expect(entryWords('PAUSE')).toBe('Paused: waiting on the user');
    expect(entryWords('HANDOFF')).toBe('Handed off');
    expect(entryWords('SOMETHING_NEW')).toBe('something new');
    expect(formatDuration(45 * 60_000)).toBe('45 min');
    expect(formatDuration(125 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(120 * 60_000)).toBe('2 h');
    expect(formatDuration(12_000)).toBe('under a minute');
  });
});
