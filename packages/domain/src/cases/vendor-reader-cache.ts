// A vendor's data-access reader (its kind and the grants of its contract in force), kept per
// process between requests. Every case read also reads the vendor's `dataPolicyVersion`
// (triggers bump it in the transaction that changes the vendor's kind, a contract or a grant),
// so a stale entry is seen by the very read it would have decided, and reloaded in it. An
// entry also lapses when the next contract version starts (or the one in force ends).
import type { PrismaClient, SqlTx } from '@bvg/db';
import type { DataGrant, Reader } from './data-access-policy.ts';

export type VendorReader = Extract<Reader, { kind: 'VENDOR' }>;

export interface CachedVendorReader {
  reader: VendorReader;
  version: number;
  /** Epoch ms when another contract version comes into force or this one ends (Infinity when none). */
  validUntil: number;
}

/** Whether a cached reader may decide a read that saw the vendor's policy at `version`. */
export function isCurrentReader(
  entry: CachedVendorReader | undefined,
  version: number | null,
  now: Date,
): entry is CachedVendorReader {
  return (
    entry !== undefined &&
    version !== null &&
    entry.version === version &&
    now.getTime() < entry.validUntil
  );
}

// One statement, one snapshot: the version returned is the one the grants belong to. The
// grants are those of the contract version in force now ([effectiveFrom, effectiveTo)); the
// entry lapses at the next instant a version starts or ends, which no write announces.
const LOAD_VENDOR_READER = `
  SELECT v.kind, v."dataPolicyVersion" AS version,
         (SELECT (extract(epoch FROM min(b.at)) * 1000)::float8
            FROM "Contract" c, LATERAL (VALUES (c."effectiveFrom"), (c."effectiveTo")) b(at)
           WHERE c."vendorId" = v.id AND b.at > $2::timestamptz) AS "validUntil",
         coalesce((SELECT json_agg(json_build_object('regionCode', g."regionCode",
                                   'scopeCode', g."scopeCode", 'fields', g.fields))
                     FROM "DataAccessGrant" g
                    WHERE g."contractId" = (SELECT c.id FROM "Contract" c
                                             WHERE c."vendorId" = v.id
                                               AND c."effectiveFrom" <= $2::timestamptz
                                               AND (c."effectiveTo" IS NULL OR c."effectiveTo" > $2::timestamptz)
                                             ORDER BY c."effectiveFrom" DESC LIMIT 1)), '[]') AS grants
    FROM "Vendor" v
   WHERE v.id = $1::uuid`;

// Keyed by client too: each database (tests run several in one process) has its own versions.
const caches = new WeakMap<PrismaClient, Map<string, CachedVendorReader>>();

/**
 * The vendor's reader: the cached one when it is current for `seenVersion` (the version the
 * read's own statement saw), else loaded in `tx` and cached. One entry per vendor.
 */
export async function vendorReader(
  prisma: PrismaClient,
  tx: SqlTx,
  vendorId: string,
  seenVersion: number | null,
  now: Date,
): Promise<VendorReader> {
  let cache = caches.get(prisma);
  if (!cache) {
    cache = new Map();
    caches.set(prisma, cache);
  }
  const entry = cache.get(vendorId);
  if (isCurrentReader(entry, seenVersion, now)) return entry.reader;
  const [row] = await tx.query<{
    kind: 'BPO' | 'IN_HOUSE';
    version: number;
    validUntil: number | null;
    grants: DataGrant[];
  }>({ text: LOAD_VENDOR_READER, values: [vendorId, now] });
  if (!row) throw new Error(`vendor ${vendorId} not found`);
  const reader: VendorReader = { kind: 'VENDOR', vendorKind: row.kind, grants: row.grants };
  cache.set(vendorId, {
    reader,
    version: row.version,
    validUntil: row.validUntil ?? Number.POSITIVE_INFINITY,
  });
  return reader;
}
