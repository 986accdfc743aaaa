import { describe, expect, it } from 'vitest';
import { toLocalInputValue } from '../format/format.ts';
import {
  checkCapacityRows,
  checkCertificationRows,
  groupCertifications,
  problemsByField,
  toCapacityInputs,
  toCertificationInputs,
} from './capacity-form.ts';

describe('capacity editor', () => {
  it('places the server’s problems on the row and field they name', () => {
    expect(
      problemsByField(
        [
          { path: 'capacities.1.scope', message: 'unknown scope nope' },
          { path: 'capacities.1.scope', message: 'nope is listed twice' },
          { path: 'reason', message: 'say why the change is made' },
          { path: 'vendorId', message: 'is a sandbox tenant' },
        ],
        'capacities',
      ),
    ).toEqual({
      '1.scope': 'unknown scope nope; nope is listed twice',
      reason: 'say why the change is made',
      form: 'is a sandbox tenant',
    });
  });

  it('catches blanks, negatives and repeated scopes before sending', () => {
    expect(
      checkCapacityRows([
        { scope: 'billing', openCaseCeiling: 10, dailyIntakeCap: 0 },
        { scope: ' billing ', openCaseCeiling: -1, dailyIntakeCap: '' },
        { scope: '', openCaseCeiling: 1.5, dailyIntakeCap: 3 },
      ]),
    ).toEqual({
      '1.scope': 'billing is listed twice',
      '1.openCaseCeiling': 'a whole number, zero or more',
      '1.dailyIntakeCap': 'a whole number, zero or more',
      '2.scope': 'name the scope',
      '2.openCaseCeiling': 'a whole number, zero or more',
    });
    expect(
      toCapacityInputs([{ scope: ' billing ', openCaseCeiling: 10, dailyIntakeCap: 50 }]),
    ).toEqual([{ scope: 'billing', openCaseCeiling: 10, dailyIntakeCap: 50 }]);
  });
});

describe('certifications editor', () => {
  it('groups the languages of one grant into a row and sends them apart again', () => {
    const expires = '2027-01-31T18:30:00.000Z';
    const rows = groupCertifications(
      [
        { region: 'EU', scope: 'billing', language: 'en', expiresAt: expires },
        { region: 'EU', scope: 'billing', language: 'de', expiresAt: expires },
        { region: 'US', scope: 'billing', language: 'en', expiresAt: null },
      ],
      (iso) => toLocalInputValue(new Date(iso)),
    );
    expect(rows.map((r) => [r.region, r.languages])).toEqual([
      ['EU', 'en, de'],
      ['US', 'en'],
    ]);
    expect(toCertificationInputs(rows)).toEqual([
      { region: 'EU', scope: 'billing', languages: ['en', 'de'], expiresAt: expires },
      { region: 'US', scope: 'billing', languages: ['en'], expiresAt: null },
    ]);
  });

  it('asks for a region, a scope and a language', () => {
    expect(
      checkCertificationRows([{ region: '', scope: 'x', languages: ' , ', expiresAt: '' }]),
    ).toEqual({
      '0.region': 'name the region',
      '0.languages': 'list at least one language',
    });
  });
});
