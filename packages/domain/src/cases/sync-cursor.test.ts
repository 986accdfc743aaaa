import { describe, expect, it } from 'vitest';
import { decodeSyncCursor, encodeSyncCursor } from './sync-cursor.ts';

const id = '3f2b8c1e-8d5a-4c0e-9a7b-2f1e6d5c4b3a';

describe('sync cursor', () => {
  it('round-trips a position', () => {
    const position = { changeTxid: 9_007_199_254_740_993n, caseId: id };
    expect(decodeSyncCursor(encodeSyncCursor(position))).toEqual(position);
  });

  it('refuses what it did not make: a plain case id, garbage, a tampered or oversized one', () => {
    expect(decodeSyncCursor(id)).toBeNull();
    expect(decodeSyncCursor('sync1.!!!')).toBeNull();
    const bad = (raw: string) => `sync1.${Buffer.from(raw).toString('base64url')}`;
    expect(decodeSyncCursor(bad(`-1:${id}`))).toBeNull();
    expect(decodeSyncCursor(bad('12:not-a-uuid'))).toBeNull();
    expect(decodeSyncCursor(bad(`99999999999999999999:${id}`))).toBeNull();
    expect(decodeSyncCursor(bad(`9223372036854775808:${id}`))).toBeNull();
  });
});
