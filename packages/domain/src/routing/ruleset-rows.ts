// Conversion between the routing tables and the engine's plain-data ruleset, and the shape
// a rule is written in by ops (checked here; meaning is checked by `validateRuleset`).
import type { Prisma } from '@bvg/db';
import { MATCH_ATTRIBUTES, type Rule, type RuleMatch, type Ruleset } from '@bvg/routing';
import { z } from 'zod';
import type { Problem } from '../shared/domain-error.ts';

export interface RulesetRow {
  id: string;
  version: number;
  rules: {
    id: string;
    position: number;
    name: string;
    match: Prisma.JsonValue;
    fallbackVendorIds: string[];
    allowRestricted: boolean;
    requireBusinessHours: boolean;
    targets: { vendorId: string; weight: number }[];
  }[];
}

/** Rules in position order; targets by vendor id, so every process sees the same order. */
export function rulesetFromRows(row: RulesetRow): Ruleset {
  const rules = [...row.rules]
    .sort((a, b) => a.position - b.position)
    .map((r): Rule => {
      const rule: Rule = {
        id: r.id,
        name: r.name,
        match: matchFromJson(r.match),
        targets: [...r.targets]
          .sort((a, b) => (a.vendorId < b.vendorId ? -1 : a.vendorId > b.vendorId ? 1 : 0))
          .map((t) => ({ vendorId: t.vendorId, weight: t.weight })),
        fallbacks: r.fallbackVendorIds,
      };
      if (r.allowRestricted) rule.allowRestricted = true;
      if (r.requireBusinessHours) rule.requireBusinessHours = true;
      return rule;
    });
  return { id: row.id, version: row.version, rules };
}

function matchFromJson(value: Prisma.JsonValue): RuleMatch {
  const match: Record<string, string[]> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return match;
  for (const attribute of MATCH_ATTRIBUTES) {
    const values = (value as Record<string, unknown>)[attribute];
    if (Array.isArray(values)) match[attribute] = values.map(String);
  }
  return match as RuleMatch;
}

const code = z.string().trim().min(1).max(64);
const uuid = z.uuid({ message: 'must be a vendor id (a UUID)' });

export const ruleMatchInput = z
  .object({
    region: z.array(code).optional(),
    scope: z.array(code).optional(),
    channel: z.array(z.enum(['IN_APP', 'WEBFORM', 'EMAIL', 'APPEAL', 'INTERNAL_FORM'])).optional(),
    language: z.array(code).optional(),
    priority: z.array(z.enum(['P1', 'P2', 'P3', 'P4'])).optional(),
    tier: z.array(z.enum(['T1', 'T2'])).optional(),
  })
  .strict();

export const ruleInput = z.object({
  name: z.string().trim().min(1).max(200),
  match: ruleMatchInput,
  targets: z.array(
    z.object({
      vendorId: uuid,
      weight: z.number().int('must be a whole number').positive('must be above zero'),
    }),
  ),
  fallbacks: z.array(uuid).default([]),
  allowRestricted: z.boolean().default(false),
  requireBusinessHours: z.boolean().default(false),
});

export type RuleInput = z.input<typeof ruleInput>;
export type ParsedRule = z.output<typeof ruleInput>;

/** Parses rules as written by ops; every problem at once, with the path of the field. */
export function parseRules(rules: readonly unknown[]): {
  /** Rules that parsed, with their index in the input (for problem paths). */
  rules: { index: number; rule: ParsedRule }[];
  problems: Problem[];
} {
  const parsed: { index: number; rule: ParsedRule }[] = [];
  const problems: Problem[] = [];
  rules.forEach((raw, i) => {
    const result = ruleInput.safeParse(raw);
    if (result.success) {
      parsed.push({ index: i, rule: result.data });
      const seen = new Set<string>();
      result.data.targets.forEach((t, j) => {
        if (seen.has(t.vendorId)) {
          problems.push({
            path: `rules.${i}.targets.${j}.vendorId`,
            message: `vendor ${t.vendorId} is listed twice among the targets; give it one entry with the combined weight`,
          });
        }
        seen.add(t.vendorId);
      });
    } else {
      for (const issue of result.error.issues) {
        problems.push({ path: ['rules', i, ...issue.path].join('.'), message: issue.message });
      }
    }
  });
  return { rules: parsed, problems };
}

/** Keeps only the attributes a rule actually conditions on, for storage. */
export function matchToJson(match: ParsedRule['match']): Record<string, string[]> {
  const json: Record<string, string[]> = {};
  for (const attribute of MATCH_ATTRIBUTES) {
    const values = match[attribute];
    if (values !== undefined) json[attribute] = [...values];
  }
  return json;
}
