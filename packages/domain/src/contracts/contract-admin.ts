// Contracts as effective-dated versions. A contract (`reference`) has versions; each is in
// force from its `effectiveFrom` until the next one starts. A version's terms never change
// once it is in force: an amendment writes a new version from a given instant, which ends the
// previous one at that instant. Vendor managers write; a partner reads its own contracts
// (row-level security), staff read all.
import type { PrismaClient, TenantTx } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { versionInForce } from '../shared/contract-versions.ts';
import { DomainError, type Problem, validationError } from '../shared/domain-error.ts';
import {
  type ContractTermsInput,
  checkContractTerms,
  type DataAccessTerm,
  type KnownReference,
} from './contract-terms.ts';

const DAY_MS = 86_400_000;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const versionInclude = {
  slaTargets: { orderBy: { id: 'asc' } },
  kpiTargets: { orderBy: { id: 'asc' } },
  dataAccess: { orderBy: { id: 'asc' } },
} as const;

type VersionRow = Awaited<ReturnType<typeof loadVersions>>[number];

export interface ContractVersionView {
  id: string;
  version: number;
  effectiveFrom: Date;
  effectiveTo: Date | null;
  reason: string | null;
  createdAt: Date;
  terms: ContractTermsInput;
}

export interface ContractView {
  reference: string;
  vendorId: string;
  periodStart: Date;
  periodEnd: Date;
  /** Oldest first. */
  versions: ContractVersionView[];
  /** The version in force at the time of reading, if any. */
  current: ContractVersionView | null;
}

function loadVersions(tx: TenantTx, where: { reference?: string; vendorId?: string }) {
  return tx.contract.findMany({
    where,
    orderBy: [{ reference: 'asc' }, { version: 'asc' }],
    include: versionInclude,
  });
}

function termsOf(row: VersionRow): ContractTermsInput {
  return {
    currency: row.currency,
    pricePerCaseMinor: row.pricePerCaseMinor,
    minMonthlyVolume: row.minMonthlyVolume,
    maxMonthlyVolume: row.maxMonthlyVolume,
    slaTargets: row.slaTargets.map((t) => ({
      scopeCode: t.scopeCode,
      regionCode: t.regionCode,
      priority: t.priority,
      firstResponseMinutes: t.firstResponseMinutes,
      resolutionMinutes: t.resolutionMinutes,
      businessHoursOnly: t.businessHoursOnly,
    })),
    kpiTargets: row.kpiTargets.map((t) => ({
      kpi: t.kpi,
      scopeCode: t.scopeCode,
      regionCode: t.regionCode,
      target: t.target,
      weight: t.weight,
    })),
    dataAccess: row.dataAccess.map((g) => ({
      regionCode: g.regionCode,
      scopeCode: g.scopeCode,
      fields: g.fields,
    })),
    creditTerms: row.creditTerms,
  };
}

const versionView = (row: VersionRow): ContractVersionView => ({
  id: row.id,
  version: row.version,
  effectiveFrom: row.effectiveFrom,
  effectiveTo: row.effectiveTo,
  reason: row.reason,
  createdAt: row.createdAt,
  terms: termsOf(row),
});

function contractViews(rows: VersionRow[], now: Date): ContractView[] {
  const byRef = new Map<string, VersionRow[]>();
  for (const r of rows) byRef.set(r.reference, [...(byRef.get(r.reference) ?? []), r]);
  return [...byRef.values()].map((versions) => {
    const first = versions[0]!;
    const current = versionInForce(versions, now);
    return {
      reference: first.reference,
      vendorId: first.vendorId,
      periodStart: first.periodStart,
      periodEnd: first.periodEnd,
      versions: versions.map(versionView),
      current: current ? versionView(current) : null,
    };
  });
}

function checkReason(reason: string, problems: Problem[]) {
  if (reason.trim().length === 0) problems.push({ path: 'reason', message: 'say why' });
  if (reason.length > 500)
    problems.push({ path: 'reason', message: 'is longer than 500 characters' });
}

