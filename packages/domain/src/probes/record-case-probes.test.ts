import { describe, expect, it } from 'vitest';
import { probeAlertDue } from './record-case-probes.ts';

describe('probeAlertDue', () => {
  it('alerts at the threshold, not before, and not again while an alert is open', () => {
    expect(probeAlertDue({ probesInWindow: 19, threshold: 20, alertOpen: false })).toBe(false);
    expect(probeAlertDue({ probesInWindow: 20, threshold: 20, alertOpen: false })).toBe(true);
    expect(probeAlertDue({ probesInWindow: 40, threshold: 20, alertOpen: false })).toBe(true);
    expect(probeAlertDue({ probesInWindow: 40, threshold: 20, alertOpen: true })).toBe(false);
  });
});
