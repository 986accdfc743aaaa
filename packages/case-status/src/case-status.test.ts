import { describe, expect, it } from 'vitest';
import {
  CASE_STATUSES,
  CLOCK_RUNNING_STATUSES,
  isCaseStatus,
  OPEN_CASE_STATUSES,
  PLACEABLE_STATUSES,
  RECALLABLE_STATUSES,
  RESOLVED_STATUSES,
  ROUTABLE_STATUSES,
  statusIn,
  VENDOR_WORK_STATUSES,
  WORKING_STATUSES,
} from './case-status.ts';

describe('the named sets of case statuses', () => {
  it('a resolved case is never open, worked, recallable or routable again', () => {
    for (const done of RESOLVED_STATUSES) {
      for (const set of [
        OPEN_CASE_STATUSES,
        WORKING_STATUSES,
        RECALLABLE_STATUSES,
        ROUTABLE_STATUSES,
      ]) {
        expect(statusIn(set, done)).toBe(false);
      }
    }
  });

  it('an escalated case holds a place under the ceiling but is no longer the vendor’s work', () => {
    expect(statusIn(OPEN_CASE_STATUSES, 'ESCALATED')).toBe(true);
    expect(statusIn(VENDOR_WORK_STATUSES, 'ESCALATED')).toBe(false);
    expect(statusIn(ROUTABLE_STATUSES, 'ESCALATED')).toBe(true);
  });

  it('waiting on the user stops the clock; a reopened case runs it again', () => {
    expect(statusIn(CLOCK_RUNNING_STATUSES, 'PENDING_USER')).toBe(false);
    expect(statusIn(CLOCK_RUNNING_STATUSES, 'REOPENED')).toBe(true);
  });

  it('a case with a vendor is not placeable as it is, and every placeable case is routable', () => {
    for (const held of RECALLABLE_STATUSES) expect(statusIn(PLACEABLE_STATUSES, held)).toBe(false);
    for (const s of PLACEABLE_STATUSES) expect(statusIn(ROUTABLE_STATUSES, s)).toBe(true);
  });

  it('recognises statuses and refuses anything else', () => {
    expect(CASE_STATUSES.every(isCaseStatus)).toBe(true);
    expect(isCaseStatus('resolved')).toBe(false);
    expect(isCaseStatus("RESOLVED') OR ('1'='1")).toBe(false);
    expect(statusIn(OPEN_CASE_STATUSES, null)).toBe(false);
  });
});
