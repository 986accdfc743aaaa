// Reference data as ops edit it: vendors, their sites, regions (with their data rules) and
// scopes (with their sensitivity). Every entry point checks all of its input first and answers
// VALIDATION with every problem at once, changing nothing; every change is audited with its
// reason and the fields before and after, in the transaction that makes it.
import type { PrismaClient, Sensitivity, TenantTx, VendorKind } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import { defaultRoutingStateCache } from '../routing/index.ts';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { DomainError, type Problem, validationError } from '../shared/domain-error.ts';
import {
  CODE,
  COUNTRY,
  changedFields,
  checkPattern,
  checkReason,
  checkText,
  checkTimeZone,
  SLUG,
  UUID,
} from './checks.ts';

export const VENDOR_KINDS = ['BPO', 'IN_HOUSE'] as const satisfies readonly VendorKind[];
export const SENSITIVITIES = [
  'STANDARD',
  'SENSITIVE',
  'RESTRICTED',
] as const satisfies readonly Sensitivity[];

interface Audited {
  reason: string;
  requestId?: string | null;
}

function staffOnly(actor: Actor) {
  if (actor.kind === 'VENDOR') throw new DomainError('FORBIDDEN', 'Reference data is staff-only');
}

async function audit(
  tx: TenantTx,
  actor: Actor,
  input: Audited,
  action: string,
  target: { type: string; id: string },
  change: { before: unknown; after: unknown },
) {
  await recordAudit(tx, {
    actor,
    action,
    targetType: target.type,
    targetId: target.id,
    requestId: input.requestId ?? null,
    details: { reason: input.reason, before: change.before, after: change.after },
  });
}

/** Runs an edit as the actor, then drops this process's routing cache (others see the stamp). */
async function edit<T>(
  prisma: PrismaClient,
  actor: Actor,
  why: string,
  fn: (tx: TenantTx) => Promise<T>,
): Promise<T> {
  staffOnly(actor);
  const result = await withActorScope(prisma, actor, why, fn);
  defaultRoutingStateCache.clear();
  return result;
}

// ───────────────────────────── vendors ─────────────────────────────

export interface VendorFields {
  name?: string;
  usDataCleared?: boolean;
  gdprAgreement?: boolean;
  timeZone?: string;
}

const vendorView = {
  id: true,
  slug: true,
  name: true,
  kind: true,
  usDataCleared: true,
  gdprAgreement: true,
  timeZone: true,
  calendarId: true,
} as const;

export async function createVendor(
  prisma: PrismaClient,
  actor: Actor,
  input: VendorFields & Audited & { slug: string; name: string; kind: VendorKind },
) {
  const problems: Problem[] = [];
  checkPattern(input.slug, 'slug', SLUG, 'lower-case letters, digits and dashes (2–40)', problems);
  checkText(input.name, 'name', problems);
  if (!(VENDOR_KINDS as readonly string[]).includes(input.kind)) {
    problems.push({ path: 'kind', message: `one of ${VENDOR_KINDS.join(', ')}` });
  }
  checkTimeZone(input.timeZone, 'timeZone', problems);
  checkReason(input.reason, problems);
  if (problems.length > 0) throw validationError(problems);
  return edit(prisma, actor, 'vendor.create', async (tx) => {
    const taken = await tx.vendor.findUnique({ where: { slug: input.slug }, select: { id: true } });
    if (taken) throw validationError([{ path: 'slug', message: 'is taken by another vendor' }]);
    const vendor = await tx.vendor.create({
      data: {
        slug: input.slug,
        name: input.name,
        kind: input.kind,
        usDataCleared: input.usDataCleared ?? false,
        gdprAgreement: input.gdprAgreement ?? false,
        timeZone: input.timeZone ?? 'UTC',
      },
      select: vendorView,
    });
    await audit(
      tx,
      actor,
      input,
      'vendor.create',
      { type: 'Vendor', id: vendor.id },
      {
        before: null,
        after: vendor,
      },
    );
    return vendor;
  });
}

/**
 * Edits a vendor. `calendarCode` names the business calendar its SLA clocks count on from now
 * (cases already offered keep their due times); routing sees it on its next decision (the
 * vendor's `updatedAt` is in routing's reference stamp).
 */
