// The demo routing rulesets: v0 archived, v1 published (the history is routed by it, through
// the routing engine), v2 a draft that moves work to the cheaper overflow partner, for simulations.
import { demoId, type Prisma } from '@bvg/db';
import { IN_HOUSE_SLUG } from './catalog.ts';
import { vendorId } from './reference-data.ts';

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
