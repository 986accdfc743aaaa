import { describe, expect, it } from 'vitest';
import { DEFAULT_REOPEN_WINDOW_MS, decideFollowUp } from './follow-up.ts';

const at = new Date('2026-12-06T12:00:00Z');
const daysAgo = (d: number) => new Date(at.getTime() - d * 24 * 3600_000);

describe('decideFollowUp', () => {
  it('adds to the thread of a case still being worked', () => {
    for (const status of ['OFFERED', 'ACCEPTED', 'IN_PROGRESS', 'PENDING_USER', 'REOPENED']) {
      expect(decideFollowUp({ status, resolvedAt: null }, at, DEFAULT_REOPEN_WINDOW_MS)).toBe(
        'APPEND',
      );
    }
  });

  it('reopens a resolved case within the window, up to its last instant', () => {
    expect(
      decideFollowUp({ status: 'RESOLVED', resolvedAt: daysAgo(1) }, at, DEFAULT_REOPEN_WINDOW_MS),
    ).toBe('REOPEN');
    expect(
      decideFollowUp({ status: 'RESOLVED', resolvedAt: daysAgo(7) }, at, DEFAULT_REOPEN_WINDOW_MS),
    ).toBe('REOPEN');
  });

  it('starts a new case after the window, and always after closing', () => {
    expect(
      decideFollowUp(
        { status: 'RESOLVED', resolvedAt: daysAgo(7.01) },
        at,
        DEFAULT_REOPEN_WINDOW_MS,
      ),
    ).toBe('NEW_CASE');
    expect(
      decideFollowUp({ status: 'CLOSED', resolvedAt: daysAgo(1) }, at, DEFAULT_REOPEN_WINDOW_MS),
    ).toBe('NEW_CASE');
  });

  it('follows the configured window', () => {
    const hour = 3600_000;
    expect(decideFollowUp({ status: 'RESOLVED', resolvedAt: daysAgo(1) }, at, hour)).toBe(
      'NEW_CASE',
    );
  });
});
