// The statements of the case read path: a page (or one case) with its subject, its scope's
// sensitivity and the reader's policy version in one statement, and the events of many cases
// in one more. Texts depend only on which filters are present, so each is a named statement.
import { Prisma } from '@bvg/db';
import type { CaseRow } from './read-cases.ts';

const CASE_COLUMNS = Object.values(Prisma.CaseScalarFieldEnum).filter((c) => c !== 'changeTxid');
const SUBJECT_COLUMNS = Object.values(Prisma.CaseSubjectScalarFieldEnum);

const SELECT_CASES = `SELECT ${CASE_COLUMNS.map((c) => `c."${c}"`).join(', ')},
       c."changeTxid"::text AS "changeTxid", sc.sensitivity AS "scopeSensitivity",
       ${SUBJECT_COLUMNS.map((c) => `s."${c}" AS "subject.${c}"`).join(', ')}`;
const FROM_CASES = `FROM "Case" c JOIN "Scope" sc ON sc.code = c."scopeCode"
  LEFT JOIN "CaseSubject" s ON s."caseId" = c.id`;

/** Which vendors' cases a reader may see, as the database should filter them. */
export type Readable =
  | { kind: 'vendor'; vendorId: string }
  | { kind: 'teams'; slugs: readonly string[] }
  | { kind: 'all' };

/** The vendor filter (the API's wall; row-level security is the database's) and, for a
 * vendor, its policy version beside every row (read once per statement). */
function readableSql(readable: Readable) {
  switch (readable.kind) {
    case 'vendor':
      return {
        version: Prisma.sql`(SELECT v."dataPolicyVersion" FROM "Vendor" v WHERE v.id = ${readable.vendorId}::uuid)`,
        where: Prisma.sql`c."vendorId" = ${readable.vendorId}::uuid`,
      };
    case 'teams':
      return {
        version: Prisma.sql`NULL::int`,
        where: Prisma.sql`c."vendorId" IN (SELECT t.id FROM "Vendor" t
          WHERE t.slug = ANY(${[...readable.slugs]}::text[]) AND t.kind = 'IN_HOUSE')`,
      };
    case 'all':
      return { version: Prisma.sql`NULL::int`, where: null };
  }
}

export interface CaseConditions {
  status?: readonly string[];
  scopeCode?: readonly string[];
  regionCode?: readonly string[];
  dueBefore?: Date;
  vendorId?: string;
  sandbox?: boolean;
}

function conditionsSql(readable: Readable, f: CaseConditions): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  const wall = readableSql(readable).where;
  if (wall) where.push(wall);
  if (f.vendorId) where.push(Prisma.sql`c."vendorId" = ${f.vendorId}::uuid`);
  if (f.status?.length) where.push(Prisma.sql`c.status = ANY(${[...f.status]}::"CaseStatus"[])`);
  if (f.scopeCode?.length) where.push(Prisma.sql`c."scopeCode" = ANY(${[...f.scopeCode]}::text[])`);
  if (f.regionCode?.length) {
    where.push(Prisma.sql`c."regionCode" = ANY(${[...f.regionCode]}::text[])`);
  }
  if (f.dueBefore) where.push(Prisma.sql`c."resolutionDueAt" < ${f.dueBefore}::timestamptz`);
  if (f.sandbox !== undefined) where.push(Prisma.sql`c.sandbox = ${f.sandbox}`);
  return where;
}

