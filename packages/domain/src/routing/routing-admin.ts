// Routing administration as entry points: each takes the actor and opens its own scope
// (ops, auditors and vendor managers work across tenants; a vendor reaching one sees only its
// own rows). Rulesets come back with a `validation` that loads what validation needs once per
// batch of rulesets, not once per ruleset.
import type { PrismaClient, TenantTx } from '@bvg/db';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { DomainError } from '../shared/domain-error.ts';
import {
  type CreateRoutingRulesetInput,
  createRoutingRuleset,
  loadValidationContext,
  type PublishResult,
  type PublishRoutingRulesetInput,
  publishRoutingRuleset,
  type RollbackRoutingRulesetInput,
  type RulesetValidation,
  rollbackRoutingRuleset,
  type UpdateRoutingRulesetInput,
  updateRoutingRuleset,
  type ValidationContext,
  validateAgainst,
} from './ruleset-admin.ts';
import {
  getRoutingRuleset,
  listRoutingRulesets,
  type RoutingRulesetView,
  type RulesetStatus,
} from './ruleset-views.ts';
import { compareShadow, type StartShadowInput, startShadow } from './shadow.ts';
import {
  type SimulateRoutingInput,
  type SimulateRoutingResult,
  simulateRouting,
} from './simulate-routing.ts';
import {
  listVendorRouting,
  type SetVendorCapacityInput,
  type SetVendorCertificationsInput,
  setVendorCapacity,
  setVendorCertifications,
  type VendorRoutingView,
} from './vendor-routing.ts';

/** A ruleset with its validation against today's data, computed when asked for. */
export interface CheckedRuleset extends RoutingRulesetView {
  validation(): Promise<RulesetValidation>;
}

export interface CheckedPublishResult extends Omit<PublishResult, 'ruleset'> {
  ruleset: CheckedRuleset;
}

type Change<T> = Omit<T, 'actor'>;

const inScope = <T>(
  prisma: PrismaClient,
  actor: Actor,
  why: string,
  fn: (tx: TenantTx) => Promise<T>,
) => withActorScope(prisma, actor, `routing: ${why}`, fn);

/**
 * Gives every ruleset of one answer a `validation()` that shares one load of the validation
 * context (routing state, expected volume): one transaction for all of them, on first use.
 */
function checked(
  prisma: PrismaClient,
  actor: Actor,
  views: RoutingRulesetView[],
): CheckedRuleset[] {
  let context: Promise<ValidationContext> | undefined;
  const load = () => {
    context ??= inScope(prisma, actor, 'validate rulesets', (tx) =>
      loadValidationContext(tx, new Date()),
    );
    return context;
  };
  return views.map((view) => ({
    ...view,
    validation: async () => validateAgainst(view, await load()),
  }));
}

const one = (prisma: PrismaClient, actor: Actor, view: RoutingRulesetView) =>
  checked(prisma, actor, [view])[0]!;

const published = (prisma: PrismaClient, actor: Actor, r: PublishResult): CheckedPublishResult => ({
  ...r,
  ruleset: one(prisma, actor, r.ruleset),
});

export const routingAdmin = {
  async listRulesets(prisma: PrismaClient, actor: Actor, filter: { status?: RulesetStatus } = {}) {
    const views = await inScope(prisma, actor, 'list rulesets', (tx) =>
      listRoutingRulesets(tx, filter),
    );
    return checked(prisma, actor, views);
  },

  async getRuleset(prisma: PrismaClient, actor: Actor, version: number) {
    const view = await inScope(prisma, actor, 'read ruleset', (tx) =>
      getRoutingRuleset(tx, version),
    );
    return view && one(prisma, actor, view);
  },

  async createRuleset(
    prisma: PrismaClient,
    actor: Actor,
    input: Change<CreateRoutingRulesetInput>,
  ) {
    const view = await inScope(prisma, actor, 'create ruleset', (tx) =>
      createRoutingRuleset(tx, { ...input, actor }),
    );
    return one(prisma, actor, view);
  },

  async updateRuleset(
    prisma: PrismaClient,
    actor: Actor,
    input: Change<UpdateRoutingRulesetInput>,
  ) {
    const view = await inScope(prisma, actor, 'update ruleset', (tx) =>
      updateRoutingRuleset(tx, { ...input, actor }),
    );
    return one(prisma, actor, view);
  },

  async publishRuleset(
    prisma: PrismaClient,
    actor: Actor,
    input: Change<PublishRoutingRulesetInput>,
  ) {
    const result = await inScope(prisma, actor, 'publish ruleset', (tx) =>
      publishRoutingRuleset(tx, { ...input, actor }),
    );
    return published(prisma, actor, result);
  },

  async rollbackRuleset(
    prisma: PrismaClient,
    actor: Actor,
    input: Change<RollbackRoutingRulesetInput>,
  ) {
    const result = await inScope(prisma, actor, 'roll back ruleset', (tx) =>
      rollbackRoutingRuleset(tx, { ...input, actor }),
    );
    return published(prisma, actor, result);
  },

  async startShadow(prisma: PrismaClient, actor: Actor, input: Change<StartShadowInput>) {
    const view = await inScope(prisma, actor, 'shadow ruleset', (tx) =>
      startShadow(tx, { ...input, actor }),
    );
    return one(prisma, actor, view);
  },

  compareShadow: (prisma: PrismaClient, actor: Actor, version: number) =>
    inScope(prisma, actor, 'compare shadow', (tx) => compareShadow(tx, version)),

  simulate: (
    prisma: PrismaClient,
    actor: Actor,
    input: Change<SimulateRoutingInput>,
  ): Promise<SimulateRoutingResult> =>
    inScope(prisma, actor, 'simulate', (tx) => simulateRouting(tx, { ...input, actor })),

  listVendors: (prisma: PrismaClient, actor: Actor): Promise<VendorRoutingView[]> =>
    inScope(prisma, actor, 'list vendors', (tx) => listVendorRouting(tx, { now: new Date() })),

  /** One vendor as routing sees it; NOT_FOUND when there is none. */
  async getVendor(prisma: PrismaClient, actor: Actor, vendorId: string) {
    const [view] = await inScope(prisma, actor, 'read vendor', (tx) =>
      listVendorRouting(tx, { now: new Date(), vendorId }),
    );
    if (view === undefined) throw new DomainError('NOT_FOUND', 'Vendor not found');
    return view;
  },

  /** Sets capacities, then returns the vendor as routing now sees it. */
  async setCapacity(prisma: PrismaClient, actor: Actor, input: Change<SetVendorCapacityInput>) {
    await inScope(prisma, actor, 'set capacity', (tx) =>
      setVendorCapacity(tx, { ...input, actor }),
    );
    return routingAdmin.getVendor(prisma, actor, input.vendorId);
  },

  /** Replaces certifications, then returns the vendor as routing now sees it. */
  async setCertifications(
    prisma: PrismaClient,
    actor: Actor,
    input: Change<SetVendorCertificationsInput>,
  ) {
    await inScope(prisma, actor, 'set certifications', (tx) =>
      setVendorCertifications(tx, { ...input, actor }),
    );
    return routingAdmin.getVendor(prisma, actor, input.vendorId);
  },
};
