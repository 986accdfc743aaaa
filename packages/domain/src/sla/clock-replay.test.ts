import type { CalendarVersion } from '@bvg/calendar';
import { describe, expect, it } from 'vitest';
import { type ClockEvent, type ClockTargets, replayClocks } from './clock-replay.ts';
import type { SlaTargetRow } from './sla-clock.ts';

const at = (local: string) => new Date(`${local}+08:00`);
const calendar = (id: string, o: Partial<CalendarVersion> = {}): CalendarVersion => ({
  id: `${id}-v1`,
  calendarId: id,
  calendarCode: id,
  version: 1,
  effectiveFrom: new Date(0),
  timeZone: 'Asia/Manila',
  days: [1, 2, 3, 4, 5],
  openMinute: 9 * 60,
  closeMinute: 17 * 60,
  holidays: [],
  ...o,
});
const target = (o: Partial<SlaTargetRow> = {}): SlaTargetRow => ({
  scopeCode: null,
  regionCode: null,
  priority: null,
  firstResponseMinutes: 60,
  resolutionMinutes: 480,
  businessHoursOnly: true,
  ...o,
});
const ev = (type: string, when: string, vendorId: string | null = null, data = {}): ClockEvent => ({
  type,
  occurredAt: at(when),
  vendorId,
  data,
});

const calendars = new Map([
  [
    'platform',
    [calendar('platform', { days: [1, 2, 3, 4, 5, 6], openMinute: 8 * 60, closeMinute: 20 * 60 })],
  ],
  ['tier1-a', [calendar('tier1-a')]],
  [
    'tier1-b',
    [
      calendar('tier1-b'),
      // From the 15th the vendor opens at 07:00 (a new version mid-month).
      calendar('tier1-b', {
        id: 'tier1-b-v2',
        version: 2,
        effectiveFrom: at('2026-06-15T00:00:00'),
        openMinute: 7 * 60,
      }),
    ],
  ],
]);
const targets: ClockTargets = {
  case: { scopeCode: 'PAYMENTS', regionCode: 'PH', priority: 'P3' },
  platform: [
    {
      id: 'p',
      scopeCode: null,
      regionCode: null,
      priority: null,
      firstResponseMinutes: 120,
      resolutionMinutes: 1440,
      calendarId: 'platform',
    },
  ],
  vendors: new Map([
    [
      'a',
      {
        calendarId: 'tier1-a',
        contracts: [{ effectiveFrom: new Date(0), effectiveTo: null, slaTargets: [target()] }],
      },
    ],
    [
      'b',
      {
        calendarId: 'tier1-b',
        contracts: [{ effectiveFrom: new Date(0), effectiveTo: null, slaTargets: [target()] }],
      },
    ],
    // The in-house team keeps no contract targets.
    ['team', { calendarId: null, contracts: [] }],
  ]),
};

describe('replaying the two SLA clocks', () => {
  // Created Friday 23:29, offered to A at once, recalled and re-routed to B at 23:30 Monday
  // morning's clock; B responds, escalates to the team, which pauses and resolves.
  const events = [
    ev('CREATED', '2026-06-12T23:29:02'),
    ev('OFFERED', '2026-06-12T23:29:02', 'a'),
    ev('RECALLED', '2026-06-12T23:30:12', 'a'),
    ev('OFFERED', '2026-06-12T23:30:12', 'b'),
    ev('RESPONDED', '2026-06-15T08:30:00', 'b'),
    ev('ESCALATED', '2026-06-15T10:00:00', 'b'),
    ev('OFFERED', '2026-06-15T10:00:00', 'team'),
    ev('PENDING_USER', '2026-06-15T11:00:00', 'team'),
    ev('RESUMED', '2026-06-15T15:00:00', 'team'),
    ev('RESOLVED', '2026-06-16T12:00:00', 'team'),
  ];
  const clocks = replayClocks(events, calendars, targets, at('2026-06-20T00:00:00'));

  it("never restarts the user's clock: counted from creation on the platform calendar, moved only by the pause", () => {
    const user = clocks.find((c) => c.clock === 'USER')!;
    expect(user.startedAt).toEqual(at('2026-06-12T23:29:02'));
    expect(user.calendarVersion?.id).toBe('platform-v1');
    // 2 h from Saturday 08:00 (Mon–Sat 08–20): Saturday 10:00.
    expect(user.entries[0]!.firstResponseDueAt).toEqual(at('2026-06-13T10:00:00'));
    // 24 h of 12-h days from Saturday 08:00 = Monday 20:00; the 4 h pause Monday 11–15
    // (4 business hours) moves it to Tuesday 12:00.
    expect(user.entries[0]!.resolutionDueAt).toEqual(at('2026-06-15T20:00:00'));
    expect(user.resolutionDueAt).toEqual(at('2026-06-16T12:00:00'));
    expect(user.firstResponseBreached).toBe(true); // answered Monday 08:30
    expect(user.resolutionBreached).toBe(false);
    expect(user.entries.map((e) => e.kind)).toEqual([
      'START',
      'FIRST_RESPONSE',
      'PAUSE',
      'RESUME',
      'STOP',
    ]);
  });

  it("restarts the vendor's clock per assignment, each on its own calendar version", () => {
    const vendors = clocks.filter((c) => c.clock === 'VENDOR');
    expect(vendors.map((c) => [c.vendorId, c.stopReason])).toEqual([
      ['a', 'RECALLED'],
      ['b', 'ESCALATED'],
      ['team', 'RESOLVED'],
    ]);
    const b = vendors[1]!;
    // Offered Friday night: counted from Monday, on the version in force at the offer (09:00).
    expect(b.calendarVersion?.id).toBe('tier1-b-v1');
    expect(b.firstResponseDueAt).toEqual(at('2026-06-15T10:00:00'));
    expect(b.firstResponseBreached).toBe(false);
    expect(vendors[2]!.resolutionDueAt).toBeNull();
  });

  it('uses the version in force at the offer: after the mid-month change, the 07:00 opening', () => {
    const later = replayClocks(
      [ev('CREATED', '2026-06-19T23:00:00'), ev('OFFERED', '2026-06-19T23:00:00', 'b')],
      calendars,
      targets,
      at('2026-06-19T23:30:00'),
    );
    const b = later.find((c) => c.clock === 'VENDOR')!;
    expect(b.calendarVersion?.id).toBe('tier1-b-v2');
    expect(b.firstResponseDueAt).toEqual(at('2026-06-22T08:00:00'));
    expect(b.firstResponseBreached).toBe(false);
  });
});
