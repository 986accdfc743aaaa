import type { PrismaClient } from '@bvg/db';
import { sqlTxOf, systemScope, withScope } from '@bvg/db';
import { dedupeKeyOf, raiseAlerts } from '../alerts/index.ts';
import { rerouteCase } from './reroute-case.ts';

/**
 * Offers to partners are leases: every OFFERED assignment of a BPO vendor whose lease has
 * ended is recalled and the case routed again, each case in its own transaction, so one
 * failure does not hold up the rest. Offers to in-house teams are not leases: the work waits
 * in the team's Tier 2 queue until a specialist claims it, so they are never touched here.
 * Vendors whose offers lapsed get an OFFERS_LAPSING alert (their system may not be listening).
 */
export async function expireOffers(prisma: PrismaClient, now: Date, limit = 500): Promise<number> {
  const lapsed = await withScope(prisma, systemScope('find lapsed offers'), (tx) =>
    tx.assignment.findMany({
      where: { status: 'OFFERED', leaseExpiresAt: { lt: now }, vendor: { kind: 'BPO' } },
      select: { caseId: true, vendorId: true },
      orderBy: { leaseExpiresAt: 'asc' },
      take: limit,
    }),
  );
  let expired = 0;
  const perVendor = new Map<string, number>();
  for (const offer of lapsed) {
    const routed = await withScope(
      prisma,
      systemScope('expire an offer'),
      (tx) =>
        rerouteCase(tx, {
          caseId: offer.caseId,
          fromVendorId: offer.vendorId,
          reason: 'OFFER_EXPIRED',
          now,
        }),
      { retries: 3 },
    );
    if (routed) {
      expired += 1;
      perVendor.set(offer.vendorId, (perVendor.get(offer.vendorId) ?? 0) + 1);
    }
  }
  if (perVendor.size > 0) {
    await withScope(prisma, systemScope('offers lapsing alert'), (tx) =>
      raiseAlerts(
        sqlTxOf(tx),
        [...perVendor].map(([vendorId, n]) => ({
          kind: 'OFFERS_LAPSING' as const,
          severity: 'WARNING' as const,
          dedupeKey: dedupeKeyOf('OFFERS_LAPSING', vendorId),
          vendorId,
          message: `${n} offers to this vendor lapsed unaccepted and were routed elsewhere`,
          data: { lapsed: n },
          at: now,
        })),
      ),
    );
  }
  return expired;
}