export async function updateVendor(
  prisma: PrismaClient,
  actor: Actor,
  input: VendorFields & Audited & { vendorId: string; calendarCode?: string },
) {
  const problems: Problem[] = [];
  checkText(input.name, 'name', problems);
  checkTimeZone(input.timeZone, 'timeZone', problems);
  checkText(input.calendarCode, 'calendarCode', problems);
  checkReason(input.reason, problems);
  // An unknown calendar is found in the transaction; it is reported with the other problems.
  const lookUpCalendar = !!input.calendarCode?.trim();
  if (problems.length > 0 && !lookUpCalendar) throw validationError(problems);
  if (!UUID.test(input.vendorId)) throw new DomainError('NOT_FOUND', 'Vendor not found');
  return edit(prisma, actor, 'vendor.update', async (tx) => {
    const calendar = lookUpCalendar
      ? await tx.businessCalendar.findUnique({
          where: { code: input.calendarCode },
          select: { id: true },
        })
      : undefined;
    if (calendar === null)
      problems.push({ path: 'calendarCode', message: 'is not a known calendar' });
    if (problems.length > 0) throw validationError(problems);
    const [locked] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Vendor" WHERE id = ${input.vendorId}::uuid FOR UPDATE`;
    if (!locked) throw new DomainError('NOT_FOUND', 'Vendor not found');
    const before = await tx.vendor.findUniqueOrThrow({
      where: { id: input.vendorId },
      select: vendorView,
    });
    const fields = {
      name: input.name,
      usDataCleared: input.usDataCleared,
      gdprAgreement: input.gdprAgreement,
      timeZone: input.timeZone,
      calendarId: calendar?.id,
    };
    const vendor = await tx.vendor.update({
      where: { id: input.vendorId },
      data: fields,
      select: vendorView,
    });
    await audit(
      tx,
      actor,
      input,
      'vendor.update',
      { type: 'Vendor', id: vendor.id },
      changedFields(before, fields),
    );
    return vendor;
  });
}

// ───────────────────────────── sites ─────────────────────────────

export interface SiteFields {
  name?: string;
  countryCode?: string;
  city?: string;
  timeZone?: string;
  headcount?: number;
}

function checkSite(input: SiteFields & Audited, problems: Problem[]) {
  checkText(input.name, 'name', problems);
  checkPattern(input.countryCode, 'countryCode', COUNTRY, 'an ISO 3166 alpha-2 code', problems);
  checkText(input.city, 'city', problems);
  checkTimeZone(input.timeZone, 'timeZone', problems);
  if (
    input.headcount !== undefined &&
    (!Number.isInteger(input.headcount) || input.headcount < 0)
  ) {
    problems.push({ path: 'headcount', message: 'must be a whole number, 0 or more' });
  }
  checkReason(input.reason, problems);
}

export async function createVendorSite(
  prisma: PrismaClient,
  actor: Actor,
  input: SiteFields &
    Audited & {
      vendorId: string;
      name: string;
      countryCode: string;
      city: string;
      timeZone: string;
    },
) {
  const problems: Problem[] = [];
  checkSite(input, problems);
  if (problems.length > 0) throw validationError(problems);
  if (!UUID.test(input.vendorId)) throw new DomainError('NOT_FOUND', 'Vendor not found');
  return edit(prisma, actor, 'site.create', async (tx) => {
    const vendor = await tx.vendor.findUnique({
      where: { id: input.vendorId },
      select: { id: true },
    });
    if (!vendor) throw new DomainError('NOT_FOUND', 'Vendor not found');
    const site = await tx.vendorSite.create({
      data: {
        vendorId: input.vendorId,
        name: input.name,
        countryCode: input.countryCode,
        city: input.city,
        timeZone: input.timeZone,
        headcount: input.headcount ?? 0,
      },
    });
    await audit(
      tx,
      actor,
      input,
      'site.create',
      { type: 'VendorSite', id: site.id },
      {
        before: null,
        after: site,
      },
    );
    return site;
  });
}

