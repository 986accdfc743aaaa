// What each vendor may take (certifications) and how much (capacity), as ops see and set it.
import type { TenantTx } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import { DomainError, type Problem, validationError } from '../shared/domain-error.ts';
import { defaultRoutingStateCache, loadRoutingState } from './routing-state.ts';
import type { RoutingChange } from './ruleset-admin.ts';

export interface VendorCertificationView {
  region: string;
  scope: string;
  language: string;
  expiresAt: Date | null;
}

export interface VendorCapacityView {
  scope: string;
  openCaseCeiling: number;
  dailyIntakeCap: number;
  /** Open cases right now. */
  openCases: number;
  /** Cases taken today, in the vendor's time zone. */
  intakeToday: number;
}

export interface VendorRoutingView {
  id: string;
  slug: string;
  name: string;
  kind: 'BPO' | 'IN_HOUSE';
  /** ACTIVE (takes new work), PAUSED or DRAINING. */
  state: 'ACTIVE' | 'PAUSED' | 'DRAINING';
  stateReason: string | null;
  stateChangedAt: Date | null;
  active: boolean;
  usDataCleared: boolean;
  gdprAgreement: boolean;
  timeZone: string;
  certifications: VendorCertificationView[];
  capacity: VendorCapacityView[];
}

/** Every vendor with its certifications, capacity and current use. */
export async function listVendorRouting(
  tx: TenantTx,
  input: { now: Date; vendorId?: string },
): Promise<VendorRoutingView[]> {
  // One after another: a transaction is one connection, and pg 9 refuses overlapping queries.
  // Sandbox tenants take no real work: they have no routing picture to show.
  const vendors = await tx.vendor.findMany({
    where: { sandboxOfId: null, ...(input.vendorId ? { id: input.vendorId } : {}) },
    orderBy: { name: 'asc' },
    include: {
      certifications: {
        orderBy: [{ regionCode: 'asc' }, { scopeCode: 'asc' }, { language: 'asc' }],
      },
      capacities: { orderBy: { scopeCode: 'asc' } },
    },
  });
  const state = await loadRoutingState(tx, { now: input.now });
  const use = new Map(state.vendors.map((v) => [v.id, v.capacity]));
  return vendors.map((v) => ({
    id: v.id,
    slug: v.slug,
    name: v.name,
    kind: v.kind,
    state: v.state,
    stateReason: v.stateReason,
    stateChangedAt: v.stateChangedAt,
    active: v.state === 'ACTIVE',
    usDataCleared: v.usDataCleared,
    gdprAgreement: v.gdprAgreement,
    timeZone: v.timeZone,
    certifications: v.certifications.map((c) => ({
      region: c.regionCode,
      scope: c.scopeCode,
      language: c.language,
      expiresAt: c.expiresAt,
    })),
    capacity: v.capacities.map((c) => {
      const current = use.get(v.id)?.find((u) => u.scope === c.scopeCode);
      return {
        scope: c.scopeCode,
        openCaseCeiling: c.openCaseCeiling,
        dailyIntakeCap: c.dailyIntakeCap,
        openCases: current?.openCases ?? 0,
        intakeToday: current?.intakeToday ?? 0,
      };
    }),
  }));
}

async function requireVendor(tx: TenantTx, vendorId: string) {
  const vendor = /^[0-9a-f-]{36}$/i.test(vendorId)
    ? await tx.vendor.findUnique({
        where: { id: vendorId },
        select: { id: true, name: true, sandboxOfId: true },
      })
    : null;
  if (vendor === null) throw new DomainError('NOT_FOUND', 'Vendor not found');
  if (vendor.sandboxOfId !== null) {
    // Routing never considers a sandbox tenant, so capacity or certifications would mislead.
    throw validationError([
      { path: 'vendorId', message: 'is a sandbox tenant: it takes synthetic cases only' },
    ]);
  }
  return vendor;
}

/**
 * Routing caches vendors per process, keyed on the vendors' last change: touching the vendor
 * makes every process see a certification or capacity change on its next decision.
 */
async function touchVendor(tx: TenantTx, vendorId: string): Promise<void> {
  await tx.vendor.update({ where: { id: vendorId }, data: { updatedAt: new Date() } });
  defaultRoutingStateCache.clear();
}

async function checkCodes(
  tx: TenantTx,
  items: readonly { region?: string; scope: string }[],
  path: string,
): Promise<Problem[]> {
  const regions = await tx.region.findMany({ select: { code: true } });
  const scopes = await tx.scope.findMany({ select: { code: true } });
  const regionCodes = new Set(regions.map((r) => r.code));
  const scopeCodes = new Set(scopes.map((s) => s.code));
  const problems: Problem[] = [];
  items.forEach((item, i) => {
    if (item.region !== undefined && !regionCodes.has(item.region)) {
      problems.push({ path: `${path}.${i}.region`, message: `unknown region ${item.region}` });
    }
    if (!scopeCodes.has(item.scope)) {
      problems.push({ path: `${path}.${i}.scope`, message: `unknown scope ${item.scope}` });
    }
  });
  return problems;
}

export interface SetVendorCapacityInput extends RoutingChange {
  vendorId: string;
  /** Per scope; scopes not listed keep their capacity. */
  capacities: readonly { scope: string; openCaseCeiling: number; dailyIntakeCap: number }[];
}