function vendorManagerOnly(actor: Actor) {
  if (actor.kind === 'VENDOR') throw new DomainError('FORBIDDEN', 'Contracts are written by staff');
}

async function knownReference(tx: TenantTx): Promise<KnownReference> {
  const regions = await tx.region.findMany({ select: { code: true } });
  const scopes = await tx.scope.findMany({ select: { code: true } });
  return {
    regions: new Set(regions.map((r) => r.code)),
    scopes: new Set(scopes.map((s) => s.code)),
  };
}

async function writeVersion(
  tx: TenantTx,
  data: {
    vendorId: string;
    reference: string;
    version: number;
    periodStart: Date;
    periodEnd: Date;
    effectiveFrom: Date;
    effectiveTo: Date | null;
    reason: string;
    terms: ContractTermsInput;
  },
) {
  const { terms } = data;
  const row = await tx.contract.create({
    data: {
      vendorId: data.vendorId,
      reference: data.reference,
      version: data.version,
      periodStart: data.periodStart,
      periodEnd: data.periodEnd,
      effectiveFrom: data.effectiveFrom,
      effectiveTo: data.effectiveTo,
      reason: data.reason,
      currency: terms.currency,
      pricePerCaseMinor: terms.pricePerCaseMinor,
      minMonthlyVolume: terms.minMonthlyVolume,
      maxMonthlyVolume: terms.maxMonthlyVolume,
      creditTerms: (terms.creditTerms ?? {}) as object,
      slaTargets: {
        create: terms.slaTargets.map((t) => ({
          scopeCode: t.scopeCode ?? null,
          regionCode: t.regionCode ?? null,
          priority: t.priority ?? null,
          firstResponseMinutes: t.firstResponseMinutes,
          resolutionMinutes: t.resolutionMinutes,
          businessHoursOnly: t.businessHoursOnly ?? true,
        })),
      },
      kpiTargets: {
        create: terms.kpiTargets.map((t) => ({
          kpi: t.kpi,
          scopeCode: t.scopeCode ?? null,
          regionCode: t.regionCode ?? null,
          target: t.target,
          weight: t.weight ?? 1,
        })),
      },
      dataAccess: {
        create: terms.dataAccess.map((g) => ({
          regionCode: g.regionCode ?? null,
          scopeCode: g.scopeCode ?? null,
          fields: g.fields,
        })),
      },
    },
    include: versionInclude,
  });
  return row;
}

const dayOf = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);
const day = (d: Date) => d.toISOString().slice(0, 10);
const iso = (d: Date | null) => (d === null ? 'open' : d.toISOString());

export interface CreateContractInput {
  vendorId: string;
  reference: string;
  /** The contract's term (UTC days, inclusive). */
  periodStart: Date;
  periodEnd: Date;
  /** When version 1 comes into force; the start of `periodStart` when not given. */
  effectiveFrom?: Date | null;
  terms: ContractTermsInput;
  reason: string;
  requestId?: string | null;
}

/**
 * Enters a contract as its version 1. The vendor's version in force at `effectiveFrom` (a
 * previous contract running on) ends then; that may not be in the past, nor may the new
 * contract's term overlap another of the vendor's.
 */