export async function updateVendorSite(
  prisma: PrismaClient,
  actor: Actor,
  input: SiteFields & Audited & { siteId: string },
) {
  const problems: Problem[] = [];
  checkSite(input, problems);
  if (problems.length > 0) throw validationError(problems);
  if (!UUID.test(input.siteId)) throw new DomainError('NOT_FOUND', 'Site not found');
  return edit(prisma, actor, 'site.update', async (tx) => {
    const [before] = await tx.$queryRaw<
      { name: string; countryCode: string; city: string; timeZone: string; headcount: number }[]
    >`SELECT name, "countryCode", city, "timeZone", headcount FROM "VendorSite"
       WHERE id = ${input.siteId}::uuid FOR UPDATE`;
    if (!before) throw new DomainError('NOT_FOUND', 'Site not found');
    const fields = {
      name: input.name,
      countryCode: input.countryCode,
      city: input.city,
      timeZone: input.timeZone,
      headcount: input.headcount,
    };
    const site = await tx.vendorSite.update({ where: { id: input.siteId }, data: fields });
    await audit(
      tx,
      actor,
      input,
      'site.update',
      { type: 'VendorSite', id: site.id },
      changedFields(before, fields),
    );
    return site;
  });
}

// ───────────────────────── regions and scopes ─────────────────────────
// Both are rows named by an upper-case code, created and edited the same way: only their own
// fields, checks and defaults differ (a `CodedKind` each).

interface CodedKind<F extends { name?: string }, V extends { code: string }> {
  /** The audit action's noun and the messages' (`region`, `scope`). */
  noun: string;
  table: 'Region' | 'Scope';
  /** Checks of the kind's own fields (after the name's, before the reason's). */
  check(input: F, problems: Problem[]): void;
  exists(tx: TenantTx, code: string): Promise<boolean>;
  create(tx: TenantTx, input: F & { code: string; name: string }): Promise<V>;
  /** The editable fields as stored, the row locked until the edit commits; null if none. */
  lock(tx: TenantTx, code: string): Promise<Required<F> | null>;
  /** The editable fields of an update (undefined: left as it is). */
  fields(input: F): F;
  update(tx: TenantTx, code: string, fields: F): Promise<V>;
}

async function createCoded<F extends { name?: string }, V extends { code: string }>(
  prisma: PrismaClient,
  actor: Actor,
  kind: CodedKind<F, V>,
  input: F & Audited & { code: string; name: string },
): Promise<V> {
  const problems: Problem[] = [];
  checkPattern(input.code, 'code', CODE, 'upper-case letters, digits and _ (2–32)', problems);
  checkText(input.name, 'name', problems);
  kind.check(input, problems);
  checkReason(input.reason, problems);
  if (problems.length > 0) throw validationError(problems);
  const action = `${kind.noun}.create`;
  return edit(prisma, actor, action, async (tx) => {
    if (await kind.exists(tx, input.code)) {
      throw validationError([{ path: 'code', message: `is taken by another ${kind.noun}` }]);
    }
    const row = await kind.create(tx, input);
    await audit(
      tx,
      actor,
      input,
      action,
      { type: kind.table, id: row.code },
      {
        before: null,
        after: row,
      },
    );
    return row;
  });
}

async function updateCoded<F extends { name?: string }, V extends { code: string }>(
  prisma: PrismaClient,
  actor: Actor,
  kind: CodedKind<F, V>,
  input: F & Audited & { code: string },
): Promise<V> {
  const problems: Problem[] = [];
  checkText(input.name, 'name', problems);
  kind.check(input, problems);
  checkReason(input.reason, problems);
  if (problems.length > 0) throw validationError(problems);
  const action = `${kind.noun}.update`;
  return edit(prisma, actor, action, async (tx) => {
    const before = await kind.lock(tx, input.code);
    if (!before) throw new DomainError('NOT_FOUND', `${kind.table} not found`);
    const fields = kind.fields(input);
    const row = await kind.update(tx, input.code, fields);
    await audit(
      tx,
      actor,
      input,
      action,
      { type: kind.table, id: row.code },
      changedFields<F>(before, fields),
    );
    return row;
  });
}

// ───────────────────────────── regions ─────────────────────────────

export interface RegionFields {
  name?: string;
  requiresUsClearance?: boolean;
  requiresGdprAgreement?: boolean;
  defaultTimeZone?: string;
}

const regionView = {
  code: true,
  name: true,
  requiresUsClearance: true,
  requiresGdprAgreement: true,
  defaultTimeZone: true,
} as const;

