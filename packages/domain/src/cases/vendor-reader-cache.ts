// A vendor's data-access reader (its kind and the grants of its contract in force), kept per
// process between requests. Every case read also reads the vendor's `dataPolicyVersion`
// (triggers bump it in the transaction that changes the vendor's kind, a contract or a grant),
// so a stale entry is seen by the very read it would have decided, and reloaded in it. An
// entry also lapses when the next contract's period starts, which no write announces.
import type { PrismaClient, SqlTx } from '@bvg/db';
import type { DataGrant, Reader } from './data-access-policy.ts';

export type VendorReader = Extract<Reader, { kind: 'VENDOR' }>;

export interface CachedVendorReader {
  reader: VendorReader;
  version: number;
  /** Epoch ms when another contract comes into force (Infinity when none is entered). */
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
// contract in force is the latest one that has started (an expired contract keeps governing
// until its successor is entered, as renewals usually run late).
const LOAD_VENDOR_READER = `
  SELECT v.kind, v."dataPolicyVersion" AS version,
         (SELECT (extract(epoch FROM min(c."periodStart")::timestamp) * 1000)::float8
            FROM "Contract" c WHERE c."vendorId" = v.id AND c."periodStart" > t.today) AS "validUntil",
         coalesce((SELECT json_agg(json_build_object('regionCode', g."regionCode",
                                   'scopeCode', g."scopeCode", 'fields', g.fields))
                     FROM "DataAccessGrant" g
                    WHERE g."contractId" = (SELECT c.id FROM "Contract" c
                                             WHERE c."vendorId" = v.id AND c."periodStart" <= t.today
                                             ORDER BY c."periodStart" DESC LIMIT 1)), '[]') AS grants
    FROM "Vendor" v, (SELECT ($2::timestamptz AT TIME ZONE 'UTC')::date AS today) t
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
