import { CaseDataField as StoredCaseDataField } from '@bvg/db';
import { describe, expect, it } from 'vitest';
import {
  CASE_DATA_FIELDS,
  type CaseContext,
  decideCaseDataPolicy,
  type Reader,
} from './data-access-policy.ts';

describe('CASE_DATA_FIELDS', () => {
  it('is the data model’s list of grantable case data, which the GraphQL enum is printed from', () => {
    expect([...CASE_DATA_FIELDS].sort()).toEqual(Object.values(StoredCaseDataField).sort());
  });
});

const usSecurity: CaseContext = {
  regionCode: 'US',
  scopeCode: 'ACCOUNT_SECURITY',
  scopeSensitivity: 'SENSITIVE',
  erased: false,
};
const euGeneral: CaseContext = {
  regionCode: 'EU',
  scopeCode: 'GENERAL',
  scopeSensitivity: 'STANDARD',
  erased: false,
};
const minorSafety: CaseContext = {
  regionCode: 'US',
  scopeCode: 'MINOR_SAFETY',
  scopeSensitivity: 'RESTRICTED',
  erased: false,
};

const usVendor: Reader = {
  kind: 'VENDOR',
  vendorKind: 'BPO',
  grants: [
    {
      regionCode: 'US',
      scopeCode: null,
      fields: ['SUBJECT_PII', 'DESCRIPTION', 'MINOR_SAFETY_DETAIL'],
    },
  ],
};

describe('decideCaseDataPolicy', () => {
  it('grants a vendor exactly what its contract grants for the region', () => {
    const policy = decideCaseDataPolicy(usVendor, usSecurity);
    expect(policy.SUBJECT_PII).toEqual({ allowed: true });
    expect(policy.DESCRIPTION).toEqual({ allowed: true });
    expect(policy.ATTACHMENTS).toEqual({ allowed: false, reason: 'NOT_IN_CONTRACT' });
  });

  it('grants nothing outside the regions and scopes the contract names', () => {
    const policy = decideCaseDataPolicy(usVendor, euGeneral);
    expect(Object.values(policy).every((d) => !d.allowed)).toBe(true);
  });

  it('never releases minor-safety detail of a non-restricted case, whatever the contract says', () => {
    expect(decideCaseDataPolicy(usVendor, usSecurity).MINOR_SAFETY_DETAIL).toEqual({
      allowed: false,
      reason: 'RESTRICTED_SCOPE',
    });
  });

  it('releases minor-safety detail of a restricted case only with an explicit grant', () => {
    expect(decideCaseDataPolicy(usVendor, minorSafety).MINOR_SAFETY_DETAIL).toEqual({
      allowed: true,
    });
    const noGrant: Reader = {
      kind: 'VENDOR',
      vendorKind: 'BPO',
      grants: [{ regionCode: null, scopeCode: null, fields: ['SUBJECT_PII'] }],
    };
    expect(decideCaseDataPolicy(noGrant, minorSafety).MINOR_SAFETY_DETAIL).toEqual({
      allowed: false,
      reason: 'RESTRICTED_SCOPE',
    });
  });

  it('gives the in-house team and case-working internal roles everything, vendor managers nothing', () => {
    const inHouse = decideCaseDataPolicy(
      { kind: 'VENDOR', vendorKind: 'IN_HOUSE', grants: [] },
      minorSafety,
    );
    expect(Object.values(inHouse).every((d) => d.allowed)).toBe(true);
    const ops = decideCaseDataPolicy({ kind: 'INTERNAL', roles: ['ops'] }, minorSafety);
    expect(Object.values(ops).every((d) => d.allowed)).toBe(true);
    const manager = decideCaseDataPolicy(
      { kind: 'INTERNAL', roles: ['vendor_manager'] },
      euGeneral,
    );
    expect(manager.SUBJECT_PII).toEqual({ allowed: false, reason: 'ROLE_NOT_ALLOWED' });
  });

  it('reports erased subjects as erased, for everyone', () => {
    const policy = decideCaseDataPolicy(
      { kind: 'INTERNAL', roles: ['auditor'] },
      { ...usSecurity, erased: true },
    );
    expect(policy.SUBJECT_PII).toEqual({ allowed: false, reason: 'SUBJECT_ERASED' });
  });
});
