// Decisions per second of the pure engine: 200 rules, 20 vendors, next to baselines measured
// in the same run. Aim: well above 50,000 decisions/s on one core.
// Run from packages/routing: pnpm exec tsx src/bench/routing.bench.ts
import { decideRoute } from '../decide-route.ts';
import { ruleMatches } from '../match.ts';
import type {
  CaseAttributes,
  Certification,
  RegionRule,
  Rule,
  Ruleset,
  ScopeInfo,
  VendorState,
} from '../types.ts';

const AIM = 50_000;
const REGION_CODES = ['IN', 'MY', 'SG', 'ID', 'JP', 'BR', 'US', 'EU'];
const SCOPE_CODES = [
  'ACCOUNT_ACCESS',
  'ACCOUNT_SECURITY',
  'AGE_SUPPORT',
  'MINOR_SAFETY',
  'PLATFORM_INTEGRITY',
  'APPEALS',
  'GENERAL',
];
const LANGUAGES = ['en', 'hi', 'ms', 'id', 'ja', 'pt', 'de', 'fr'];
const CHANNELS = ['IN_APP', 'WEBFORM', 'EMAIL', 'APPEAL', 'INTERNAL_FORM'] as const;
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;

// A small deterministic generator so every run measures the same workload.
let seed = 20250304;
function random(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x80000000;
}
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;

const regions: RegionRule[] = REGION_CODES.map((code) => ({
  code,
  requiresUsClearance: code === 'US',
  requiresGdprAgreement: code === 'EU',
}));
const scopes: ScopeInfo[] = SCOPE_CODES.map((code) => ({
  code,
  sensitivity:
    code === 'MINOR_SAFETY' ? 'RESTRICTED' : code === 'ACCOUNT_SECURITY' ? 'SENSITIVE' : 'STANDARD',
}));

const vendors: VendorState[] = Array.from({ length: 20 }, (_, i) => {
  const id = `vendor-${String(i).padStart(2, '0')}`;
  const certifications: Certification[] = [];
  for (const region of REGION_CODES) {
    for (const scope of SCOPE_CODES) {
      if (random() < 0.7)
        certifications.push({ region, scope, languages: LANGUAGES.filter(() => random() < 0.6) });
    }
  }
  return {
    id,
    name: `Vendor ${i}`,
    kind: i < 2 ? 'IN_HOUSE' : 'BPO',
    active: random() < 0.9,
    usDataCleared: random() < 0.5,
    gdprAgreement: random() < 0.5,
    certifications,
    capacity: SCOPE_CODES.map((scope) => ({
      scope,
      openCaseCeiling: 1_000_000,
      dailyIntakeCap: 1_000_000,
      openCases: Math.floor(random() * 1000),
      intakeToday: Math.floor(random() * 1000),
    })),
    businessHours: {
      timeZone: pick(['Asia/Kolkata', 'Asia/Kuala_Lumpur', 'America/New_York', 'Europe/Dublin']),
      days: [1, 2, 3, 4, 5],
      openMinute: 480,
      closeMinute: 1200,
    },
  };
});
const vendorIds = vendors.map((v) => v.id);

// 192 specific rules (region × scope, some narrowed by channel or priority), then a
// catch-all per region: 200 rules.
const rules: Rule[] = [];
for (let i = 0; rules.length < 192; i++) {
  const match: Rule['match'] = { region: [pick(REGION_CODES)], scope: [pick(SCOPE_CODES)] };
  if (random() < 0.3)
    (match as { channel?: readonly string[] }).channel = [pick(CHANNELS), pick(CHANNELS)];
  if (random() < 0.2) (match as { priority?: readonly string[] }).priority = [pick(PRIORITIES)];
  rules.push({
    id: `rule-${i}`,
    name: `Rule ${i}`,
    match,
    targets: [
      { vendorId: pick(vendorIds), weight: 60 },
      { vendorId: pick(vendorIds), weight: 30 },
      { vendorId: pick(vendorIds), weight: 10 },
    ].filter((t, j, all) => all.findIndex((x) => x.vendorId === t.vendorId) === j),
    fallbacks: [pick(vendorIds), pick(vendorIds)],
    requireBusinessHours: random() < 0.1,
  });
}
for (const region of REGION_CODES) {
  rules.push({
    id: `catch-all-${region}`,
    name: `Everything else in ${region}`,
    match: { region: [region] },
    targets: vendorIds.slice(2, 6).map((vendorId) => ({ vendorId, weight: 25 })),
    fallbacks: vendorIds.slice(6, 10),
  });
}
const ruleset: Ruleset = { id: 'bench', version: 1, rules };

const cases: CaseAttributes[] = Array.from({ length: 4096 }, () => ({
  region: pick(REGION_CODES),
  scope: pick(SCOPE_CODES),
  channel: pick(CHANNELS),
  language: pick(LANGUAGES),
  priority: pick(PRIORITIES),
  tier: 'T1',
}));
const now = new Date('2025-03-04T10:00:00Z');

function measure(name: string, body: (c: CaseAttributes) => number): number {
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += body(cases[i & 4095]!); // warm up
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < 2_000) {
    for (let i = 0; i < 1_000; i++, n++) sink += body(cases[n & 4095]!);
    elapsed = performance.now() - start;
  }
  const perSecond = Math.round((n / elapsed) * 1000);
  console.log(
    `${name.padEnd(58)} ${perSecond.toLocaleString('en-US').padStart(12)} /s   (sink ${sink % 10})`,
  );
  return perSecond;
}

// What a caller does with the decision's split counter, kept in memory here.
const allocation: Record<string, Record<string, number>> = {};
const outcomes: Record<string, number> = {};

console.log(
  `ruleset: ${rules.length} rules, ${vendors.length} vendors, ${cases.length} distinct cases\n`,
);

const hash = measure('baseline: FNV-1a hash of the case attributes', (c) => {
  const s = `${c.region}|${c.scope}|${c.channel}|${c.language}|${c.priority}|${c.tier}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h & 1;
});
const find = measure('baseline: Array.find of the first matching rule', (c) => {
  return rules.find((r) => ruleMatches(r.match, c)) === undefined ? 0 : 1;
});
const engine = measure('decideRoute (explanations, eligibility, weighted split)', (c) => {
  const d = decideRoute({ caseAttrs: c, ruleset, vendors, regions, scopes, allocation, now });
  const key = d.outcome === 'ASSIGNED' ? d.selection : d.reason;
  outcomes[key] = (outcomes[key] ?? 0) + 1;
  if (d.outcome === 'ASSIGNED' && d.allocationKey !== null) {
    const counts = allocation[d.allocationKey.ruleId] ?? {};
    counts[d.vendorId] = (counts[d.vendorId] ?? 0) + 1;
    allocation[d.allocationKey.ruleId] = counts;
  }
  return d.outcome === 'ASSIGNED' ? 1 : 0;
});

console.log(`\noutcomes: ${JSON.stringify(outcomes)}`);
console.log(
  `decideRoute costs ${(find / engine).toFixed(1)}× an Array.find over the rules and ${(hash / engine).toFixed(1)}× a hash of the case.`,
);
console.log(
  `Aim: > ${AIM.toLocaleString('en-US')} decisions/s on one core: ${engine > AIM ? 'met' : 'NOT met'}.`,
);
