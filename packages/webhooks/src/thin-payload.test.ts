import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { buildThinPayload, webhookPayloadSchema } from './thin-payload.ts';

const now = new Date('2025-06-02T10:00:00.000Z');
const ref = { caseId: 'case_1', vendorId: 'vendor_1', version: 3 };

describe('buildThinPayload', () => {
  it('builds each event with its type, time and a thin data object', () => {
    expect(buildThinPayload('case.assigned', ref, now)).toEqual({
      type: 'case.assigned',
      timestamp: '2025-06-02T10:00:00.000Z',
      data: ref,
    });
    expect(
      buildThinPayload('case.recalled', { ...ref, reason: 'OFFER_EXPIRED' }, now).data,
    ).toEqual({
      ...ref,
      reason: 'OFFER_EXPIRED',
    });
    expect(
      buildThinPayload('case.updated', { ...ref, status: 'IN_PROGRESS' }, now).data.status,
    ).toBe('IN_PROGRESS');
    expect(
      buildThinPayload(
        'case.sla_warning',
        { ...ref, clock: 'RESOLUTION', dueAt: '2025-06-02T12:00:00.000Z' },
        now,
      ).data,
    ).toMatchObject({ clock: 'RESOLUTION', dueAt: '2025-06-02T12:00:00.000Z' });
  });

  it('builds the credit events from ids and a version or status only', () => {
    const dispute = { disputeId: 'd1', lineId: 'l1', statementId: 's1', vendorId: 'vendor_1' };
    expect(
      buildThinPayload(
        'credit.statement_closed',
        { statementId: 's1', vendorId: 'vendor_1', period: '2026-03', version: 2 },
        now,
      ).data,
    ).toEqual({ statementId: 's1', vendorId: 'vendor_1', period: '2026-03', version: 2 });
    expect(
      buildThinPayload('credit.dispute_opened', { ...dispute, status: 'OPEN' }, now).type,
    ).toBe('credit.dispute_opened');
    expect(() =>
      buildThinPayload(
        'credit.dispute_resolved',
        { ...dispute, status: 'ADJUSTED', amountCents: 1_200 } as never,
        now,
      ),
    ).toThrow(ZodError);
  });

  it('refuses anything beyond ids, version and the event facts, so no PII can ride along', () => {
    const withPii = { ...ref, subjectEmail: 'user@example.com' };

    expect(() => buildThinPayload('case.assigned', withPii as typeof ref, now)).toThrow(ZodError);
  });

  it('refuses missing or malformed references', () => {
    expect(() => buildThinPayload('case.assigned', { ...ref, caseId: '' }, now)).toThrow(ZodError);
    expect(() => buildThinPayload('case.assigned', { ...ref, version: -1 }, now)).toThrow(ZodError);
    expect(() =>
      buildThinPayload('case.updated', { ...ref, status: 'DONE' as 'CLOSED' }, now),
    ).toThrow(ZodError);
    // a vendor is told only about cases routed to it: never an UNROUTED one
    expect(() =>
      buildThinPayload('case.updated', { ...ref, status: 'UNROUTED' as 'CLOSED' }, now),
    ).toThrow(ZodError);
  });

  it('round-trips through JSON and the published schema, as a receiver would parse it', () => {
    const payload = buildThinPayload('case.recalled', { ...ref, reason: 'REJECTED' }, now);

    expect(webhookPayloadSchema.parse(JSON.parse(JSON.stringify(payload)))).toEqual(payload);
    expect(
      webhookPayloadSchema.safeParse({
        type: 'case.deleted',
        timestamp: now.toISOString(),
        data: ref,
      }).success,
    ).toBe(false);
  });
});
