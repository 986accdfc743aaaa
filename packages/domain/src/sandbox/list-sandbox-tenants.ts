import type { PrismaClient, TenantTx } from '@bvg/db';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';

export interface SandboxTenantSummary {
  id: string;
  slug: string;
  name: string;
  partnerVendorId: string;
  createdAt: Date;
  clientIds: string[];
}

/** Every sandbox tenant with its partner and clients (ops); one partner's when given. */
export async function listSandboxTenants(
  tx: TenantTx,
  input: { partnerVendorId?: string | null },
): Promise<SandboxTenantSummary[]> {
  const rows = await tx.vendor.findMany({
    where: input.partnerVendorId
      ? { sandboxOfId: input.partnerVendorId }
      : { sandboxOfId: { not: null } },
    orderBy: { slug: 'asc' },
    select: {
      id: true,
      slug: true,
      name: true,
      sandboxOfId: true,
      createdAt: true,
      apiClients: { select: { clientId: true }, orderBy: { clientId: 'asc' } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    partnerVendorId: r.sandboxOfId!,
    createdAt: r.createdAt,
    clientIds: r.apiClients.map((c) => c.clientId),
  }));
}

/** The same list as an entry point, in the actor's scope (ops and auditors: across tenants). */
export function readSandboxTenants(
  prisma: PrismaClient,
  actor: Actor,
  input: { partnerVendorId?: string | null },
): Promise<SandboxTenantSummary[]> {
  return withActorScope(prisma, actor, 'list sandbox tenants', (tx) =>
    listSandboxTenants(tx, input),
  );
}
