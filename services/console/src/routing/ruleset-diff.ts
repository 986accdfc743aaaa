// What a draft changes against the published ruleset, rule by rule: shown in the editor and
// again before publishing. Rules are paired by name (names are what people recognise), and
// what changed is named field by field.
import { MATCH_FIELDS, type ServerRule } from './rule-model.ts';

export type RuleChangeKind = 'added' | 'removed' | 'changed' | 'moved' | 'unchanged';

export type FieldChange = { field: string; before: string; after: string };

export type RuleChange = {
  kind: RuleChangeKind;
  name: string;
  /** Position in the published ruleset, when there. */
  from: number | null;
  /** Position in the draft, when there. */
  to: number | null;
  fields: FieldChange[];
};

type Comparable = Omit<ServerRule, 'id'>;

function describeTargets(rule: Comparable): string {
  return rule.targets.map((t) => `${t.vendorId}×${t.weight}`).join(', ') || 'none';
}

function describeList(values: readonly string[] | null | undefined): string {
  return values && values.length > 0 ? [...values].sort().join(', ') : 'any';
}

function fieldChanges(before: Comparable, after: Comparable): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of MATCH_FIELDS) {
    const b = describeList(before.match[field]);
    const a = describeList(after.match[field]);
    if (a !== b) changes.push({ field: `match.${field}`, before: b, after: a });
  }
  const pairs: [string, string, string][] = [
    ['targets', describeTargets(before), describeTargets(after)],
    [
      'fallbacks',
      before.fallbackVendorIds.join(', ') || 'none',
      after.fallbackVendorIds.join(', ') || 'none',
    ],
    ['allowRestricted', String(before.allowRestricted), String(after.allowRestricted)],
    [
      'requireBusinessHours',
      String(before.requireBusinessHours),
      String(after.requireBusinessHours),
    ],
  ];
  for (const [field, b, a] of pairs) if (a !== b) changes.push({ field, before: b, after: a });
  return changes;
}

export function diffRulesets(
  published: readonly Comparable[],
  draft: readonly Comparable[],
): RuleChange[] {
  const publishedByName = new Map<string, number>();
  published.forEach((rule, i) => {
    if (!publishedByName.has(rule.name)) publishedByName.set(rule.name, i);
  });
  const paired = new Set<number>();
  const changes: RuleChange[] = draft.map((rule, to) => {
    const from = publishedByName.get(rule.name);
    if (from === undefined || paired.has(from)) {
      return { kind: 'added', name: rule.name, from: null, to, fields: [] };
    }
    paired.add(from);
    const fields = fieldChanges(published[from]!, rule);
    const kind: RuleChangeKind =
      fields.length > 0 ? 'changed' : from !== to ? 'moved' : 'unchanged';
    return { kind, name: rule.name, from, to, fields };
  });
  published.forEach((rule, from) => {
    if (!paired.has(from)) {
      changes.push({ kind: 'removed', name: rule.name, from, to: null, fields: [] });
    }
  });
  return changes;
}

/** Counts per kind, for the one-line summary before publishing. */
export function summarizeDiff(changes: readonly RuleChange[]): Record<RuleChangeKind, number> {
  const counts: Record<RuleChangeKind, number> = {
    added: 0,
    removed: 0,
    changed: 0,
    moved: 0,
    unchanged: 0,
  };
  for (const change of changes) counts[change.kind] += 1;
  return counts;
}
