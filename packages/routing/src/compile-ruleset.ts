import type { MatchCheck } from './match.ts';
import { compileMatch } from './match.ts';
import type { CaseAttributes, Rule, RuleEvaluation, Ruleset } from './types.ts';

/** A rule in the form the hot path reads. */
export interface CompiledRule {
  rule: Rule;
  checks: readonly MatchCheck[];
  /**
   * Explanations of "did not match", shared between decisions: per check, by the case's
   * value. They are frozen, so sharing them is safe.
   */
  notMatched: Map<string, RuleEvaluation>[];
}

// Bounds the shared explanations per check, whatever values cases carry.
const MAX_SHARED_PER_CHECK = 256;
const NO_CANDIDATES = Object.freeze([]) as readonly never[];

const compiledRulesets = new WeakMap<Ruleset, readonly CompiledRule[]>();

/** Compiled once per ruleset object; rulesets are treated as immutable once routing reads them. */
export function compileRuleset(ruleset: Ruleset): readonly CompiledRule[] {
  let compiled = compiledRulesets.get(ruleset);
  if (compiled === undefined) {
    compiled = ruleset.rules.map((rule) => {
      const checks = compileMatch(rule.match);
      return { rule, checks, notMatched: checks.map(() => new Map()) };
    });
    compiledRulesets.set(ruleset, compiled);
  }
  return compiled;
}

/**
 * Null when the case matches the rule; otherwise the rule's evaluation naming the first
 * attribute, in match order, on which the case falls outside it. One reason is enough to say
 * why a rule did not apply, and it lets decisions share these explanations.
 */
export function evaluateMatch(
  compiled: CompiledRule,
  caseAttrs: CaseAttributes,
): RuleEvaluation | null {
  const { checks } = compiled;
  for (let i = 0; i < checks.length; i++) {
    const check = checks[i]!;
    const actual = caseAttrs[check.attribute];
    if (check.expected.includes(actual)) continue;
    const shared = compiled.notMatched[i]!;
    let evaluation = shared.get(actual);
    if (evaluation === undefined) {
      evaluation = notMatched(compiled.rule, check, actual);
      if (shared.size < MAX_SHARED_PER_CHECK) shared.set(actual, evaluation);
    }
    return evaluation;
  }
  return null;
}

function notMatched(rule: Rule, check: MatchCheck, actual: string): RuleEvaluation {
  return Object.freeze({
    ruleId: rule.id,
    ruleName: rule.name,
    matched: false,
    mismatch: Object.freeze({ attribute: check.attribute, expected: check.expected, actual }),
    candidates: NO_CANDIDATES,
    outcome: 'NOT_MATCHED' as const,
  });
}
