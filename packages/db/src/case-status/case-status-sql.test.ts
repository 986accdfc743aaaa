import {
  CASE_STATUSES,
  OPEN_CASE_STATUSES,
  PLACEABLE_STATUSES,
  RESOLVED_STATUSES,
  ROUTABLE_STATUSES,
  VENDOR_WORK_STATUSES,
  WORKING_STATUSES,
} from '@bvg/case-status';
import { describe, expect, it } from 'vitest';
import { CaseStatus as PrismaCaseStatus } from '../generated/prisma/enums.ts';
import { caseStatusList } from './case-status-sql.ts';

describe('case statuses', () => {
  it('are the data model’s CaseStatus enum, in its order', () => {
    expect([...CASE_STATUSES]).toEqual(Object.values(PrismaCaseStatus));
  });

  it('keep resolved cases out of every open or routable set', () => {
    for (const set of [
      WORKING_STATUSES,
      VENDOR_WORK_STATUSES,
      OPEN_CASE_STATUSES,
      ROUTABLE_STATUSES,
    ]) {
      for (const done of RESOLVED_STATUSES) expect(set).not.toContain(done);
    }
  });

  it('count an escalated case under the ceiling but not as the vendor’s work', () => {
    expect(OPEN_CASE_STATUSES).toContain('ESCALATED');
    expect(VENDOR_WORK_STATUSES).not.toContain('ESCALATED');
    expect(OPEN_CASE_STATUSES).toEqual(expect.arrayContaining([...WORKING_STATUSES]));
  });

  it('never route a case that is being worked', () => {
    for (const s of WORKING_STATUSES) expect(ROUTABLE_STATUSES).not.toContain(s);
    expect(ROUTABLE_STATUSES).toEqual(expect.arrayContaining([...PLACEABLE_STATUSES]));
  });

  it('reach SQL as a literal list of statuses, and nothing else does', () => {
    expect(caseStatusList(RESOLVED_STATUSES).sql).toBe("('RESOLVED', 'CLOSED')");
    expect(() => caseStatusList(["CLOSED') OR ('1" as 'CLOSED'])).toThrow(RangeError);
    expect(() => caseStatusList([])).toThrow(RangeError);
  });
});
