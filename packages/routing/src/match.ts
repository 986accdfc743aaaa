import type { AttributeMismatch, CaseAttributes, RuleMatch } from './types.ts';
import { MATCH_ATTRIBUTES } from './types.ts';

/** One listed attribute of a rule's match, in the form the hot path reads. */
export interface MatchCheck {
  attribute: (typeof MATCH_ATTRIBUTES)[number];
  expected: readonly string[];
}

const NO_MISMATCHES: readonly AttributeMismatch[] = Object.freeze([]);

// Rules are data loaded once and then read for every case: keep the compiled form per match
// object so the engine only looks at the attributes a rule lists.
const compiled = new WeakMap<RuleMatch, readonly MatchCheck[]>();

export function compileMatch(match: RuleMatch): readonly MatchCheck[] {
  let checks = compiled.get(match);
  if (checks === undefined) {
    const list: MatchCheck[] = [];
    for (const attribute of MATCH_ATTRIBUTES) {
      const expected = match[attribute] as readonly string[] | undefined;
      if (expected !== undefined) list.push({ attribute, expected });
    }
    checks = list;
    compiled.set(match, checks);
  }
  return checks;
}

/** Every attribute on which the case falls outside the rule's match; empty when it matches. */
export function matchMismatches(
  match: RuleMatch,
  caseAttrs: CaseAttributes,
): readonly AttributeMismatch[] {
  const checks = compileMatch(match);
  let mismatches: AttributeMismatch[] | null = null;
  for (let i = 0; i < checks.length; i++) {
    const { attribute, expected } = checks[i]!;
    const actual = caseAttrs[attribute];
    if (expected.includes(actual)) continue;
    const mismatch = { attribute, expected, actual };
    if (mismatches === null) mismatches = [mismatch];
    else mismatches.push(mismatch);
  }
  return mismatches ?? NO_MISMATCHES;
}

export function ruleMatches(match: RuleMatch, caseAttrs: CaseAttributes): boolean {
  for (const attribute of MATCH_ATTRIBUTES) {
    const expected = match[attribute] as readonly string[] | undefined;
    if (expected !== undefined && !expected.includes(caseAttrs[attribute])) return false;
  }
  return true;
}
