// The demo routing rulesets (v0 archived, v1 published, v2 a draft that moves work to the
// cheaper overflow partner, for simulations) and the router the history is assigned with.
import type { Prisma } from '../generated/prisma/client.ts';
import { vendorId } from './build-reference-data.ts';
import { IN_HOUSE_SLUG, REGIONS, SCOPES, VENDORS } from './demo-catalog.ts';
import { demoId } from './deterministic-id.ts';
import type { Rng } from './prng.ts';

type MatchAttribute = 'region' | 'scope' | 'channel' | 'language' | 'priority' | 'tier';

export interface RuleDef {
  key: string;
  name: string;
  match: Partial<Record<MatchAttribute, string[]>>;
  /** [vendor slug, weight] */
  targets: readonly (readonly [string, number])[];
  fallbacks: readonly string[];
  allowRestricted?: boolean;
}

const STANDARD = ['GENERAL', 'ACCOUNT_ACCESS', 'PLATFORM_INTEGRITY', 'APPEALS'];
const T2 = IN_HOUSE_SLUG;

function rules(
  split: { IN: [number, number]; MY: [number, number]; SG: [number, number] } | null,
): RuleDef[] {
  const overflow = (region: 'IN' | 'MY' | 'SG', home: string): RuleDef[] =>
    split === null
      ? []
      : [
          {
            key: `${region.toLowerCase()}-english-standard`,
            name: `${region} English standard scopes, split with overflow`,
            match: { region: [region], scope: STANDARD, language: ['en'] },
            targets: [
              [home, split[region][0]],
              ['pacific-bridge', split[region][1]],
            ],
            fallbacks: [T2],
          },
        ];
  return [
    {
      key: 'minor-safety',
      name: 'Minor safety to in-house Tier 2',
      match: { scope: ['MINOR_SAFETY'] },
      targets: [[T2, 100]],
      fallbacks: [],
      allowRestricted: true,
    },
    {
      key: 'tier-2',
      name: 'Tier 2 work to in-house specialists',
      match: { tier: ['T2'] },
      targets: [[T2, 100]],
      fallbacks: [],
      allowRestricted: true,
    },
    {
      key: 'us',
      name: 'US to the US-cleared enclave',
      match: { region: ['US'] },
      targets: [['harbor-secure', 100]],
      fallbacks: [T2],
    },
    {
      key: 'eu',
      name: 'EU under GDPR agreement',
      match: { region: ['EU'] },
      targets: [['nordlicht-services', 100]],
      fallbacks: [T2],
    },
    ...overflow('IN', 'lotus-cx'),
    {
      key: 'in',
      name: 'India',
      match: { region: ['IN'] },
      targets: [['lotus-cx', 100]],
      fallbacks: [T2],
    },
    ...overflow('MY', 'straits-support'),
    {
      key: 'my',
      name: 'Malaysia',
      match: { region: ['MY'] },
      targets: [['straits-support', 100]],
      fallbacks: [T2],
    },
    ...overflow('SG', 'straits-support'),
    {
      key: 'sg',
      name: 'Singapore',
      match: { region: ['SG'] },
      targets: [['straits-support', 100]],
      fallbacks: [T2],
    },
    {
      key: 'ph',
      name: 'Philippines',
      match: { region: ['PH'] },
      targets: [['pacific-bridge', 100]],
      fallbacks: [T2],
    },
    {
      key: 'br',
      name: 'Brazil',
      match: { region: ['BR'] },
      targets: [['nordlicht-services', 100]],
      fallbacks: [T2],
    },
  ];
}

export interface RulesetDef {
  version: number;
  name: string;
  description: string;
  status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
  rules: RuleDef[];
}

