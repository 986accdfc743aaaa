import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/domain-error.ts';
import { quarterPeriod, readQbrPack } from './qbr-pack.ts';

describe('quarterPeriod', () => {
  it('spans the calendar quarter in UTC, end excluded', () => {
    expect(quarterPeriod('2026-Q3')).toEqual({
      start: new Date('2026-07-01T00:00:00Z'),
      end: new Date('2026-10-01T00:00:00Z'),
    });
    expect(quarterPeriod('2026-Q4').end).toEqual(new Date('2027-01-01T00:00:00Z'));
  });

  it('refuses anything but YYYY-Qn', () => {
    for (const bad of ['2026-Q5', '2026Q3', 'Q3-2026', '']) {
      expect(() => quarterPeriod(bad)).toThrow(DomainError);
    }
  });
});

describe('readQbrPack', () => {
  // Refused before any database work, so no client is needed.
  const prisma = {} as never;

  it('is for vendor managers only', async () => {
    await expect(
      readQbrPack(prisma, { kind: 'INTERNAL', id: 'a', roles: ['ops'] }, {}),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      readQbrPack(prisma, { kind: 'VENDOR', id: 'v', vendorId: 'v' }, {}),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lists every problem with the request at once', async () => {
    const error = await readQbrPack(
      prisma,
      { kind: 'INTERNAL', id: 'm', roles: ['vendor_manager'] },
      { quarter: '2026-Q9' },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'VALIDATION',
      details: {
        problems: [
          { path: 'vendorId', message: 'is required' },
          { path: 'quarter', message: 'must look like 2026-Q3' },
        ],
      },
    });
  });
});