export async function createContract(
  prisma: PrismaClient,
  actor: Actor,
  input: CreateContractInput,
  now: () => Date = () => new Date(),
): Promise<ContractView> {
  vendorManagerOnly(actor);
  const at = now();
  const periodStart = dayOf(input.periodStart);
  const periodEnd = dayOf(input.periodEnd);
  const effectiveFrom = input.effectiveFrom ?? periodStart;
  const problems: Problem[] = [];
  if (!REFERENCE.test(input.reference)) {
    problems.push({ path: 'reference', message: 'letters, digits, dot, dash or _ (2–64)' });
  }
  if (periodEnd < periodStart)
    problems.push({ path: 'periodEnd', message: 'is before periodStart' });
  if (effectiveFrom < periodStart || effectiveFrom.getTime() >= periodEnd.getTime() + DAY_MS) {
    problems.push({ path: 'effectiveFrom', message: "is outside the contract's term" });
  }
  checkReason(input.reason, problems);
  const vendorOk = UUID.test(input.vendorId);
  if (!vendorOk) problems.push({ path: 'vendorId', message: 'unknown vendor' });
  const view = await withActorScope(prisma, actor, 'contract.create', async (tx) => {
    const [vendor] = vendorOk
      ? await tx.$queryRaw<{ id: string; offboardedAt: Date | null }[]>`
          SELECT id, "offboardedAt" FROM "Vendor" WHERE id = ${input.vendorId}::uuid FOR UPDATE`
      : [];
    if (vendorOk && !vendor) problems.push({ path: 'vendorId', message: 'unknown vendor' });
    if (vendor?.offboardedAt)
      problems.push({ path: 'vendorId', message: 'the vendor is offboarded' });
    problems.push(...checkContractTerms(input.terms, await knownReference(tx)));
    const taken = await tx.contract.findFirst({
      where: { reference: input.reference },
      select: { id: true },
    });
    if (taken) problems.push({ path: 'reference', message: 'is taken by another contract' });
    const others = vendor ? await loadVersions(tx, { vendorId: vendor.id }) : [];
    for (const o of others) {
      if (o.version === 1 && o.periodStart <= periodEnd && o.periodEnd >= periodStart) {
        problems.push({
          path: 'periodStart',
          message: `the term overlaps contract ${o.reference} (${day(o.periodStart)} to ${day(o.periodEnd)})`,
        });
      }
      if (o.effectiveFrom >= effectiveFrom) {
        problems.push({
          path: 'effectiveFrom',
          message: `overlaps version ${o.version} of ${o.reference}, in force from ${iso(o.effectiveFrom)}`,
        });
      }
    }
    const running = versionInForce(others, effectiveFrom);
    if (running && effectiveFrom < at) {
      problems.push({
        path: 'effectiveFrom',
        message: `would end version ${running.version} of ${running.reference} in the past`,
      });
    }
    if (problems.length > 0) throw validationError(problems);
    let ended: { reference: string; version: number; effectiveTo: Date | null } | null = null;
    if (running) {
      await tx.contract.update({ where: { id: running.id }, data: { effectiveTo: effectiveFrom } });
      ended = {
        reference: running.reference,
        version: running.version,
        effectiveTo: running.effectiveTo,
      };
    }
    const row = await writeVersion(tx, {
      vendorId: input.vendorId,
      reference: input.reference,
      version: 1,
      periodStart,
      periodEnd,
      effectiveFrom,
      effectiveTo: running?.effectiveTo ?? null,
      reason: input.reason,
      terms: input.terms,
    });
    await recordAudit(tx, {
      actor,
      action: 'contract.create',
      targetType: 'Contract',
      targetId: input.reference,
      requestId: input.requestId ?? null,
      details: {
        reason: input.reason,
        before: ended,
        after: {
          version: versionView(row),
          periodStart,
          periodEnd,
          ...(ended && { ended: { ...ended, effectiveTo: effectiveFrom } }),
        },
      },
    });
    return contractViews([row], at)[0]!;
  });
  return view;
}

export interface AmendContractInput {
  reference: string;
  effectiveFrom: Date;
  /** The new version's terms; a section left out is carried over from the version amended. */
  terms: Partial<ContractTermsInput>;
  reason: string;
  requestId?: string | null;
}

/**
 * Amends a contract: a new version in force from `effectiveFrom` (not in the past, after the
 * latest version's start, within the contract's term and before it ended), which ends the
 * version it follows at that instant.
 */
