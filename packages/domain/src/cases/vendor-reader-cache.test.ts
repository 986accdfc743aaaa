import { describe, expect, it } from 'vitest';
import { type CachedVendorReader, isCurrentReader } from './vendor-reader-cache.ts';

const entry: CachedVendorReader = {
  reader: { kind: 'VENDOR', vendorKind: 'BPO', grants: [] },
  version: 3,
  validUntil: Date.parse('2027-01-01T00:00:00Z'),
};
const now = new Date('2026-12-04T12:00:00Z');

describe('a cached vendor reader', () => {
  it('decides a read that saw the same policy version before the next contract starts', () => {
    expect(isCurrentReader(entry, 3, now)).toBe(true);
  });
  it('is stale once the version moved (a grant, contract or the vendor kind changed)', () => {
    expect(isCurrentReader(entry, 4, now)).toBe(false);
  });
  it('lapses when the next contract comes into force, though nothing was written', () => {
    expect(isCurrentReader(entry, 3, new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });
  it('is never used when the read saw no version, or nothing is cached', () => {
    expect(isCurrentReader(entry, null, now)).toBe(false);
    expect(isCurrentReader(undefined, 3, now)).toBe(false);
  });
});
