import type { OpeningHours } from '@bvg/calendar';
import { describe, expect, it } from 'vitest';
import { type CaseClocks, transitionEffects } from './transition-effects.ts';

// Kuala Lumpur is UTC+8: 09:00–17:00 local is 01:00–09:00 UTC, Monday to Friday.
const hours: OpeningHours = {
  timeZone: 'Asia/Kuala_Lumpur',
  days: [1, 2, 3, 4, 5],
  openMinute: 9 * 60,
  closeMinute: 17 * 60,
  holidays: [],
};
const at = (iso: string) => new Date(iso);
const clocks = (o: Partial<CaseClocks> = {}): CaseClocks => ({
  firstResponseAt: null,
  firstResponseDueAt: at('2026-07-06T05:00:00Z'),
  resolutionDueAt: at('2026-07-07T05:00:00Z'),
  slaPausedAt: null,
  slaPausedSeconds: 0,
  ...o,
});

describe('what an action does to a case besides its status', () => {
  it('stamps the first response once; later answers leave it', () => {
    const now = at('2026-07-06T02:00:00Z');
    expect(transitionEffects('RECORD_RESPONSE', clocks(), now, {}, hours)).toEqual({
      firstResponseAt: now,
    });
    expect(
      transitionEffects('RECORD_RESPONSE', clocks({ firstResponseAt: now }), now, {}, hours),
    ).toEqual({});
  });

  it('gives the resolution clock back the opening time it had left when the user answers', () => {
    // Paused Monday 03:00 UTC with 10 opening hours to go (due Tuesday 05:00 UTC) and resumed
    // Wednesday 01:00 UTC (opening): due 10 opening hours later, Thursday 03:00 UTC.
    const effects = transitionEffects(
      'RESUME',
      clocks({
        firstResponseAt: at('2026-07-06T02:00:00Z'),
        slaPausedAt: at('2026-07-06T03:00:00Z'),
        slaPausedSeconds: 60,
      }),
      at('2026-07-08T01:00:00Z'),
      {},
      hours,
    );
    expect(effects).toEqual({
      slaPausedAt: null,
      slaPausedSeconds: 60 + 46 * 3600,
      resolutionDueAt: at('2026-07-09T03:00:00Z'),
    });
  });

  it('resolving answers the user too, and records the outcome', () => {
    const now = at('2026-07-06T04:00:00Z');
    expect(
      transitionEffects(
        'RESOLVE',
        clocks(),
        now,
        { resolutionCode: 'FIXED', firstContactResolution: true },
        hours,
      ),
    ).toEqual({
      resolvedAt: now,
      resolutionCode: 'FIXED',
      firstContactResolution: true,
      firstResponseAt: now,
    });
  });
});
