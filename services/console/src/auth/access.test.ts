import { describe, expect, it } from 'vitest';
import { can } from './access.ts';

describe('role access in the console', () => {
  it('offers editing and redelivery to ops only, reading to the other internal roles', () => {
    expect(can(['ops'], 'routing.edit')).toBe(true);
    expect(can(['vendor_manager'], 'routing.edit')).toBe(false);
    expect(can(['vendor_manager'], 'routing.view')).toBe(true);
    expect(can(['auditor'], 'webhooks.redeliver')).toBe(false);
    expect(can(['auditor'], 'cases.view')).toBe(true);
    expect(can(['vendor_manager'], 'cases.view')).toBe(false);
    expect(can([], 'routing.view')).toBe(false);
  });
});
