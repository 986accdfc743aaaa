// Rows for the reference data: regions, scopes, vendors with sites, certifications,
// contracts with targets and data-access grants, API clients and webhook endpoints.
import { demoId, type Prisma } from '@bvg/db';
import { REGIONS, SCOPES, VENDORS, type VendorDef } from './catalog.ts';
import type { DemoPeriod } from './period.ts';
import { quarterLastDay } from './period.ts';
import { Rng } from './prng.ts';

export const vendorId = (slug: string) => demoId(`vendor:${slug}`);
export const contractId = (slug: string, label: string) => demoId(`contract:${slug}:${label}`);

export const API_CLIENT_SCOPES = [
  'cases:read',
  'cases:write',
  'qa:write',
  'webhooks:read',
  'webhooks:write',
  'scorecards:read',
];

export const WEBHOOK_EVENT_TYPES = [
  'case.assigned',
  'case.recalled',
  'case.updated',
  'case.sla_warning',
  'case.message_received',
];

/** The local demo receiver's port by default. */
export const DEMO_RECEIVER_PORT = 4100;

/** Where a local demo receiver on `port` takes webhooks; one path per vendor below it. */
export const demoWebhookBase = (port: number = DEMO_RECEIVER_PORT) =>
  `http://127.0.0.1:${port}/webhooks`;

/** Where the local demo receiver listens by default. */
export const DEMO_WEBHOOK_BASE = demoWebhookBase();

export interface SlaTargetDef {
  scopeCode: string | null;
  priority: 'P1' | 'P2' | 'P3' | 'P4';
  firstResponseMinutes: number;
  resolutionMinutes: number;
  businessHoursOnly: boolean;
}

/** The same SLA grid in every demo contract; P1 runs on the calendar clock. */
export const SLA_GRID: readonly SlaTargetDef[] = [
  {
    scopeCode: 'ACCOUNT_SECURITY',
    priority: 'P1',
    firstResponseMinutes: 15,
    resolutionMinutes: 120,
    businessHoursOnly: false,
  },
  {
    scopeCode: null,
    priority: 'P1',
    firstResponseMinutes: 30,
    resolutionMinutes: 240,
    businessHoursOnly: false,
  },
  {
    scopeCode: null,
    priority: 'P2',
    firstResponseMinutes: 120,
    resolutionMinutes: 1440,
    businessHoursOnly: true,
  },
  {
    scopeCode: null,
    priority: 'P3',
    firstResponseMinutes: 480,
    resolutionMinutes: 4320,
    businessHoursOnly: true,
  },
  {
    scopeCode: null,
    priority: 'P4',
    firstResponseMinutes: 1440,
    resolutionMinutes: 7200,
    businessHoursOnly: true,
  },
];

/** Tier 2 works around the clock under an internal agreement, on calendar time. */
export const IN_HOUSE_SLA_GRID: readonly SlaTargetDef[] = SLA_GRID.map((target) => ({
  ...target,
  businessHoursOnly: false,
}));

const KPI_TARGETS: readonly { kpi: string; target: number; weight: number }[] = [
  { kpi: 'SLA_FIRST_RESPONSE', target: 95, weight: 0.25 },
  { kpi: 'SLA_RESOLUTION', target: 90, weight: 0.25 },
  { kpi: 'QA_SCORE', target: 85, weight: 0.2 },
  { kpi: 'CSAT_AVERAGE', target: 4.2, weight: 0.15 },
  { kpi: 'FCR_RATE', target: 70, weight: 0.1 },
  { kpi: 'AHT_SECONDS', target: 900, weight: 0.05 },
];

const PER_POINT = (ratePerPointPct: number, capPct: number) => ({
  shape: 'PER_POINT',
  ratePerPointPct,
  capPct,
  earnBack: { enabled: true, share: 0.5 },
});

const TIERED = (kpi: string, top: number) => ({
  shape: 'TIERED',
  kpi,
  tiers: [
    { from: top, creditPct: 0 },
    { from: top - 5, creditPct: 2 },
    { from: top - 10, creditPct: 5 },
    { from: 0, creditPct: 10 },
  ],
  capPct: 10,
  earnBack: { enabled: false },
});

type Field = 'SUBJECT_PII' | 'DESCRIPTION' | 'MINOR_SAFETY_DETAIL' | 'ATTACHMENTS' | 'MESSAGES';

interface ContractDef {
  pricePerCaseMinor: number;
  creditTerms: Prisma.InputJsonValue;
  /**
   * region → fields; a GDPR market gets the minimum, an overflow market less than a home one.
   * Message bodies go wherever the description goes: both are the user's own account.
   */
  grants: readonly { regionCode: string | null; scopeCode?: string; fields: Field[] }[];
}