export const RULESETS: readonly RulesetDef[] = [
  {
    version: 0,
    name: 'Launch routing',
    description: 'One home vendor per market, before the Manila overflow contract.',
    status: 'ARCHIVED',
    rules: rules(null),
  },
  {
    version: 1,
    name: 'Q3 routing with APAC overflow',
    description: 'English standard work in IN, MY and SG shared with Pacific Bridge.',
    status: 'PUBLISHED',
    rules: rules({ IN: [70, 30], MY: [80, 20], SG: [60, 40] }),
  },
  {
    version: 2,
    name: 'Proposed: more overflow',
    description: 'Moves more English standard work to the cheaper overflow partner.',
    status: 'DRAFT',
    rules: rules({ IN: [50, 50], MY: [60, 40], SG: [40, 60] }),
  },
];

export const PUBLISHED_VERSION = 1;
export const rulesetId = (version: number) => demoId(`ruleset:v${version}`);
export const ruleId = (version: number, key: string) => demoId(`rule:v${version}:${key}`);

export interface RoutingRows {
  rulesets: Prisma.RoutingRulesetCreateManyInput[];
  rules: Prisma.RoutingRuleCreateManyInput[];
  targets: Prisma.RoutingRuleTargetCreateManyInput[];
}

export function buildRoutingRows(periodStart: Date): RoutingRows {
  const day = 86_400_000;
  const at = (days: number) => new Date(periodStart.getTime() + days * day);
  const times: Record<RulesetDef['status'], Partial<Prisma.RoutingRulesetCreateManyInput>> = {
    ARCHIVED: {
      createdAt: at(-150),
      publishedAt: at(-120),
      publishedBy: 'seed',
      archivedAt: at(-1),
    },
    PUBLISHED: { createdAt: at(-10), publishedAt: at(-1), publishedBy: 'seed' },
    DRAFT: { createdAt: at(60) },
  };
  const rows: RoutingRows = { rulesets: [], rules: [], targets: [] };
  for (const ruleset of RULESETS) {
    const id = rulesetId(ruleset.version);
    rows.rulesets.push({
      id,
      version: ruleset.version,
      name: ruleset.name,
      description: ruleset.description,
      status: ruleset.status,
      createdBy: 'seed',
      ...times[ruleset.status],
    });
    ruleset.rules.forEach((rule, position) => {
      const rid = ruleId(ruleset.version, rule.key);
      rows.rules.push({
        id: rid,
        rulesetId: id,
        position,
        name: rule.name,
        match: rule.match,
        fallbackVendorIds: rule.fallbacks.map(vendorId),
        allowRestricted: rule.allowRestricted ?? false,
      });
      for (const [slug, weight] of rule.targets) {
        rows.targets.push({ ruleId: rid, vendorId: vendorId(slug), weight });
      }
    });
  }
  return rows;
}

export interface CaseAttrs {
  region: string;
  scope: string;
  channel: string;
  language: string;
  priority: string;
  tier: string;
}

export interface RouteChoice {
  vendorSlug: string;
  rule: RuleDef;
  selection: 'WEIGHTED' | 'FALLBACK';
  residencyCheck: Prisma.InputJsonValue;
  explanation: Prisma.InputJsonValue;
}

const vendorBySlug = new Map(VENDORS.map((v) => [v.slug, v]));
const regionByCode = new Map(REGIONS.map((r) => [r.code, r]));
const restricted = new Set(SCOPES.filter((s) => s.sensitivity === 'RESTRICTED').map((s) => s.code));

function exclusionReasons(slug: string, attrs: CaseAttrs, rule: RuleDef): string[] {
  const vendor = vendorBySlug.get(slug);
  const region = regionByCode.get(attrs.region);
  if (vendor === undefined || region === undefined) return ['UNKNOWN_VENDOR'];
  const reasons: string[] = [];
  if (restricted.has(attrs.scope) && !(rule.allowRestricted && vendor.scopes.includes(attrs.scope)))
    reasons.push('RESTRICTED_SCOPE');
  if (region.requiresUsClearance && !vendor.usDataCleared) reasons.push('NOT_US_CLEARED');
  if (region.requiresGdprAgreement && !vendor.gdprAgreement) reasons.push('NO_GDPR_AGREEMENT');
  if (!vendor.scopes.includes(attrs.scope)) reasons.push('NOT_CERTIFIED_SCOPE');
  if (!vendor.regions.includes(attrs.region)) reasons.push('NOT_CERTIFIED_REGION');
  if (!vendor.languages.includes(attrs.language)) reasons.push('NOT_CERTIFIED_LANGUAGE');
  return reasons;
}

