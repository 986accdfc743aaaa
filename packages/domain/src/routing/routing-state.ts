// Loads what the pure engine needs from Postgres. It runs on every intake, so the rarely
// changing part (the published ruleset, regions, scopes, vendors, certifications, capacity
// ceilings) is cached per process and checked with one cheap statement. Today's intake is read
// fresh (and locked where it decides, see book-routes.ts). Open cases per vendor are counted at
// most once per `openCasesMaxAgeMs` per process, plus what this process offered since: counting
// them costs time in proportion to all open cases, and ceilings are a snapshot bound anyway
// (only daily caps are exact). Split counters are never cached.
import { type CalendarVersion, versionInForce } from '@bvg/calendar';
import { OPEN_CASE_STATUSES } from '@bvg/case-status';
import { caseStatusList, Prisma, type SqlTx, sqlTxOf, type TenantTx } from '@bvg/db';
import type {
  BusinessHours,
  Certification,
  RegionRule,
  Ruleset,
  ScopeCapacity,
  ScopeInfo,
  VendorState,
} from '@bvg/routing';
import { loadAllCalendarVersions, vendorCalendar } from '../calendars/index.ts';
import { type RulesetRow, rulesetFromRows } from './ruleset-rows.ts';

/** The published ruleset as the engine sees it, with the row's identity. */
export interface PublishedRuleset {
  id: string;
  version: number;
  ruleset: Ruleset;
}

export interface RoutingState {
  /** Null when no ruleset has been published yet: every case is then unrouted. */
  published: PublishedRuleset | null;
  regions: readonly RegionRule[];
  scopes: readonly ScopeInfo[];
  /** A new array (and new vendor objects) per call: capacity use is filled in fresh. */
  vendors: VendorState[];
  /** Vendor id → IANA time zone of its business day (for the daily intake counter). */
  vendorTimeZones: ReadonlyMap<string, string>;
  /** Vendor id → what its SLA clocks are computed from (calendar and contracts). */
  vendorTerms: ReadonlyMap<string, VendorTerms>;
  /** True when some draft runs in shadow at the decision time (see `recordShadowDecision`). */
  shadowing: boolean;
  /** The user's end-to-end clock: the platform's targets and the calendars they count on. */
  userClock: UserClockTerms;
}

/** The platform targets of the user's clock, with every calendar's versions by calendar id. */
export interface UserClockTerms {
  platform: readonly PlatformSlaTargetRow[];
  calendars: ReadonlyMap<string, readonly CalendarVersion[]>;
}

export interface PlatformSlaTargetRow {
  id: string;
  scopeCode: string | null;
  regionCode: string | null;
  priority: string | null;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  calendarId: string | null;
}

/** A vendor's calendar and contracts' SLA targets, as the SLA clock needs them. */
export interface VendorTerms {
  /** The calendar its clocks count on (`vendor:<id>` for one made from its hours columns). */
  calendarId: string;
  /** That calendar's versions, oldest first. */
  calendarVersions: readonly CalendarVersion[];
  /** The hours columns the calendar was made from (older readers). */
  timeZone: string;
  holidays: string[];
  /** The vendor's opening hours as stored (`{ days, openMinute, closeMinute }`). */
  businessHours: unknown;
  /** Newest first. */
  contracts: { effectiveFrom: Date; effectiveTo: Date | null; slaTargets: VendorSlaTarget[] }[];
}

export interface VendorSlaTarget {
  scopeCode: string | null;
  regionCode: string | null;
  priority: string | null;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  businessHoursOnly: boolean;
}

/** Reference data and rules: everything except capacity use. */
interface Reference {
  stamp: string;
  loadedAt: number;
  published: PublishedRuleset | null;
  regions: RegionRule[];
  scopes: ScopeInfo[];
  vendors: VendorReference[];
  vendorTimeZones: Map<string, string>;
  vendorTerms: Map<string, VendorTerms>;
  /** Drafts in shadow and until when. */
  shadows: Date[];
  userClock: UserClockTerms;
}

interface VendorReference {
  base: Omit<VendorState, 'capacity' | 'certifications'>;
  /** Routing's open-now check reads the version in force at the decision. */
  calendarVersions: readonly CalendarVersion[];
  certifications: (Certification & { expiresAt: Date | null })[];
  capacity: { scope: string; openCaseCeiling: number; dailyIntakeCap: number }[];
}

/**
 * A per-process cache of the reference part of the routing state. Entries are keyed by a
 * stamp (the published ruleset id, the last change to vendors and capacity, the newest
 * certification and expiry, row counts), so a change the application makes in any process is
 * seen on the next decision; `maxAgeMs` bounds what the stamp cannot see (a certification
 * reaching its expiry, a region's data rule edited by hand).
 */