const and = (parts: Prisma.Sql[]) =>
  parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, ' AND ')}` : Prisma.empty;

const select = (readable: Readable) =>
  Prisma.sql`${Prisma.raw(SELECT_CASES)}, ${readableSql(readable).version} AS "policyVersion"
    ${Prisma.raw(FROM_CASES)}`;

/** One case by id, if the reader may see it. */
export function caseByIdSql(readable: Readable, caseId: string): Prisma.Sql {
  return Prisma.sql`${select(readable)}
    ${and([Prisma.sql`c.id = ${caseId}::uuid`, ...conditionsSql(readable, {})])}`;
}

/** Newest first, after the keyset cursor's case (a case id) when given. */
export function newestCasesSql(
  readable: Readable,
  f: CaseConditions,
  after: string | null,
  first: number,
): Prisma.Sql {
  const where = conditionsSql(readable, f);
  if (after) {
    where.push(
      Prisma.sql`(c."createdAt", c.id) < (SELECT a."createdAt", a.id FROM "Case" a WHERE a.id = ${after}::uuid)`,
    );
  }
  return Prisma.sql`${select(readable)} ${and(where)}
    ORDER BY c."createdAt" DESC, c.id DESC LIMIT ${first}`;
}

/** In the order of the writing transactions, below the watermark and after the position. */
export function syncCasesSql(
  readable: Readable,
  f: CaseConditions,
  window: {
    watermark: bigint;
    position: { changeTxid: bigint; caseId: string } | null;
    updatedSince?: Date;
  },
  first: number,
): Prisma.Sql {
  const where = conditionsSql(readable, f);
  where.push(Prisma.sql`c."changeTxid" < ${window.watermark}::bigint`);
  if (window.position) {
    where.push(
      Prisma.sql`(c."changeTxid", c.id) > (${window.position.changeTxid}::bigint, ${window.position.caseId}::uuid)`,
    );
  } else if (window.updatedSince) {
    where.push(Prisma.sql`c."updatedAt" >= ${window.updatedSince}::timestamptz`);
  }
  return Prisma.sql`${select(readable)} ${and(where)}
    ORDER BY c."changeTxid", c.id LIMIT ${first}`;
}

export interface CaseRowWithVersion {
  row: CaseRow;
  /** The reader's policy version (vendors only), as the statement saw it. */
  policyVersion: number | null;
}

/** A row of the statements above, in the shape the ORM would have returned. */
export function caseRowOf(raw: Record<string, unknown>): CaseRowWithVersion {
  const row: Record<string, unknown> = {};
  for (const c of CASE_COLUMNS) row[c] = raw[c];
  row.changeTxid = BigInt(raw.changeTxid as string);
  row.scope = { sensitivity: raw.scopeSensitivity };
  if (raw['subject.caseId'] == null) {
    row.subject = null;
  } else {
    const subject: Record<string, unknown> = {};
    for (const c of SUBJECT_COLUMNS) subject[c] = raw[`subject.${c}`];
    row.subject = subject;
  }
  return { row: row as unknown as CaseRow, policyVersion: raw.policyVersion as number | null };
}

/** A case's history entry. */
export interface CaseEventRow {
  id: string;
  caseId: string;
  vendorId: string | null;
  type: string;
  fromStatus: CaseRow['status'] | null;
  toStatus: CaseRow['status'] | null;
  version: number;
  actorKind: string;
  actorId: string;
  requestId: string | null;
  data: unknown;
  occurredAt: Date;
}

/**
 * The histories of many cases, oldest first within each; for a specialist (teams), only of
 * cases its teams hold now (earlier holders' events too).
 */
export function eventsOfCasesSql(caseIds: readonly string[], teams: Readable | null): Prisma.Sql {
  const held =
    teams?.kind === 'teams'
      ? Prisma.sql`AND e."caseId" IN (SELECT c.id FROM "Case" c
          WHERE c.id = ANY(${[...caseIds]}::uuid[]) AND ${readableSql(teams).where!})`
      : Prisma.empty;
  return Prisma.sql`SELECT e.id::text AS id, e."caseId", e."vendorId", e.type, e."fromStatus",
         e."toStatus", e.version, e."actorKind", e."actorId", e."requestId", e.data, e."occurredAt"
    FROM "CaseEvent" e WHERE e."caseId" = ANY(${[...caseIds]}::uuid[]) ${held}
   ORDER BY e."caseId", e.id`;
}
