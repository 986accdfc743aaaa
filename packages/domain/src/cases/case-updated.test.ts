import { describe, expect, it } from 'vitest';
import { caseUpdateRecipient } from './case-updated.ts';

describe('caseUpdateRecipient', () => {
  const holder = 'vendor-a';
  it('tells the holding vendor of changes by ops, the platform and timers', () => {
    expect(caseUpdateRecipient({ kind: 'INTERNAL', id: 'ops.alice', roles: ['ops'] }, holder)).toBe(
      holder,
    );
    expect(caseUpdateRecipient({ kind: 'INTAKE', id: 'in-app' }, holder)).toBe(holder);
    expect(caseUpdateRecipient({ kind: 'SYSTEM', id: 'auto-close' }, holder)).toBe(holder);
    expect(caseUpdateRecipient({ kind: 'VENDOR', id: 'c', vendorId: 'vendor-b' }, holder)).toBe(
      holder,
    );
  });

  it("never echoes a vendor's own change, and tells no one about an unheld case", () => {
    expect(caseUpdateRecipient({ kind: 'VENDOR', id: 'c', vendorId: holder }, holder)).toBeNull();
    expect(caseUpdateRecipient({ kind: 'SYSTEM', id: 'auto-close' }, null)).toBeNull();
  });
});