export class RoutingStateCache {
  #entry: Reference | null = null;
  #open: { readAt: number; counts: Map<string, number> } | null = null;
  constructor(
    readonly maxAgeMs = 60_000,
    readonly openCasesMaxAgeMs = 1_000,
  ) {}
  get(stamp: string, now: number): Reference | null {
    const e = this.#entry;
    return e !== null && e.stamp === stamp && now - e.loadedAt < this.maxAgeMs ? e : null;
  }
  set(entry: Reference): void {
    this.#entry = entry;
  }
  /** Open cases per vendor × scope (`usageKey`), or null when too old to use. */
  openCases(now: number): ReadonlyMap<string, number> | null {
    const o = this.#open;
    return o !== null && now - o.readAt < this.openCasesMaxAgeMs ? o.counts : null;
  }
  setOpenCases(counts: Map<string, number>, readAt: number): void {
    this.#open = { readAt, counts };
  }
  /** Offers this process made since the count was read (counted even if later rolled back). */
  addOpenCases(vendorId: string, scope: string, n: number): void {
    const counts = this.#open?.counts;
    if (counts)
      counts.set(usageKey(vendorId, scope), (counts.get(usageKey(vendorId, scope)) ?? 0) + n);
  }
  clear(): void {
    this.#entry = null;
    this.#open = null;
  }
}

const usageKey = (vendorId: string, scope: string) => `${vendorId}\u0000${scope}`;

export const defaultRoutingStateCache = new RoutingStateCache();

export interface LoadRoutingStateOptions {
  /** The decision time: today's intake is read for each vendor's local day at this instant. */
  now: Date;
  cache?: RoutingStateCache;
}

/** A vendor's contract versions, newest first, with the SLA targets due times are counted from. */
export const contractSlaTargets = {
  orderBy: [{ effectiveFrom: 'desc' }, { id: 'asc' }],
  select: {
    effectiveFrom: true,
    effectiveTo: true,
    slaTargets: {
      select: {
        scopeCode: true,
        regionCode: true,
        priority: true,
        firstResponseMinutes: true,
        resolutionMinutes: true,
        businessHoursOnly: true,
      },
    },
  },
} satisfies Prisma.Vendor$contractsArgs;

/**
 * Loads the published ruleset, reference data, vendors and their current capacity use.
 * One statement when the cache is warm (stamp and usage together), a few more when it is not. Run it in
 * a system-scoped transaction (`withScope`): today's intake is a system-only table.
 */
export async function loadRoutingState(
  tx: TenantTx,
  options: LoadRoutingStateOptions,
): Promise<RoutingState> {
  return (await loadRoutingStateWith(sqlTxOf(tx), options, tx))!;
}

/**
 * `loadRoutingState` for statements run without the ORM (`withScopedSql`). The reference data
 * is loaded through the ORM, so on a cold cache it needs `orm`, a Prisma transaction of the
 * same unit of work; without one it answers null and the caller runs its work again in one.
 */
export async function loadRoutingStateWith(
  tx: SqlTx,
  options: LoadRoutingStateOptions,
  orm: TenantTx | null,
): Promise<RoutingState | null> {
  const cache = options.cache ?? defaultRoutingStateCache;
  const readAt = Date.now();
  const cachedOpen = cache.openCases(readAt);
  const { stamp, usage } = await readStampAndUsage(tx, options.now, cachedOpen === null);
  let reference = cache.get(stamp, Date.now());
  if (reference === null) {
    if (orm === null) return null;
    reference = await loadReference(orm, stamp);
    cache.set(reference);
  }
  let open = cachedOpen;
  if (open === null) {
    const counts = new Map<string, number>();
    for (const row of usage) {
      if (row.kind === 'open') counts.set(usageKey(row.vendorId, row.scopeCode), row.n);
    }
    cache.setOpenCases(counts, readAt);
    open = counts;
  }
  const today = new Map<string, number>();
  for (const row of usage) {
    if (row.kind === 'today') today.set(usageKey(row.vendorId, row.scopeCode), row.n);
  }
  return buildState(reference, open, today, options.now);
}

