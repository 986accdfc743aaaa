import { describe, expect, it } from 'vitest';
import { diffRulesets, summarizeDiff } from './ruleset-diff.ts';

const rule = (name: string, over: Record<string, unknown> = {}) => ({
  name,
  match: { region: ['IN'] },
  targets: [{ vendorId: 'v1', weight: 100 }],
  fallbackVendorIds: [],
  allowRestricted: false,
  requireBusinessHours: false,
  ...over,
});

describe('ruleset diff', () => {
  it('names added, removed, changed, moved and unchanged rules', () => {
    const published = [rule('a'), rule('b'), rule('c'), rule('gone')];
    const draft = [
      rule('b'),
      rule('a'),
      rule('c', {
        targets: [
          { vendorId: 'v1', weight: 50 },
          { vendorId: 'v2', weight: 50 },
        ],
      }),
      rule('new'),
    ];
    const changes = diffRulesets(published, draft);
    expect(changes.map((c) => [c.name, c.kind])).toEqual([
      ['b', 'moved'],
      ['a', 'moved'],
      ['c', 'changed'],
      ['new', 'added'],
      ['gone', 'removed'],
    ]);
    expect(changes[2]!.fields).toEqual([
      { field: 'targets', before: 'v1×100', after: 'v1×50, v2×50' },
    ]);
    expect(summarizeDiff(changes)).toEqual({
      added: 1,
      removed: 1,
      changed: 1,
      moved: 2,
      unchanged: 0,
    });
  });

  it('compares match values as sets and treats a missing attribute as any', () => {
    const published = [rule('a', { match: { region: ['IN', 'MY'], scope: null } })];
    const same = [rule('a', { match: { region: ['MY', 'IN'] } })];
    expect(diffRulesets(published, same)[0]!.kind).toBe('unchanged');
    const wider = [rule('a', { match: { region: ['IN', 'MY'], scope: ['APPEALS'] } })];
    expect(diffRulesets(published, wider)[0]!.fields).toEqual([
      { field: 'match.scope', before: 'any', after: 'APPEALS' },
    ]);
  });

  it('pairs each published rule once when the draft repeats a name', () => {
    const changes = diffRulesets([rule('a')], [rule('a'), rule('a')]);
    expect(changes.map((c) => c.kind)).toEqual(['unchanged', 'added']);
  });
});
