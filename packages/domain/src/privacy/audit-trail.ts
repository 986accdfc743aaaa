import type { Prisma, PrismaClient } from '@bvg/db';
import { systemScope, withScope } from '@bvg/db';

export interface AuditFilter {
  actorId?: string;
  vendorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

/** The audit trail, newest first, for auditors. Keyset pagination on the row id. */
export async function listAuditEvents(
  prisma: PrismaClient,
  input: { filter: AuditFilter; first: number; after?: string | null },
) {
  const f = input.filter;
  const where: Prisma.AuditEventWhereInput = {
    ...(f.actorId ? { actorId: f.actorId } : {}),
    ...(f.vendorId ? { vendorId: f.vendorId } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.targetType ? { targetType: f.targetType } : {}),
    ...(f.targetId ? { targetId: f.targetId } : {}),
    ...(f.from || f.to
      ? { occurredAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } }
      : {}),
    ...(input.after && /^\d+$/.test(input.after) ? { id: { lt: BigInt(input.after) } } : {}),
  };
  return withScope(prisma, systemScope('read the audit trail'), (tx) =>
    tx.auditEvent.findMany({
      where,
      orderBy: { id: 'desc' },
      take: Math.min(Math.max(input.first, 1), 501),
    }),
  );
}
