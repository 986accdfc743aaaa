// A vendor's state says whether routing gives it new work — nothing else. ACTIVE takes work;
// PAUSED takes none and keeps what it has; DRAINING takes none and gives back what it has not
// accepted. A failover also takes back (optionally) what it has accepted. API access is its
// clients' business (setApiClientActive): a paused vendor keeps working its cases.
//
// Recalls are written as `case.reroute` outbox messages in the same transaction as the state
// change, so none is lost if a process dies: the worker re-routes each case in its own
// transaction (locking the case row, so a partner accepting at that moment either wins — and
// keeps the case — or finds a newer version), announces `case.recalled` and offers it on.
import { RECALLABLE_STATUSES } from '@bvg/case-status';
import type { PrismaClient, TenantTx, VendorState } from '@bvg/db';
import { systemScope, withScope } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import { OutboxTopic } from '../dispatch/index.ts';
import { defaultRoutingStateCache } from '../routing/index.ts';
import type { Actor } from '../shared/actor.ts';
import { DomainError, type Problem, validationError } from '../shared/domain-error.ts';

export const VENDOR_STATES = [
  'ACTIVE',
  'PAUSED',
  'DRAINING',
] as const satisfies readonly VendorState[];

export interface VendorStateResult {
  vendor: {
    id: string;
    slug: string;
    name: string;
    state: VendorState;
    stateReason: string | null;
    stateChangedAt: Date | null;
  };
  /** Unaccepted offers being recalled and re-routed. */
  recalledOffers: number;
  /** Accepted cases being recalled and re-routed (failover with includeAccepted). */
  recalledAccepted: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkReason(reason: string, problems: Problem[]) {
  if (reason.trim().length === 0) problems.push({ path: 'reason', message: 'say why' });
  if (reason.length > 500)
    problems.push({ path: 'reason', message: 'is longer than 500 characters' });
}

/** Sets a vendor's state; DRAINING also recalls and re-routes its unaccepted offers. */
export function setVendorState(
  prisma: PrismaClient,
  actor: Actor,
  input: { vendorId: string; state: VendorState; reason: string; requestId?: string | null },
  now: () => Date = () => new Date(),
): Promise<VendorStateResult> {
  const problems: Problem[] = [];
  if (!(VENDOR_STATES as readonly string[]).includes(input.state)) {
    problems.push({ path: 'state', message: `one of ${VENDOR_STATES.join(', ')}` });
  }
  checkReason(input.reason, problems);
  if (problems.length > 0) throw validationError(problems);
  return changeVendor(prisma, actor, {
    ...input,
    recall: input.state === 'DRAINING' ? 'UNACCEPTED' : 'NONE',
    reasonCode: 'VENDOR_DRAINING',
    action: 'vendor.state.set',
    at: now(),
  });
}

/**
 * Fails a vendor over: it takes no new work (PAUSED, unless already DRAINING or PAUSED) and its
 * unaccepted offers — and, with `includeAccepted`, the cases it is working — are recalled with
 * the reason and routed to others.
 */
export function failoverVendor(
  prisma: PrismaClient,
  actor: Actor,
  input: { vendorId: string; reason: string; includeAccepted: boolean; requestId?: string | null },
  now: () => Date = () => new Date(),
): Promise<VendorStateResult> {
  const problems: Problem[] = [];
  checkReason(input.reason, problems);
  if (problems.length > 0) throw validationError(problems);
  return changeVendor(prisma, actor, {
    ...input,
    state: null,
    recall: input.includeAccepted ? 'OPEN' : 'UNACCEPTED',
    reasonCode: 'FAILOVER',
    action: 'vendor.failover',
    at: now(),
  });
}

async function changeVendor(
  prisma: PrismaClient,
  actor: Actor,
  input: {
    vendorId: string;
    /** null: a failover, which pauses an ACTIVE vendor and leaves other states as they are. */
    state: VendorState | null;
    reason: string;
    recall: 'NONE' | 'UNACCEPTED' | 'OPEN';
    reasonCode: 'VENDOR_DRAINING' | 'FAILOVER';
    action: string;
    at: Date;
    requestId?: string | null;
  },
): Promise<VendorStateResult> {
  if (!UUID.test(input.vendorId)) throw new DomainError('NOT_FOUND', 'Vendor not found');
  const result = await withScope(prisma, systemScope(input.action), (tx) =>
    changeVendorIn(tx, actor, input),
  );
  // Routing caches vendors per process, keyed on their last change (updatedAt moved above).
  defaultRoutingStateCache.clear();
  return result;
}

type ChangeInput = Parameters<typeof changeVendor>[2];

async function changeVendorIn(
  tx: TenantTx,
  actor: Actor,
  input: ChangeInput,
  extra: Record<string, unknown> = {},
): Promise<VendorStateResult> {
  {
    // Locked: two ops changing one vendor at once are applied one after the other.
    const [before] = await tx.$queryRaw<{ state: VendorState; offboardedAt: Date | null }[]>`
      SELECT state, "offboardedAt" FROM "Vendor" WHERE id = ${input.vendorId}::uuid FOR UPDATE`;
    if (!before) throw new DomainError('NOT_FOUND', 'Vendor not found');
    if (before.offboardedAt && input.action !== 'vendor.offboard') {
      throw new DomainError('CONFLICT', 'The vendor is offboarded');
    }
    const state = input.state ?? (before.state === 'ACTIVE' ? 'PAUSED' : before.state);
    const vendor = await tx.vendor.update({
      where: { id: input.vendorId },
      data: { state, stateReason: input.reason, stateChangedAt: input.at },
      select: {
        id: true,
        slug: true,
        name: true,
        state: true,
        stateReason: true,
        stateChangedAt: true,
      },
    });
    const statuses =
      input.recall === 'NONE'
        ? []
        : input.recall === 'OPEN'
          ? [...RECALLABLE_STATUSES]
          : ['OFFERED'];
    const held =
      statuses.length === 0
        ? []
        : await tx.case.findMany({
            where: { vendorId: input.vendorId, status: { in: statuses as never[] } },
            select: { id: true, status: true },
            orderBy: [{ priority: 'asc' }, { createdAt: 'asc' }],
          });
    if (held.length > 0) {
      await tx.outboxMessage.createMany({
        data: held.map((c) => ({
          topic: OutboxTopic.CaseReroute,
          vendorId: input.vendorId,
          caseId: c.id,
          payload: {
            caseId: c.id,
            excludeVendorId: input.vendorId,
            reason: input.reasonCode,
            // Only what is still in the status it was recalled in when the message is handled.
            onlyFrom: input.recall === 'OPEN' ? [...RECALLABLE_STATUSES] : ['OFFERED'],
            note: input.reason,
          },
        })),
      });
    }
    const recalledOffers = held.filter((c) => c.status === 'OFFERED').length;
    const recalledAccepted = held.length - recalledOffers;
    await recordAudit(tx, {
      actor,
      action: input.action,
      targetType: 'Vendor',
      targetId: input.vendorId,
      requestId: input.requestId ?? null,
      details: {
        reason: input.reason,
        from: before.state,
        to: state,
        recalledOffers,
        recalledAccepted,
        ...extra,
      },
    });
    return { vendor, recalledOffers, recalledAccepted };
  }
}

/**
 * Offboards a vendor: it takes no new work (DRAINING), every open case it holds — offered or
 * accepted — is recalled and routed to others as in a failover, the contract version in force
 * ends now and versions not yet in force are withdrawn. The vendor row, its history and its
 * past contract versions stay. API access is its clients' (setApiClientActive).
 */
export async function offboardVendor(
  prisma: PrismaClient,
  actor: Actor,
  input: { vendorId: string; reason: string; requestId?: string | null },
  now: () => Date = () => new Date(),
): Promise<VendorStateResult> {
  const problems: Problem[] = [];
  checkReason(input.reason, problems);
  if (problems.length > 0) throw validationError(problems);
  if (!UUID.test(input.vendorId)) throw new DomainError('NOT_FOUND', 'Vendor not found');
  const at = now();
  const result = await withScope(prisma, systemScope('vendor.offboard'), async (tx) => {
    const [row] = await tx.$queryRaw<{ offboardedAt: Date | null }[]>`
      SELECT "offboardedAt" FROM "Vendor" WHERE id = ${input.vendorId}::uuid FOR UPDATE`;
    if (!row) throw new DomainError('NOT_FOUND', 'Vendor not found');
    if (row.offboardedAt) throw new DomainError('CONFLICT', 'The vendor is already offboarded');
    const ended = await tx.contract.findMany({
      where: { vendorId: input.vendorId, OR: [{ effectiveTo: null }, { effectiveTo: { gt: at } }] },
      select: { id: true, reference: true, version: true, effectiveFrom: true, effectiveTo: true },
    });
    const future = ended.filter((c) => c.effectiveFrom.getTime() >= at.getTime());
    const current = ended.filter((c) => c.effectiveFrom.getTime() < at.getTime());
    if (future.length > 0) {
      await tx.contract.deleteMany({ where: { id: { in: future.map((c) => c.id) } } });
    }
    if (current.length > 0) {
      await tx.contract.updateMany({
        where: { id: { in: current.map((c) => c.id) } },
        data: { effectiveTo: at },
      });
    }
    await tx.vendor.update({ where: { id: input.vendorId }, data: { offboardedAt: at } });
    return changeVendorIn(
      tx,
      actor,
      {
        vendorId: input.vendorId,
        state: 'DRAINING',
        reason: input.reason,
        recall: 'OPEN',
        reasonCode: 'FAILOVER',
        action: 'vendor.offboard',
        at,
        requestId: input.requestId ?? null,
      },
      {
        before: { offboardedAt: null, contractVersions: ended },
        after: {
          offboardedAt: at,
          endedVersions: current.map((c) => ({ ...c, effectiveTo: at })),
          withdrawnVersions: future,
        },
      },
    );
  });
  defaultRoutingStateCache.clear();
  return result;
}
