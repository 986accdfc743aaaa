import type { PrismaClient } from '@bvg/db';
import { withSystem } from '@bvg/db';
import { rerouteCase } from './reroute-case.ts';

/**
 * Offers are leases: every OFFERED assignment whose lease has ended is recalled and the case
 * routed again. Each case in its own transaction, so one failure does not hold up the rest.
 */
export async function expireOffers(prisma: PrismaClient, now: Date, limit = 500): Promise<number> {
  const lapsed = await withSystem(prisma, 'find lapsed offers', (tx) =>
    tx.assignment.findMany({
      where: { status: 'OFFERED', leaseExpiresAt: { lt: now } },
      select: { caseId: true, vendorId: true },
      orderBy: { leaseExpiresAt: 'asc' },
      take: limit,
    }),
  );
  let expired = 0;
  for (const offer of lapsed) {
    const routed = await withSystem(
      prisma,
      'expire an offer',
      (tx) =>
        rerouteCase(tx, {
          caseId: offer.caseId,
          fromVendorId: offer.vendorId,
          reason: 'OFFER_EXPIRED',
          now,
        }),
      { retries: 3 },
    );
    if (routed) expired += 1;
  }
  return expired;
}