async function loadReference(tx: TenantTx, stamp: string): Promise<Reference> {
  // One after another: a transaction is one connection, and pg 9 refuses overlapping queries.
  const published = await tx.routingRuleset.findFirst({
    where: { status: 'PUBLISHED' },
    orderBy: { version: 'desc' },
    include: { rules: { orderBy: { position: 'asc' }, include: { targets: true } } },
  });
  const regions = await tx.region.findMany({ orderBy: { code: 'asc' } });
  const scopes = await tx.scope.findMany({ where: { active: true }, orderBy: { code: 'asc' } });
  // Sandbox tenants are not routing's to consider: they get synthetic cases only, and an
  // unknown vendor is never eligible, so no rule can send them real work.
  const vendors = await tx.vendor.findMany({
    where: { sandboxOfId: null },
    orderBy: { id: 'asc' },
    include: {
      certifications: true,
      capacities: true,
      contracts: contractSlaTargets,
    },
  });
  const platform = await tx.platformSlaTarget.findMany({ orderBy: { id: 'asc' } });
  const calendars = await loadAllCalendarVersions(sqlTxOf(tx));
  const shadows = await tx.routingRuleset.findMany({
    where: { status: 'DRAFT', shadowUntil: { not: null } },
    select: { shadowUntil: true },
  });
  const vendorTimeZones = new Map<string, string>();
  const vendorTerms = new Map<string, VendorTerms>();
  const vendorRefs: VendorReference[] = vendors.map((v) => {
    vendorTimeZones.set(v.id, v.timeZone);
    const calendar = vendorCalendar(v, calendars);
    vendorTerms.set(v.id, {
      calendarId: calendar.calendarId,
      calendarVersions: calendar.versions,
      timeZone: v.timeZone,
      holidays: v.holidays,
      businessHours: v.businessHours,
      contracts: v.contracts,
    });
    const base: VendorReference['base'] = {
      id: v.id,
      name: v.name,
      kind: v.kind,
      // Only an ACTIVE vendor takes new work (PAUSED and DRAINING keep or give back theirs).
      active: v.state === 'ACTIVE',
      usDataCleared: v.usDataCleared,
      gdprAgreement: v.gdprAgreement,
      holidays: v.holidays,
    };
    const hours = businessHoursOf(v.businessHours, v.timeZone);
    if (hours !== undefined) base.businessHours = hours;
    return {
      base,
      calendarVersions: calendar.versions,
      certifications: groupCertifications(v.certifications),
      capacity: v.capacities.map((c) => ({
        scope: c.scopeCode,
        openCaseCeiling: c.openCaseCeiling,
        dailyIntakeCap: c.dailyIntakeCap,
      })),
    };
  });
  return {
    stamp,
    loadedAt: Date.now(),
    published:
      published === null
        ? null
        : {
            id: published.id,
            version: published.version,
            ruleset: rulesetFromRows(published as RulesetRow),
          },
    regions: regions.map((r) => ({
      code: r.code,
      requiresUsClearance: r.requiresUsClearance,
      requiresGdprAgreement: r.requiresGdprAgreement,
    })),
    scopes: scopes.map((s) => ({ code: s.code, sensitivity: s.sensitivity })),
    vendors: vendorRefs,
    vendorTimeZones,
    vendorTerms,
    shadows: shadows.map((d) => d.shadowUntil!),
    userClock: {
      platform: platform.map((t) => ({
        id: t.id,
        scopeCode: t.scopeCode,
        regionCode: t.regionCode,
        priority: t.priority,
        firstResponseMinutes: t.firstResponseMinutes,
        resolutionMinutes: t.resolutionMinutes,
        calendarId: t.calendarId,
      })),
      calendars,
    },
  };
}

/** One certification row per language in the database; one entry per region × scope here. */
function groupCertifications(
  rows: { regionCode: string; scopeCode: string; language: string; expiresAt: Date | null }[],
): VendorReference['certifications'] {
  const byKey = new Map<string, Certification & { expiresAt: Date | null; languages: string[] }>();
  for (const row of rows) {
    // Rows with different expiry stay apart so each expires on its own date.
    const key = `${row.regionCode}\u0000${row.scopeCode}\u0000${row.expiresAt?.getTime() ?? ''}`;
    const entry = byKey.get(key);
    if (entry === undefined) {
      byKey.set(key, {
        region: row.regionCode,
        scope: row.scopeCode,
        languages: [row.language],
        expiresAt: row.expiresAt,
      });
    } else {
      entry.languages.push(row.language);
    }
  }
  return [...byKey.values()];
}

function businessHoursOf(value: unknown, timeZone: string): BusinessHours | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { days, openMinute, closeMinute } = value as Record<string, unknown>;
  if (
    !Array.isArray(days) ||
    !days.every((d) => Number.isInteger(d)) ||
    typeof openMinute !== 'number' ||
    typeof closeMinute !== 'number'
  ) {
    return undefined;
  }
  return { timeZone, days: days as number[], openMinute, closeMinute };
}