function requirement(code: string): string {
  const region = regionByCode.get(code);
  if (region?.requiresUsClearance) return 'US_CLEARANCE';
  if (region?.requiresGdprAgreement) return 'GDPR_AGREEMENT';
  return 'NONE';
}

const matches = (rule: RuleDef, attrs: CaseAttrs) =>
  Object.entries(rule.match).every(([attribute, allowed]) =>
    allowed.includes(attrs[attribute as MatchAttribute]),
  );

/**
 * Routes a case the way the published ruleset would: first matching rule with an eligible
 * vendor, split by weight among eligible targets, else its fallbacks in order. Drawing the
 * split at random (instead of the engine's counters) gives the same shares over a quarter.
 */
export function routeDemoCase(
  attrs: CaseAttrs,
  excluded: ReadonlySet<string>,
  rng: Rng,
  version = PUBLISHED_VERSION,
): RouteChoice | null {
  const ruleset = RULESETS.find((r) => r.version === version);
  if (ruleset === undefined) throw new Error(`no demo ruleset v${version}`);
  for (const rule of ruleset.rules) {
    if (!matches(rule, attrs)) continue;
    const candidates = [
      ...rule.targets.map(([slug, weight]) => ({ slug, weight, role: 'TARGET' as const })),
      ...rule.fallbacks.map((slug) => ({ slug, weight: 0, role: 'FALLBACK' as const })),
    ].map((c) => {
      const reasons = excluded.has(c.slug)
        ? ['EXCLUDED_BY_CALLER']
        : exclusionReasons(c.slug, attrs, rule);
      return { ...c, reasons, eligible: reasons.length === 0 };
    });
    const targets = candidates.filter((c) => c.role === 'TARGET' && c.eligible);
    let chosen: string | undefined;
    let selection: RouteChoice['selection'] = 'WEIGHTED';
    if (targets.length > 0) {
      chosen = rng.weighted(targets.map((t) => [t.slug, t.weight] as const));
    } else {
      chosen = candidates.find((c) => c.role === 'FALLBACK' && c.eligible)?.slug;
      selection = 'FALLBACK';
    }
    if (chosen === undefined) continue;
    const vendor = vendorBySlug.get(chosen);
    const totalWeight = targets.reduce((sum, t) => sum + t.weight, 0);
    const weight = targets.find((t) => t.slug === chosen)?.weight ?? 0;
    return {
      vendorSlug: chosen,
      rule,
      selection,
      residencyCheck: {
        region: attrs.region,
        requirement: requirement(attrs.region),
        vendorUsDataCleared: vendor?.usDataCleared ?? false,
        vendorGdprAgreement: vendor?.gdprAgreement ?? false,
        passed: true,
      },
      explanation: {
        rulesetId: rulesetId(version),
        rulesetVersion: version,
        case: { ...attrs },
        rule: { id: ruleId(version, rule.key), name: rule.name },
        selection,
        candidates: candidates.map((c) => ({
          vendorId: vendorId(c.slug),
          role: c.role,
          ...(c.role === 'TARGET' ? { weight: c.weight } : {}),
          eligible: c.eligible,
          reasons: c.reasons,
        })),
        summary:
          selection === 'WEIGHTED'
            ? `Rule "${rule.name}" matched; ${chosen} chosen by weight ${weight} of ${totalWeight}.`
            : `Rule "${rule.name}" matched; no weighted target eligible, fell back to ${chosen}.`,
      },
    };
  }
  return null;
}
