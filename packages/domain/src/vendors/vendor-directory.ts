// Vendors and their API clients as ops and auditors list them. `Vendor` and `ApiClient` are
// shared configuration (no row-level security); the reads still go through the actor's scope
// so that every read of the database has one way in.
import type { ApiClient, PrismaClient, Vendor } from '@bvg/db';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { DomainError } from '../shared/domain-error.ts';

export function listVendors(prisma: PrismaClient, actor: Actor): Promise<Vendor[]> {
  return withActorScope(prisma, actor, 'list vendors', (tx) =>
    tx.vendor.findMany({ orderBy: { slug: 'asc' } }),
  );
}

/** One vendor; NOT_FOUND when there is none. */
export async function getVendor(
  prisma: PrismaClient,
  actor: Actor,
  vendorId: string,
): Promise<Vendor> {
  const vendor = await withActorScope(prisma, actor, 'read vendor', (tx) =>
    tx.vendor.findUnique({ where: { id: vendorId } }),
  );
  if (!vendor) throw new DomainError('NOT_FOUND', 'Vendor not found');
  return vendor;
}

/** API clients, one vendor's when given. */
export function listApiClients(
  prisma: PrismaClient,
  actor: Actor,
  input: { vendorId?: string | null } = {},
): Promise<ApiClient[]> {
  return withActorScope(prisma, actor, 'list API clients', (tx) =>
    tx.apiClient.findMany({
      where: input.vendorId ? { vendorId: input.vendorId } : {},
      orderBy: { clientId: 'asc' },
    }),
  );
}
