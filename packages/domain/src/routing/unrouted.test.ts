import { describe, expect, it } from 'vitest';
import {
  UNROUTED_RETRY_BASE_MS,
  UNROUTED_RETRY_MAX_MS,
  unroutedExclusions,
  unroutedRetryDelayMs,
} from './unrouted.ts';

describe('unroutedRetryDelayMs', () => {
  it('doubles from the base per attempt and stops at the cap', () => {
    expect(unroutedRetryDelayMs(1)).toBe(UNROUTED_RETRY_BASE_MS);
    expect(unroutedRetryDelayMs(2)).toBe(2 * UNROUTED_RETRY_BASE_MS);
    expect(unroutedRetryDelayMs(4)).toBe(8 * UNROUTED_RETRY_BASE_MS);
    expect(unroutedRetryDelayMs(50)).toBe(UNROUTED_RETRY_MAX_MS);
  });
});

describe('unroutedExclusions', () => {
  it('lists each excluded candidate with its rule and reasons, skipping eligible ones', () => {
    const exclusions = unroutedExclusions(
      {
        rulesetId: 'rs',
        rulesetVersion: 3,
        case: {
          region: 'US',
          scope: 'MINOR_SAFETY',
          channel: 'IN_APP',
          language: 'en',
          priority: 'P1',
          tier: 'T1',
        },
        rules: [
          {
            ruleId: 'r0',
            ruleName: 'EU',
            matched: false,
            mismatch: null,
            candidates: [],
            outcome: 'NOT_MATCHED',
          },
          {
            ruleId: 'r1',
            ruleName: 'US',
            matched: true,
            mismatch: null,
            outcome: 'NO_ELIGIBLE_VENDOR',
            candidates: [
              {
                vendorId: 'a',
                role: 'TARGET',
                weight: 1,
                eligible: false,
                reasons: ['NOT_US_CLEARED'],
              },
              {
                vendorId: 'b',
                role: 'FALLBACK',
                eligible: false,
                reasons: ['AT_OPEN_CEILING', 'AT_DAILY_CAP'],
              },
            ],
          },
        ],
        inHouseDefault: {
          candidates: [
            {
              vendorId: 't2',
              role: 'IN_HOUSE_DEFAULT',
              eligible: false,
              reasons: ['AT_OPEN_CEILING'],
            },
          ],
        },
        summary: '…',
      },
      [{ id: 'a', name: 'Alpha' }],
    );
    expect(exclusions).toEqual([
      {
        vendorId: 'a',
        vendorName: 'Alpha',
        ruleId: 'r1',
        ruleName: 'US',
        role: 'TARGET',
        reasons: ['NOT_US_CLEARED'],
      },
      {
        vendorId: 'b',
        vendorName: null,
        ruleId: 'r1',
        ruleName: 'US',
        role: 'FALLBACK',
        reasons: ['AT_OPEN_CEILING', 'AT_DAILY_CAP'],
      },
      {
        vendorId: 't2',
        vendorName: null,
        ruleId: null,
        ruleName: null,
        role: 'IN_HOUSE_DEFAULT',
        reasons: ['AT_OPEN_CEILING'],
      },
    ]);
  });
});
