import { describe, expect, it } from 'vitest';
import { versionInForce, versionsOver } from './contract-versions.ts';

const at = (s: string) => new Date(s);
const v1 = {
  id: 1,
  effectiveFrom: at('2026-11-01T00:00:00Z'),
  effectiveTo: at('2026-11-16T00:00:00Z'),
};
const v2 = { id: 2, effectiveFrom: at('2026-11-16T00:00:00Z'), effectiveTo: null };

describe('the version in force', () => {
  it('is the one whose half-open period holds the instant: the amendment from its first moment', () => {
    expect(versionInForce([v1, v2], at('2026-11-15T23:59:59.999Z'))?.id).toBe(1);
    expect(versionInForce([v1, v2], at('2026-11-16T00:00:00Z'))?.id).toBe(2);
    expect(versionInForce([v1, v2], at('2027-06-01T00:00:00Z'))?.id).toBe(2);
  });

  it('is none before the first version and after an ended contract', () => {
    expect(versionInForce([v1, v2], at('2026-10-31T00:00:00Z'))).toBeUndefined();
    expect(versionInForce([v1], at('2026-11-20T00:00:00Z'))).toBeUndefined();
  });
});

describe('versions over a month', () => {
  it('give each version its own days of a month split by an amendment', () => {
    const parts = versionsOver([v2, v1], at('2026-11-01T00:00:00Z'), at('2026-12-01T00:00:00Z'));
    expect(parts.map((p) => [p.version.id, p.from.toISOString(), p.to.toISOString()])).toEqual([
      [1, '2026-11-01T00:00:00.000Z', '2026-11-16T00:00:00.000Z'],
      [2, '2026-11-16T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    ]);
  });

  it('leave the month before the amendment to the version then in force alone', () => {
    const parts = versionsOver([v1, v2], at('2026-10-01T00:00:00Z'), at('2026-11-01T00:00:00Z'));
    expect(parts).toEqual([]);
    const firstHalf = versionsOver(
      [v1, v2],
      at('2026-11-01T00:00:00Z'),
      at('2026-11-15T00:00:00Z'),
    );
    expect(firstHalf.map((p) => p.version.id)).toEqual([1]);
  });
});
