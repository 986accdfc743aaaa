// The draft editor's model: rules as editable rows, back to the API's input, and the
// server's problems attached to the rule they concern. Pure, so it is tested without a browser.

export const MATCH_FIELDS = ['region', 'scope', 'language', 'channel', 'priority', 'tier'] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];

export type RuleTarget = { vendorId: string; weight: number };

export type EditableRule = {
  /** Stable React key for a row; not sent to the server. */
  key: string;
  name: string;
  match: Record<MatchField, string[]>;
  targets: RuleTarget[];
  fallbackVendorIds: string[];
  allowRestricted: boolean;
  requireBusinessHours: boolean;
};

/** What the API returns for a rule (a subset of `RoutingRule`). */
export type ServerRule = {
  id?: string;
  name: string;
  match: Partial<Record<MatchField, readonly string[] | null>>;
  targets: readonly RuleTarget[];
  fallbackVendorIds: readonly string[];
  allowRestricted: boolean;
  requireBusinessHours: boolean;
};

/** What `updateRoutingRuleset` takes for a rule (`RoutingRuleInput`). */
export type RuleInput = {
  name: string;
  match: Partial<Record<MatchField, string[]>>;
  targets: RuleTarget[];
  fallbackVendorIds: string[];
  allowRestricted: boolean;
  requireBusinessHours: boolean;
};

export type Problem = {
  path: string;
  message: string;
  code?: string | null;
  severity: 'error' | 'warning';
};

let keys = 0;
const nextKey = () => `rule-${++keys}`;

export function emptyMatch(): Record<MatchField, string[]> {
  return { region: [], scope: [], language: [], channel: [], priority: [], tier: [] };
}

export function newRule(name: string): EditableRule {
  return {
    key: nextKey(),
    name,
    match: emptyMatch(),
    targets: [],
    fallbackVendorIds: [],
    allowRestricted: false,
    requireBusinessHours: false,
  };
}

export function rulesFromServer(rules: readonly ServerRule[]): EditableRule[] {
  return rules.map((rule) => {
    const match = emptyMatch();
    for (const field of MATCH_FIELDS) match[field] = [...(rule.match[field] ?? [])];
    return {
      key: rule.id ?? nextKey(),
      name: rule.name,
      match,
      targets: rule.targets.map((t) => ({ vendorId: t.vendorId, weight: t.weight })),
      fallbackVendorIds: [...rule.fallbackVendorIds],
      allowRestricted: rule.allowRestricted,
      requireBusinessHours: rule.requireBusinessHours,
    };
  });
}

/** The API input: an attribute with no values is left out (the rule matches any). */
export function rulesToInput(rules: readonly EditableRule[]): RuleInput[] {
  return rules.map((rule) => {
    const match: RuleInput['match'] = {};
    for (const field of MATCH_FIELDS) {
      if (rule.match[field].length > 0) match[field] = [...rule.match[field]];
    }
    return {
      name: rule.name.trim(),
      match,
      targets: rule.targets.map((t) => ({ vendorId: t.vendorId, weight: t.weight })),
      fallbackVendorIds: [...rule.fallbackVendorIds],
      allowRestricted: rule.allowRestricted,
      requireBusinessHours: rule.requireBusinessHours,
    };
  });
}

/** Each target's share of the rule's work (weight / sum of weights), 0 when nothing is weighted. */
export function targetShares(targets: readonly RuleTarget[]): number[] {
  const total = targets.reduce((sum, t) => sum + Math.max(t.weight, 0), 0);
  return targets.map((t) => (total > 0 && t.weight > 0 ? t.weight / total : 0));
}

export function moveRule(rules: readonly EditableRule[], index: number, delta: -1 | 1) {
  const to = index + delta;
  if (index < 0 || index >= rules.length || to < 0 || to >= rules.length) return [...rules];
  const next = [...rules];
  const [rule] = next.splice(index, 1);
  next.splice(to, 0, rule!);
  return next;
}

export function updateRule(
  rules: readonly EditableRule[],
  index: number,
  change: (rule: EditableRule) => EditableRule,
): EditableRule[] {
  return rules.map((rule, i) => (i === index ? change(rule) : rule));
}

export type ProblemsByRule = {
  /** Problems of rule i (by its position in the editor). */
  byRule: Map<number, Problem[]>;
  /** Problems of the ruleset as a whole (coverage of a region × scope, the list itself). */
  general: Problem[];
};

/**
 * Sorts problems onto rules: the server names a rule by its position (`rules.3`,
 * `rules.3.targets.0.vendorId`); anything else concerns the ruleset as a whole.
 */
export function problemsByRule(problems: readonly Problem[], ruleCount: number): ProblemsByRule {
  const byRule = new Map<number, Problem[]>();
  const general: Problem[] = [];
  for (const problem of problems) {
    const match = /^rules\.(\d+)(?:\.|$)/.exec(problem.path);
    const index = match ? Number(match[1]) : -1;
    if (index >= 0 && index < ruleCount) {
      const list = byRule.get(index) ?? [];
      list.push(problem);
      byRule.set(index, list);
    } else {
      general.push(problem);
    }
  }
  return { byRule, general };
}

/** Splits a comma- or space-separated list typed by a person into clean, unique values. */
export function parseList(text: string, options: { upperCase?: boolean } = {}): string[] {
  const values = text
    .split(/[\s,]+/)
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => (options.upperCase ? v.toUpperCase() : v));
  return [...new Set(values)];
}
