import type { AttributeMismatch, CaseAttributes, RuleMatch } from './types.ts';
import { MATCH_ATTRIBUTES } from './types.ts';

const NO_MISMATCHES: readonly AttributeMismatch[] = Object.freeze([]);

/** Every attribute on which the case falls outside the rule's match; empty when it matches. */
export function matchMismatches(
  match: RuleMatch,
  caseAttrs: CaseAttributes,
): readonly AttributeMismatch[] {
  let mismatches: AttributeMismatch[] | null = null;
  for (const attribute of MATCH_ATTRIBUTES) {
    const expected = match[attribute] as readonly string[] | undefined;
    if (expected === undefined) continue;
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
