import { describe, expect, it } from 'vitest';
import {
  moveRule,
  newRule,
  parseList,
  problemsByRule,
  rulesFromServer,
  rulesToInput,
  targetShares,
} from './rule-model.ts';

const serverRule = {
  id: 'r1',
  name: 'India account access',
  match: { region: ['IN'], scope: ['ACCOUNT_ACCESS'], language: null },
  targets: [
    { vendorId: 'v1', weight: 60 },
    { vendorId: 'v2', weight: 40 },
  ],
  fallbackVendorIds: ['v3'],
  allowRestricted: false,
  requireBusinessHours: true,
};

describe('rule editor model', () => {
  it('round-trips a server rule, leaving out attributes that match anything', () => {
    const [rule] = rulesFromServer([serverRule]);
    expect(rule!.match.language).toEqual([]);
    expect(rulesToInput([rule!])).toEqual([
      {
        name: 'India account access',
        match: { region: ['IN'], scope: ['ACCOUNT_ACCESS'] },
        targets: serverRule.targets,
        fallbackVendorIds: ['v3'],
        allowRestricted: false,
        requireBusinessHours: true,
      },
    ]);
  });

  it('shows each target its share of the work, ignoring weights that are not positive', () => {
    expect(
      targetShares([
        { vendorId: 'a', weight: 60 },
        { vendorId: 'b', weight: 40 },
      ]),
    ).toEqual([0.6, 0.4]);
    expect(
      targetShares([
        { vendorId: 'a', weight: 0 },
        { vendorId: 'b', weight: 10 },
      ]),
    ).toEqual([0, 1]);
    expect(targetShares([{ vendorId: 'a', weight: 0 }])).toEqual([0]);
  });

  it('puts the server problems on the rule they name and keeps the rest for the ruleset', () => {
    const problems = [
      { path: 'rules.1.targets.0.weight', message: 'weight must be above 0', severity: 'error' },
      { path: 'rules.1', message: 'unreachable', severity: 'warning' },
      { path: 'rules.0', message: 'no targets', severity: 'error' },
      { path: 'coverage.IN.APPEALS', message: 'uncovered', severity: 'warning' },
      { path: 'rules.7', message: 'a rule that is no longer there', severity: 'error' },
      { path: 'rules10', message: 'not a rule path', severity: 'error' },
    ] as const;
    const { byRule, general } = problemsByRule(problems, 2);
    expect(byRule.get(1)?.map((p) => p.message)).toEqual(['weight must be above 0', 'unreachable']);
    expect(byRule.get(0)?.map((p) => p.message)).toEqual(['no targets']);
    expect(general.map((p) => p.path)).toEqual(['coverage.IN.APPEALS', 'rules.7', 'rules10']);
  });

  it('moves a rule up or down and never off the ends', () => {
    const rules = [newRule('a'), newRule('b'), newRule('c')];
    expect(moveRule(rules, 2, -1).map((r) => r.name)).toEqual(['a', 'c', 'b']);
    expect(moveRule(rules, 0, 1).map((r) => r.name)).toEqual(['b', 'a', 'c']);
    expect(moveRule(rules, 0, -1).map((r) => r.name)).toEqual(['a', 'b', 'c']);
    expect(moveRule(rules, 2, 1).map((r) => r.name)).toEqual(['a', 'b', 'c']);
  });

  it('reads a typed list of codes once each, upper-cased where codes are', () => {
    expect(parseList(' in, my  sg,IN ', { upperCase: true })).toEqual(['IN', 'MY', 'SG']);
    expect(parseList('en, hi')).toEqual(['en', 'hi']);
    expect(parseList(' , ')).toEqual([]);
  });
});