interface UsageRow {
  vendorId: string;
  scopeCode: string;
  kind: 'open' | 'today' | 'stamp';
  n: number;
}

/**
 * One round trip: the reference-data stamp (a row of kind `stamp`, the stamp in `vendorId`),
 * open cases per vendor × scope when `countOpen`, and today's intake in each vendor's own
 * local day.
 */
async function readStampAndUsage(
  tx: SqlTx,
  now: Date,
  countOpen: boolean,
): Promise<{ stamp: string; usage: UsageRow[] }> {
  const rows = await tx.query<UsageRow>(Prisma.sql`
    SELECT concat_ws('|',
      (SELECT id::text FROM "RoutingRuleset" WHERE status = 'PUBLISHED' ORDER BY version DESC LIMIT 1),
      (SELECT max("updatedAt")::text FROM "Vendor"),
      (SELECT max("updatedAt")::text || ':' || count(*)::text FROM "VendorCapacity"),
      (SELECT max("certifiedAt")::text || ':' || max("expiresAt")::text || ':' || count(*)::text
         FROM "VendorCertification"),
      (SELECT max("updatedAt")::text || ':' || count(*)::text FROM "Region"),
      (SELECT max("updatedAt")::text || ':' || count(*)::text FROM "Scope"),
      (SELECT max("updatedAt")::text || ':' || count(*)::text FROM "Contract"),
      (SELECT count(*)::text || ':' || sum("firstResponseMinutes" + 7 * "resolutionMinutes")::text
         FROM "SlaTarget"),
      (SELECT string_agg(id::text || '@' || "shadowUntil"::text, ',' ORDER BY id)
         FROM "RoutingRuleset" WHERE status = 'DRAFT' AND "shadowUntil" IS NOT NULL),
      (SELECT count(*)::text || ':' || max("createdAt")::text FROM "BusinessCalendarVersion"),
      (SELECT count(*)::text || ':' || max("createdAt")::text FROM "Holiday"),
      (SELECT count(*)::text || ':' || max("createdAt")::text FROM "PlatformSlaTarget")
    ) AS "vendorId", '' AS "scopeCode", 'stamp' AS kind, 0 AS n
    UNION ALL
    SELECT c."vendorId"::text, c."scopeCode", 'open', count(*)::int
      FROM "Case" c
     WHERE ${countOpen}
       AND c.status IN ${caseStatusList(OPEN_CASE_STATUSES)}
       AND c."vendorId" IS NOT NULL AND NOT c.sandbox
     GROUP BY c."vendorId", c."scopeCode"
    UNION ALL
    SELECT i."vendorId"::text, i."scopeCode", 'today', i.count
      FROM "VendorDailyIntake" i JOIN "Vendor" v ON v.id = i."vendorId"
     WHERE i.day = (${now}::timestamptz AT TIME ZONE v."timeZone")::date`);
  const stamp = rows.find((r) => r.kind === 'stamp')?.vendorId ?? '';
  return { stamp, usage: rows.filter((r) => r.kind !== 'stamp') };
}

function buildState(
  reference: Reference,
  open: ReadonlyMap<string, number>,
  today: ReadonlyMap<string, number>,
  now: Date,
): RoutingState {
  const time = now.getTime();
  const vendors = reference.vendors.map((v): VendorState => {
    const capacity: ScopeCapacity[] = v.capacity.map((c) => {
      const key = usageKey(v.base.id, c.scope);
      return { ...c, openCases: open.get(key) ?? 0, intakeToday: today.get(key) ?? 0 };
    });
    const certifications = v.certifications
      .filter((c) => c.expiresAt === null || c.expiresAt.getTime() > time)
      .map(({ region, scope, languages }) => ({ region, scope, languages }));
    const base = { ...v.base };
    // Open now on the calendar version in force at the decision.
    const inForce = versionInForce(v.calendarVersions, now);
    if (inForce !== null) {
      base.businessHours = {
        timeZone: inForce.timeZone,
        days: inForce.days,
        openMinute: inForce.openMinute,
        closeMinute: inForce.closeMinute,
      };
      base.holidays = inForce.holidays;
    }
    return { ...base, certifications, capacity };
  });
  return {
    published: reference.published,
    regions: reference.regions,
    scopes: reference.scopes,
    vendors,
    vendorTimeZones: reference.vendorTimeZones,
    vendorTerms: reference.vendorTerms,
    shadowing: reference.shadows.some((until) => until.getTime() > time),
    userClock: reference.userClock,
  };
}