const CONTRACTS: Readonly<Record<string, ContractDef>> = {
  'lotus-cx': {
    pricePerCaseMinor: 420,
    creditTerms: PER_POINT(1.0, 10),
    grants: [
      { regionCode: 'IN', fields: ['SUBJECT_PII', 'DESCRIPTION', 'MESSAGES', 'ATTACHMENTS'] },
    ],
  },
  'straits-support': {
    pricePerCaseMinor: 480,
    creditTerms: TIERED('SLA_FIRST_RESPONSE', 95),
    grants: [
      { regionCode: 'MY', fields: ['SUBJECT_PII', 'DESCRIPTION', 'MESSAGES', 'ATTACHMENTS'] },
      { regionCode: 'SG', fields: ['SUBJECT_PII', 'DESCRIPTION', 'MESSAGES'] },
    ],
  },
  'harbor-secure': {
    pricePerCaseMinor: 890,
    creditTerms: PER_POINT(1.5, 12),
    grants: [{ regionCode: 'US', fields: ['SUBJECT_PII', 'DESCRIPTION', 'MESSAGES'] }],
  },
  'nordlicht-services': {
    pricePerCaseMinor: 760,
    creditTerms: TIERED('SLA_RESOLUTION', 90),
    grants: [
      // GDPR data minimisation: EU agents work from the description alone.
      { regionCode: 'EU', fields: ['DESCRIPTION', 'MESSAGES'] },
      { regionCode: 'BR', fields: ['SUBJECT_PII', 'DESCRIPTION', 'MESSAGES'] },
    ],
  },
  'pacific-bridge': {
    pricePerCaseMinor: 350,
    creditTerms: PER_POINT(1.0, 10),
    grants: [
      { regionCode: 'PH', fields: ['SUBJECT_PII', 'DESCRIPTION', 'MESSAGES'] },
      { regionCode: 'SG', fields: ['DESCRIPTION', 'MESSAGES'] },
      { regionCode: 'MY', fields: ['DESCRIPTION', 'MESSAGES'] },
      { regionCode: 'IN', fields: ['DESCRIPTION', 'MESSAGES'] },
    ],
  },
  'trust-safety-t2': {
    // An internal operating-level agreement: no fees, but it carries targets and grants.
    pricePerCaseMinor: 0,
    creditTerms: {
      shape: 'PER_POINT',
      ratePerPointPct: 0,
      capPct: 0,
      earnBack: { enabled: false },
    },
    grants: [
      {
        regionCode: null,
        fields: ['SUBJECT_PII', 'DESCRIPTION', 'MESSAGES', 'MINOR_SAFETY_DETAIL', 'ATTACHMENTS'],
      },
    ],
  },
};

export interface ReferenceRows {
  regions: Prisma.RegionCreateManyInput[];
  scopes: Prisma.ScopeCreateManyInput[];
  vendors: Prisma.VendorCreateManyInput[];
  sites: Prisma.VendorSiteCreateManyInput[];
  certifications: Prisma.VendorCertificationCreateManyInput[];
  apiClients: Prisma.ApiClientCreateManyInput[];
  webhookEndpoints: Prisma.WebhookEndpointCreateManyInput[];
  webhookSecrets: Prisma.WebhookSecretCreateManyInput[];
}

/** Holidays of a vendor as local dates in the years of the period. */
export function vendorHolidays(vendor: VendorDef, period: DemoPeriod): string[] {
  return period.years.flatMap((year) => vendor.holidays.map((md) => `${year}-${md}`));
}

export function buildReferenceRows(
  seed: number,
  period: DemoPeriod,
  webhookBase: string = DEMO_WEBHOOK_BASE,
): ReferenceRows {
  // Reference data predates the history by a few months.
  const setUpAt = new Date(period.start.getTime() - 120 * 86_400_000);
  const secrets = Rng.for(seed, 'webhook-secrets');
  const rows: ReferenceRows = {
    regions: REGIONS.map((r) => ({
      code: r.code,
      name: r.name,
      requiresUsClearance: r.requiresUsClearance,
      requiresGdprAgreement: r.requiresGdprAgreement,
      defaultTimeZone: r.defaultTimeZone,
      createdAt: setUpAt,
    })),
    scopes: SCOPES.map((s) => ({
      code: s.code,
      name: s.name,
      sensitivity: s.sensitivity,
      createdAt: setUpAt,
    })),
    vendors: [],
    sites: [],
    certifications: [],
    apiClients: [],
    webhookEndpoints: [],
    webhookSecrets: [],
  };
  for (const vendor of VENDORS) {
    const id = vendorId(vendor.slug);
    rows.vendors.push({
      id,
      slug: vendor.slug,
      name: vendor.name,
      kind: vendor.kind,
      usDataCleared: vendor.usDataCleared,
      gdprAgreement: vendor.gdprAgreement,
      timeZone: vendor.timeZone,
      businessHours: vendor.businessHours,
      holidays: vendorHolidays(vendor, period),
      createdAt: setUpAt,
      updatedAt: setUpAt,
    });
    for (const site of vendor.sites) {
      rows.sites.push({
        id: demoId(`site:${vendor.slug}:${site.city}`),
        vendorId: id,
        ...site,
        createdAt: setUpAt,
      });
    }
    for (const region of REGIONS) {
      if (!vendor.regions.includes(region.code)) continue;
      const languages = region.languages
        .map(([l]) => l)
        .filter((l) => vendor.languages.includes(l));
      for (const scopeCode of vendor.scopes) {
        for (const language of languages) {
          rows.certifications.push({
            id: demoId(`certification:${vendor.slug}:${region.code}:${scopeCode}:${language}`),
            vendorId: id,
            regionCode: region.code,
            scopeCode,
            language,
            certifiedAt: setUpAt,
            expiresAt: new Date(setUpAt.getTime() + 2 * 365 * 86_400_000),
          });
        }
      }
    }
    if (vendor.kind !== 'BPO') continue;
    const clientRowId = demoId(`api-client:${vendor.slug}`);
    rows.apiClients.push({
      id: clientRowId,
      clientId: `${vendor.slug}-prod`,
      vendorId: id,
      name: `${vendor.name} production`,
      authMethod: 'CLIENT_SECRET_BASIC',
      allowedScopes: API_CLIENT_SCOPES,
      createdAt: setUpAt,
      updatedAt: setUpAt,
    });
    const endpointId = demoId(`webhook-endpoint:${vendor.slug}`);
    rows.webhookEndpoints.push({
      id: endpointId,
      vendorId: id,
      url: `${webhookBase}/${vendor.slug}`,
      description: `${vendor.name} case intake (local demo receiver)`,
      eventTypes: WEBHOOK_EVENT_TYPES,
      createdAt: setUpAt,
      updatedAt: setUpAt,
    });
    rows.webhookSecrets.push({
      id: demoId(`webhook-secret:${vendor.slug}`),
      endpointId,
      vendorId: id,
      secret: `whsec_${secrets.bytes(32).toString('base64')}`,
      createdAt: setUpAt,
    });
  }
  return rows;
}

