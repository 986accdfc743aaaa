import { describe, expect, it } from 'vitest';
import { clockState, nextDueAt } from './clocks.ts';

const now = new Date('2026-12-04T10:00:00.000Z');
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();

describe('a Tier 2 SLA clock as the specialist sees it', () => {
  it('is breached past its due time and at risk within 30 minutes of it', () => {
    expect(clockState({ dueAt: at(-1), metAt: null, paused: false, now })).toBe('breached');
    expect(clockState({ dueAt: at(30), metAt: null, paused: false, now })).toBe('at-risk');
    expect(clockState({ dueAt: at(31), metAt: null, paused: false, now })).toBe('running');
  });

  it('is met (or met late) once met, whatever the time now, and paused while waiting on the user', () => {
    expect(clockState({ dueAt: at(-60), metAt: at(-61), paused: false, now })).toBe('met');
    expect(clockState({ dueAt: at(-60), metAt: at(-10), paused: false, now })).toBe('met-late');
    expect(clockState({ dueAt: at(-5), metAt: null, paused: true, now })).toBe('paused');
    expect(clockState({ dueAt: null, metAt: null, paused: false, now })).toBe('none');
  });

  it('counts to first response until one was given, then to resolution', () => {
    const due = { firstResponseDueAt: at(30), resolutionDueAt: at(240) };
    expect(nextDueAt({ ...due, firstResponseAt: null })).toBe(at(30));
    expect(nextDueAt({ ...due, firstResponseAt: at(5) })).toBe(at(240));
    expect(
      nextDueAt({ firstResponseAt: null, firstResponseDueAt: null, resolutionDueAt: null }),
    ).toBeNull();
  });
});