const region: CodedKind<RegionFields, Awaited<ReturnType<typeof listRegions>>[number]> = {
  noun: 'region',
  table: 'Region',
  check: (input, problems) => checkTimeZone(input.defaultTimeZone, 'defaultTimeZone', problems),
  exists: async (tx, code) =>
    (await tx.region.findUnique({ where: { code }, select: { code: true } })) !== null,
  create: (tx, input) =>
    tx.region.create({
      data: {
        code: input.code,
        name: input.name,
        requiresUsClearance: input.requiresUsClearance ?? false,
        requiresGdprAgreement: input.requiresGdprAgreement ?? false,
        defaultTimeZone: input.defaultTimeZone ?? 'UTC',
      },
      select: regionView,
    }),
  lock: async (tx, code) =>
    (
      await tx.$queryRaw<Required<RegionFields>[]>`
        SELECT name, "requiresUsClearance", "requiresGdprAgreement", "defaultTimeZone"
          FROM "Region" WHERE code = ${code} FOR UPDATE`
    )[0] ?? null,
  fields: (input) => ({
    name: input.name,
    requiresUsClearance: input.requiresUsClearance,
    requiresGdprAgreement: input.requiresGdprAgreement,
    defaultTimeZone: input.defaultTimeZone,
  }),
  update: (tx, code, data) => tx.region.update({ where: { code }, data, select: regionView }),
};

export function createRegion(
  prisma: PrismaClient,
  actor: Actor,
  input: RegionFields & Audited & { code: string; name: string },
) {
  return createCoded(prisma, actor, region, input);
}

/** Edits a region; its data rules (clearance, GDPR agreement) bind routing from the next case. */
export function updateRegion(
  prisma: PrismaClient,
  actor: Actor,
  input: RegionFields & Audited & { code: string },
) {
  return updateCoded(prisma, actor, region, input);
}

// ───────────────────────────── scopes ─────────────────────────────

export interface ScopeFields {
  name?: string;
  sensitivity?: Sensitivity;
  active?: boolean;
}

const scopeView = { code: true, name: true, sensitivity: true, active: true } as const;

function checkSensitivity(value: string | undefined, problems: Problem[]) {
  if (value !== undefined && !(SENSITIVITIES as readonly string[]).includes(value)) {
    problems.push({ path: 'sensitivity', message: `one of ${SENSITIVITIES.join(', ')}` });
  }
}

const scope: CodedKind<ScopeFields, Awaited<ReturnType<typeof listScopes>>[number]> = {
  noun: 'scope',
  table: 'Scope',
  check: (input, problems) => checkSensitivity(input.sensitivity, problems),
  exists: async (tx, code) =>
    (await tx.scope.findUnique({ where: { code }, select: { code: true } })) !== null,
  create: (tx, input) =>
    tx.scope.create({
      data: {
        code: input.code,
        name: input.name,
        sensitivity: input.sensitivity ?? 'STANDARD',
        active: input.active ?? true,
      },
      select: scopeView,
    }),
  lock: async (tx, code) =>
    (
      await tx.$queryRaw<Required<ScopeFields>[]>`
        SELECT name, sensitivity, active FROM "Scope" WHERE code = ${code} FOR UPDATE`
    )[0] ?? null,
  fields: (input) => ({ name: input.name, sensitivity: input.sensitivity, active: input.active }),
  update: (tx, code, data) => tx.scope.update({ where: { code }, data, select: scopeView }),
};

export function createScope(
  prisma: PrismaClient,
  actor: Actor,
  input: ScopeFields & Audited & { code: string; name: string },
) {
  return createCoded(prisma, actor, scope, input);
}

/** Edits a scope; its sensitivity decides redaction from the next read. */
export function updateScope(
  prisma: PrismaClient,
  actor: Actor,
  input: ScopeFields & Audited & { code: string },
) {
  return updateCoded(prisma, actor, scope, input);
}

// ───────────────────────────── reads ─────────────────────────────

export function listRegions(prisma: PrismaClient, actor: Actor) {
  return withActorScope(prisma, actor, 'list regions', (tx) =>
    tx.region.findMany({ orderBy: { code: 'asc' }, select: regionView }),
  );
}

export function listScopes(prisma: PrismaClient, actor: Actor) {
  return withActorScope(prisma, actor, 'list scopes', (tx) =>
    tx.scope.findMany({ orderBy: { code: 'asc' }, select: scopeView }),
  );
}

export function listVendorSites(prisma: PrismaClient, actor: Actor, vendorId: string) {
  staffOnly(actor);
  if (!UUID.test(vendorId)) return Promise.resolve([]);
  return withActorScope(prisma, actor, 'list sites', (tx) =>
    tx.vendorSite.findMany({ where: { vendorId }, orderBy: { name: 'asc' } }),
  );
}
