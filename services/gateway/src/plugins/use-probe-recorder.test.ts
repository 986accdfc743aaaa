import { CaseNotFoundError, DomainError } from '@bvg/domain';
import { GraphQLError, locatedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { probedCaseIds } from './use-probe-recorder.ts';

describe('probedCaseIds', () => {
  it('finds the case ids behind NOT_FOUND answers for named cases, and nothing else', () => {
    const errors = [
      locatedError(new CaseNotFoundError('case-1'), undefined, ['result']),
      locatedError(new CaseNotFoundError('case-2', 'Not found'), undefined, ['other']),
      locatedError(new DomainError('NOT_FOUND', 'Vendor not found'), undefined, ['vendor']),
      new GraphQLError('Cannot query field "x"'),
    ];
    expect(probedCaseIds(errors)).toEqual(['case-1', 'case-2']);
    expect(probedCaseIds(undefined)).toEqual([]);
  });

  it('answers a named case exactly like any NOT_FOUND: no case id in what the caller sees', () => {
    const error = new CaseNotFoundError('3f0c0a6e-0000-4000-8000-000000000000');
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Case not found');
    expect(error.details).toEqual({});
  });
});