export async function amendContract(
  prisma: PrismaClient,
  actor: Actor,
  input: AmendContractInput,
  now: () => Date = () => new Date(),
  action = 'contract.amend',
): Promise<ContractView> {
  vendorManagerOnly(actor);
  const at = now();
  return withActorScope(prisma, actor, action, async (tx) => {
    const probe = await tx.contract.findFirst({
      where: { reference: input.reference },
      select: { vendorId: true },
    });
    if (!probe) throw new DomainError('NOT_FOUND', 'Contract not found');
    // One writer per vendor at a time: versions of its contracts form one chain.
    await tx.$queryRaw`SELECT id FROM "Vendor" WHERE id = ${probe.vendorId}::uuid FOR UPDATE`;
    const versions = await loadVersions(tx, { reference: input.reference });
    const latest = versions[versions.length - 1]!;
    const terms: ContractTermsInput = { ...termsOf(latest), ...stripUndefined(input.terms) };
    const problems: Problem[] = [];
    checkReason(input.reason, problems);
    const from = input.effectiveFrom;
    if (from < at)
      problems.push({
        path: 'effectiveFrom',
        message: 'is in the past: terms in force cannot be changed',
      });
    if (from <= latest.effectiveFrom) {
      problems.push({
        path: 'effectiveFrom',
        message: `overlaps version ${latest.version}, in force from ${iso(latest.effectiveFrom)}`,
      });
    }
    if (latest.effectiveTo !== null && from >= latest.effectiveTo) {
      problems.push({
        path: 'effectiveFrom',
        message: `the contract ended at ${iso(latest.effectiveTo)}`,
      });
    }
    if (from.getTime() >= latest.periodEnd.getTime() + DAY_MS) {
      problems.push({ path: 'effectiveFrom', message: "is after the contract's term" });
    }
    problems.push(...checkContractTerms(terms, await knownReference(tx)));
    if (problems.length > 0) throw validationError(problems);
    await tx.contract.update({ where: { id: latest.id }, data: { effectiveTo: from } });
    const row = await writeVersion(tx, {
      vendorId: latest.vendorId,
      reference: latest.reference,
      version: latest.version + 1,
      periodStart: latest.periodStart,
      periodEnd: latest.periodEnd,
      effectiveFrom: from,
      effectiveTo: latest.effectiveTo,
      reason: input.reason,
      terms,
    });
    await recordAudit(tx, {
      actor,
      action,
      targetType: 'Contract',
      targetId: latest.reference,
      requestId: input.requestId ?? null,
      details: {
        reason: input.reason,
        before: versionView(latest),
        after: { ...versionView(row), previousEndsAt: from },
      },
    });
    return contractViews([...versions.slice(0, -1), { ...latest, effectiveTo: from }, row], at)[0]!;
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** New data-access grants for a contract, as a version of their own from `effectiveFrom`. */
export function setDataAccessGrants(
  prisma: PrismaClient,
  actor: Actor,
  input: {
    reference: string;
    effectiveFrom: Date;
    grants: DataAccessTerm[];
    reason: string;
    requestId?: string | null;
  },
  now: () => Date = () => new Date(),
): Promise<ContractView> {
  return amendContract(
    prisma,
    actor,
    {
      reference: input.reference,
      effectiveFrom: input.effectiveFrom,
      terms: { dataAccess: input.grants },
      reason: input.reason,
      requestId: input.requestId ?? null,
    },
    now,
    'contract.grants.set',
  );
}

/** Contracts with every version; a partner sees its own only, staff all (or one vendor's). */
export function listContracts(
  prisma: PrismaClient,
  actor: Actor,
  input: { vendorId?: string | null } = {},
  now: () => Date = () => new Date(),
): Promise<ContractView[]> {
  if (input.vendorId && !UUID.test(input.vendorId)) return Promise.resolve([]);
  return withActorScope(prisma, actor, 'list contracts', async (tx) =>
    contractViews(
      await loadVersions(tx, input.vendorId ? { vendorId: input.vendorId } : {}),
      now(),
    ),
  );
}

/** One contract with its versions; NOT_FOUND when there is none the actor may see. */
export async function getContract(
  prisma: PrismaClient,
  actor: Actor,
  reference: string,
  now: () => Date = () => new Date(),
): Promise<ContractView> {
  const rows = await withActorScope(prisma, actor, 'read contract', (tx) =>
    loadVersions(tx, { reference }),
  );
  if (rows.length === 0) throw new DomainError('NOT_FOUND', 'Contract not found');
  return contractViews(rows, now())[0]!;
}
