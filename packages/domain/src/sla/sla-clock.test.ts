import type { OpeningHours } from '@bvg/calendar';
import { describe, expect, it } from 'vitest';
import {
  computeSlaDueTimes,
  pickSlaTarget,
  type SlaTargetRow,
  shiftDueAfterPause,
} from './sla-clock.ts';

const hours: OpeningHours = {
  timeZone: 'Asia/Kuala_Lumpur',
  days: [1, 2, 3, 4, 5],
  openMinute: 9 * 60,
  closeMinute: 17 * 60,
  holidays: [],
};
const row = (o: Partial<SlaTargetRow>): SlaTargetRow => ({
  scopeCode: null,
  regionCode: null,
  priority: null,
  firstResponseMinutes: 240,
  resolutionMinutes: 2400,
  businessHoursOnly: true,
  ...o,
});

describe('SLA clock', () => {
  const targets = [
    row({}),
    row({
      priority: 'P1',
      firstResponseMinutes: 30,
      resolutionMinutes: 240,
      businessHoursOnly: false,
    }),
    row({ scopeCode: 'ACCOUNT_SECURITY', firstResponseMinutes: 60, resolutionMinutes: 480 }),
    row({
      scopeCode: 'ACCOUNT_SECURITY',
      priority: 'P1',
      firstResponseMinutes: 15,
      resolutionMinutes: 120,
      businessHoursOnly: false,
    }),
  ];

  it('picks the most specific matching target', () => {
    expect(
      pickSlaTarget(targets, { scopeCode: 'ACCOUNT_SECURITY', regionCode: 'MY', priority: 'P1' })
        ?.firstResponseMinutes,
    ).toBe(15);
    expect(
      pickSlaTarget(targets, { scopeCode: 'ACCOUNT_SECURITY', regionCode: 'MY', priority: 'P3' })
        ?.firstResponseMinutes,
    ).toBe(60);
    expect(
      pickSlaTarget(targets, { scopeCode: 'GENERAL', regionCode: 'MY', priority: 'P1' })
        ?.firstResponseMinutes,
    ).toBe(30);
    expect(
      pickSlaTarget(targets, { scopeCode: 'GENERAL', regionCode: 'MY', priority: 'P4' })
        ?.firstResponseMinutes,
    ).toBe(240);
  });

  it('counts business-hours targets in opening hours only: Friday 16:00 + 4 h is Monday 12:00', () => {
    const friday4pm = new Date('2026-08-07T16:00:00+08:00');
    const due = computeSlaDueTimes(
      targets,
      { scopeCode: 'GENERAL', regionCode: 'MY', priority: 'P3' },
      hours,
      friday4pm,
    )!;
    expect(due.firstResponseDueAt.toISOString()).toBe(
      new Date('2026-08-10T12:00:00+08:00').toISOString(),
    );
  });

  it('counts round-the-clock targets in wall time', () => {
    const friday4pm = new Date('2026-08-07T16:00:00+08:00');
    const due = computeSlaDueTimes(
      targets,
      { scopeCode: 'GENERAL', regionCode: 'MY', priority: 'P1' },
      hours,
      friday4pm,
    )!;
    expect(due.firstResponseDueAt.toISOString()).toBe(
      new Date('2026-08-07T16:30:00+08:00').toISOString(),
    );
  });

  it('gives back the paused business time: 2 h left at the pause are 2 h from the resume', () => {
    const due = new Date('2026-08-10T12:00:00+08:00'); // Monday noon
    const pausedAt = new Date('2026-08-10T10:00:00+08:00'); // 2 business hours before
    const resumedAt = new Date('2026-08-10T16:00:00+08:00'); // resume at 16:00 → 1 h today, 1 h Tuesday
    expect(shiftDueAfterPause(due, pausedAt, resumedAt, hours)?.toISOString()).toBe(
      new Date('2026-08-11T10:00:00+08:00').toISOString(),
    );
  });

  it('leaves an already-breached due time where it was', () => {
    const due = new Date('2026-08-10T09:30:00+08:00');
    const pausedAt = new Date('2026-08-10T10:00:00+08:00');
    expect(shiftDueAfterPause(due, pausedAt, new Date('2026-08-10T11:00:00+08:00'), hours)).toEqual(
      due,
    );
  });
});
