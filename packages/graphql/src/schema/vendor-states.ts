// Ops: a vendor's state (ACTIVE, PAUSED, DRAINING) and failover. API access is separate: it
// is the vendor's clients' (setApiClientActive).
import { failoverVendor, getVendor, setVendorState, type VendorStateResult } from '@bvg/domain';
import { builder } from '../builder.ts';
import { Vendor, VendorStateEnum } from './clients.ts';

const opsOnly = { role: 'ops' } as const;

const VendorStateChange = builder.objectRef<VendorStateResult>('VendorStateChange').implement({
  description:
    'A state change or failover. Recalled cases are re-routed by the worker in the next moments (each announced to the vendor as case.recalled).',
  authScopes: opsOnly,
  fields: (t) => ({
    vendor: t.field({
      type: Vendor,
      authScopes: opsOnly,
      resolve: (r, _args, ctx) => getVendor(ctx.db, ctx.actor!, r.vendor.id),
    }),
    recalledOffers: t.exposeInt('recalledOffers', {
      description: 'Unaccepted offers being recalled and re-routed.',
      authScopes: opsOnly,
    }),
    recalledAccepted: t.exposeInt('recalledAccepted', {
      description: 'Accepted cases being recalled and re-routed (failover with includeAccepted).',
      authScopes: opsOnly,
    }),
  }),
});

builder.mutationFields((t) => ({
  setVendorState: t.field({
    type: VendorStateChange,
    description:
      'PAUSED: no new work, keeps its cases and API access. DRAINING: no new work, and its unaccepted offers are recalled and routed elsewhere (accepted work stays). ACTIVE: takes work again. Audited.',
    authScopes: opsOnly,
    args: {
      vendorId: t.arg.id({ required: true }),
      state: t.arg({ type: VendorStateEnum, required: true }),
      reason: t.arg.string({ required: true, description: 'Why (kept in the audit trail).' }),
    },
    resolve: (_root, args, ctx) =>
      setVendorState(ctx.db, ctx.actor!, {
        vendorId: String(args.vendorId),
        state: args.state,
        reason: args.reason,
        requestId: ctx.requestId,
      }),
  }),
  failoverVendor: t.field({
    type: VendorStateChange,
    description:
      'Fail a vendor over (an outage): it takes no new work (an ACTIVE vendor becomes PAUSED) and its unaccepted offers — with includeAccepted, also the cases it is working — are recalled with the reason (case.recalled, reason FAILOVER) and routed to others. Its API access is untouched. Audited.',
    authScopes: opsOnly,
    args: {
      vendorId: t.arg.id({ required: true }),
      reason: t.arg.string({ required: true, description: 'Told to the vendor in case.recalled.' }),
      includeAccepted: t.arg.boolean({ required: false, defaultValue: false }),
    },
    resolve: (_root, args, ctx) =>
      failoverVendor(ctx.db, ctx.actor!, {
        vendorId: String(args.vendorId),
        reason: args.reason,
        includeAccepted: args.includeAccepted ?? false,
        requestId: ctx.requestId,
      }),
  }),
}));
