import { describe, expect, it } from 'vitest';
import { summariseCaseTrail, type TrailEvent } from './case-trail-summary.ts';

const event = (over: Partial<TrailEvent>): TrailEvent => ({
  id: over.id ?? Math.random().toString(),
  occurredAt: '2026-12-04T10:00:00.000Z',
  actorKind: 'INTERNAL',
  actorId: 'dev.ops',
  action: 'case.read',
  outcome: 'OK',
  details: {},
  ...over,
});

describe("a case's audit trail for auditors", () => {
  it('sums reads per reader with the fields they were shown, most recent reader first', () => {
    const trail = summariseCaseTrail([
      event({ actorId: 'acme-prod', actorKind: 'VENDOR', occurredAt: '2026-12-04T12:00:00.000Z' }),
      event({ occurredAt: '2026-12-04T11:00:00.000Z', details: { fields: ['SUBJECT_PII'] } }),
      event({
        occurredAt: '2026-12-04T09:00:00.000Z',
        details: { fields: ['DESCRIPTION', 'SUBJECT_PII'] },
      }),
    ]);
    expect(trail.readers).toEqual([
      {
        actorKind: 'VENDOR',
        actorId: 'acme-prod',
        reads: 1,
        lastAt: '2026-12-04T12:00:00.000Z',
        fields: [],
      },
      {
        actorKind: 'INTERNAL',
        actorId: 'dev.ops',
        reads: 2,
        lastAt: '2026-12-04T11:00:00.000Z',
        fields: ['SUBJECT_PII', 'DESCRIPTION'],
      },
    ]);
    expect(trail.changes).toEqual([]);
  });

  it('lists every action other than a read as a change, in the order given', () => {
    const trail = summariseCaseTrail([
      event({ id: 'b', action: 'case.transfer_to_team' }),
      event({ id: 'r' }),
      event({ id: 'a', action: 'case.submit', actorId: 'webform' }),
    ]);
    expect(trail.changes.map((e) => e.id)).toEqual(['b', 'a']);
    expect(trail.readers).toHaveLength(1);
  });
});