/** Sets a vendor's open-case ceiling and daily intake cap for the scopes listed. */
export async function setVendorCapacity(
  tx: TenantTx,
  input: SetVendorCapacityInput,
): Promise<void> {
  const vendor = await requireVendor(tx, input.vendorId);
  const problems = await checkCodes(tx, input.capacities, 'capacities');
  if (input.reason.trim().length === 0)
    problems.push({ path: 'reason', message: 'say why the change is made' });
  const seen = new Set<string>();
  input.capacities.forEach((c, i) => {
    for (const field of ['openCaseCeiling', 'dailyIntakeCap'] as const) {
      if (!Number.isSafeInteger(c[field]) || c[field] < 0) {
        problems.push({
          path: `capacities.${i}.${field}`,
          message: 'must be a whole number, zero or more',
        });
      }
    }
    if (seen.has(c.scope))
      problems.push({ path: `capacities.${i}.scope`, message: `${c.scope} is listed twice` });
    seen.add(c.scope);
  });
  if (problems.length > 0) throw validationError(problems);

  const before = await tx.vendorCapacity.findMany({ where: { vendorId: vendor.id } });
  for (const c of input.capacities) {
    await tx.vendorCapacity.upsert({
      where: { vendorId_scopeCode: { vendorId: vendor.id, scopeCode: c.scope } },
      create: {
        vendorId: vendor.id,
        scopeCode: c.scope,
        openCaseCeiling: c.openCaseCeiling,
        dailyIntakeCap: c.dailyIntakeCap,
      },
      update: { openCaseCeiling: c.openCaseCeiling, dailyIntakeCap: c.dailyIntakeCap },
    });
  }
  await touchVendor(tx, vendor.id);
  await recordAudit(tx, {
    actor: input.actor,
    action: 'vendor.capacity.set',
    targetType: 'Vendor',
    targetId: vendor.id,
    requestId: input.requestId ?? null,
    details: {
      reason: input.reason,
      before: before
        .filter((b) => seen.has(b.scopeCode))
        .map((b) => ({
          scope: b.scopeCode,
          openCaseCeiling: b.openCaseCeiling,
          dailyIntakeCap: b.dailyIntakeCap,
        })),
      after: input.capacities,
    },
  });
}

export interface SetVendorCertificationsInput extends RoutingChange {
  vendorId: string;
  /** The vendor's whole certification set: what is not listed is withdrawn. */
  certifications: readonly {
    region: string;
    scope: string;
    languages: readonly string[];
    expiresAt?: Date | null;
  }[];
}

/** Replaces a vendor's certifications (region × scope × languages, optional expiry). */
export async function setVendorCertifications(
  tx: TenantTx,
  input: SetVendorCertificationsInput,
): Promise<void> {
  const vendor = await requireVendor(tx, input.vendorId);
  const problems = await checkCodes(tx, input.certifications, 'certifications');
  if (input.reason.trim().length === 0)
    problems.push({ path: 'reason', message: 'say why the change is made' });
  const rows = new Map<
    string,
    { regionCode: string; scopeCode: string; language: string; expiresAt: Date | null }
  >();
  input.certifications.forEach((c, i) => {
    if (c.languages.length === 0) {
      problems.push({
        path: `certifications.${i}.languages`,
        message: 'list at least one language',
      });
    }
    for (const language of c.languages) {
      if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) {
        problems.push({
          path: `certifications.${i}.languages`,
          message: `${language} is not a language tag such as en or pt-BR`,
        });
      }
      rows.set(`${c.region}|${c.scope}|${language}`, {
        regionCode: c.region,
        scopeCode: c.scope,
        language,
        expiresAt: c.expiresAt ?? null,
      });
    }
  });
  if (problems.length > 0) throw validationError(problems);

  const before = await tx.vendorCertification.findMany({ where: { vendorId: vendor.id } });
  const key = (r: { regionCode: string; scopeCode: string; language: string }) =>
    `${r.regionCode}|${r.scopeCode}|${r.language}`;
  const withdrawn = before.filter((b) => !rows.has(key(b))).map(key);
  const added = [...rows.keys()].filter((k) => !before.some((b) => key(b) === k));
  // Kept certifications keep their certification date; only what changed is written.
  if (withdrawn.length > 0) {
    await tx.vendorCertification.deleteMany({
      where: {
        vendorId: vendor.id,
        id: { in: before.filter((b) => !rows.has(key(b))).map((b) => b.id) },
      },
    });
  }
  if (added.length > 0) {
    await tx.vendorCertification.createMany({
      data: added.map((k) => ({ vendorId: vendor.id, ...rows.get(k)! })),
    });
  }
  for (const b of before) {
    const wanted = rows.get(key(b));
    if (
      wanted !== undefined &&
      (wanted.expiresAt?.getTime() ?? null) !== (b.expiresAt?.getTime() ?? null)
    ) {
      await tx.vendorCertification.update({
        where: { id: b.id },
        data: { expiresAt: wanted.expiresAt },
      });
    }
  }
  await touchVendor(tx, vendor.id);
  await recordAudit(tx, {
    actor: input.actor,
    action: 'vendor.certifications.set',
    targetType: 'Vendor',
    targetId: vendor.id,
    requestId: input.requestId ?? null,
    details: { reason: input.reason, added, withdrawn, total: rows.size },
  });
}
