import { describe, expect, it } from 'vitest';
import type { ManualAssignmentInput } from './manual-assignment.ts';
import { checkManualAssignment } from './manual-assignment.ts';
import {
  capacityOf,
  caseOf,
  REGIONS,
  ruleOf,
  rulesetOf,
  SCOPES,
  vendorOf,
} from './testing/fixtures.ts';

const now = new Date('2026-12-01T10:00:00Z');
const base = (overrides: Partial<ManualAssignmentInput> = {}): ManualAssignmentInput => ({
  caseAttrs: caseOf(),
  vendorId: 'a',
  ruleset: rulesetOf([]),
  vendors: [vendorOf('a')],
  regions: REGIONS,
  scopes: SCOPES,
  now,
  overrideCapacity: false,
  ...overrides,
});

describe('checkManualAssignment', () => {
  it('allows an eligible vendor and records the residency check it passed', () => {
    const check = checkManualAssignment(base({ caseAttrs: caseOf({ region: 'US' }) }));
    expect(check).toMatchObject({
      allowed: true,
      overridden: [],
      residencyCheck: { region: 'US', requirement: 'US_CLEARANCE', passed: true },
    });
  });

  it('refuses data residency and certification whatever ops say about capacity', () => {
    const vendors = [vendorOf('a', { usDataCleared: false, certifications: [] })];
    const check = checkManualAssignment(
      base({ caseAttrs: caseOf({ region: 'US' }), vendors, overrideCapacity: true }),
    );
    expect(check).toEqual({
      allowed: false,
      hard: ['NOT_US_CLEARED', 'NOT_CERTIFIED_SCOPE'],
      capacity: [],
    });
  });

  it('needs an explicit override to exceed capacity, and records what was exceeded', () => {
    const vendors = [
      vendorOf('a', {
        capacity: [capacityOf('ACCOUNT_ACCESS', { openCases: 1_000, intakeToday: 500 })],
      }),
    ];
    expect(checkManualAssignment(base({ vendors }))).toEqual({
      allowed: false,
      hard: [],
      capacity: ['AT_OPEN_CEILING', 'AT_DAILY_CAP'],
    });
    const over = checkManualAssignment(base({ vendors, overrideCapacity: true }));
    expect(over).toMatchObject({ allowed: true, overridden: ['AT_OPEN_CEILING', 'AT_DAILY_CAP'] });
    expect(over.allowed && over.explanation.summary).toMatch(/capacity exceeded by ops/);
  });

  it('keeps restricted scopes with in-house teams unless a matching rule allows that vendor', () => {
    const minor = caseOf({ scope: 'MINOR_SAFETY' });
    expect(checkManualAssignment(base({ caseAttrs: minor }))).toMatchObject({
      allowed: false,
      hard: ['RESTRICTED_SCOPE'],
    });
    const inHouse = [vendorOf('t2', { kind: 'IN_HOUSE' })];
    expect(
      checkManualAssignment(base({ caseAttrs: minor, vendorId: 't2', vendors: inHouse })).allowed,
    ).toBe(true);
    const allowing = rulesetOf([
      ruleOf('r1', {
        match: { scope: ['MINOR_SAFETY'] },
        targets: [{ vendorId: 'a', weight: 1 }],
        allowRestricted: true,
      }),
    ]);
    expect(checkManualAssignment(base({ caseAttrs: minor, ruleset: allowing })).allowed).toBe(true);
    // A rule for another region does not make this case's vendor allowed.
    const elsewhere = rulesetOf([
      ruleOf('r1', {
        match: { scope: ['MINOR_SAFETY'], region: ['MY'] },
        targets: [{ vendorId: 'a', weight: 1 }],
        allowRestricted: true,
      }),
    ]);
    expect(checkManualAssignment(base({ caseAttrs: minor, ruleset: elsewhere })).allowed).toBe(
      false,
    );
  });

  it('refuses an unknown or inactive vendor', () => {
    expect(checkManualAssignment(base({ vendorId: 'nobody' }))).toMatchObject({
      allowed: false,
      hard: ['UNKNOWN_VENDOR'],
    });
    const inactive = [vendorOf('a', { active: false })];
    expect(
      checkManualAssignment(base({ vendors: inactive, overrideCapacity: true })),
    ).toMatchObject({ allowed: false, hard: ['INACTIVE'] });
  });
});