export interface ContractRows {
  contracts: Prisma.ContractCreateManyInput[];
  slaTargets: Prisma.SlaTargetCreateManyInput[];
  kpiTargets: Prisma.KpiTargetCreateManyInput[];
  dataAccessGrants: Prisma.DataAccessGrantCreateManyInput[];
}

/**
 * Contracts for the quarter. Volume bounds are set around the monthly volume each vendor
 * actually received in the history, so they are plausible whatever intake rate was chosen.
 */
export function buildContractRows(
  period: DemoPeriod,
  monthlyVolume: ReadonlyMap<string, number>,
): ContractRows {
  const signedAt = new Date(period.start.getTime() - 30 * 86_400_000);
  const rows: ContractRows = {
    contracts: [],
    slaTargets: [],
    kpiTargets: [],
    dataAccessGrants: [],
  };
  for (const vendor of VENDORS) {
    const terms = CONTRACTS[vendor.slug];
    if (terms === undefined) continue;
    const id = contractId(vendor.slug, period.label);
    const volume = monthlyVolume.get(vendor.slug) ?? 0;
    const inHouse = vendor.kind === 'IN_HOUSE';
    rows.contracts.push({
      id,
      vendorId: vendorId(vendor.slug),
      reference: `${inHouse ? 'OLA' : 'CTR'}-${vendor.code}-${period.label}`,
      periodStart: period.start,
      periodEnd: quarterLastDay(period.start),
      currency: 'USD',
      pricePerCaseMinor: terms.pricePerCaseMinor,
      minMonthlyVolume: inHouse ? null : Math.max(50, Math.floor((volume * 0.7) / 50) * 50),
      maxMonthlyVolume: inHouse ? null : Math.max(100, Math.ceil((volume * 1.4) / 50) * 50),
      creditTerms: terms.creditTerms,
      createdAt: signedAt,
      updatedAt: signedAt,
    });
    const grid = inHouse ? IN_HOUSE_SLA_GRID : SLA_GRID;
    grid.forEach((target, i) => {
      rows.slaTargets.push({
        id: demoId(`sla-target:${id}:${i}`),
        contractId: id,
        scopeCode: target.scopeCode,
        priority: target.priority,
        firstResponseMinutes: target.firstResponseMinutes,
        resolutionMinutes: target.resolutionMinutes,
        businessHoursOnly: target.businessHoursOnly,
      });
    });
    for (const kpi of KPI_TARGETS) {
      rows.kpiTargets.push({ id: demoId(`kpi-target:${id}:${kpi.kpi}`), contractId: id, ...kpi });
    }
    terms.grants.forEach((grant, i) => {
      rows.dataAccessGrants.push({
        id: demoId(`data-access:${id}:${i}`),
        contractId: id,
        regionCode: grant.regionCode,
        scopeCode: grant.scopeCode ?? null,
        fields: grant.fields,
      });
    });
  }
  return rows;
}

/** The SLA target that applies to a case: a scope-specific row wins over the generic one. */
export function slaTargetFor(
  grid: readonly SlaTargetDef[],
  scopeCode: string,
  priority: SlaTargetDef['priority'],
): SlaTargetDef {
  const target =
    grid.find((t) => t.scopeCode === scopeCode && t.priority === priority) ??
    grid.find((t) => t.scopeCode === null && t.priority === priority);
  if (target === undefined) throw new Error(`no SLA target for ${scopeCode}/${priority}`);
  return target;
}
