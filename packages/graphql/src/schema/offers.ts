// Pull as well as push: a partner that cannot receive webhooks subscribes to its offers over
// server-sent events. Notices are thin (ids and version); details come from case(id).
import type { OfferNotice } from '@bvg/queue';
import { OFFERS_ROUTING_KEY } from '@bvg/queue';
import { builder } from '../builder.ts';
import { AppError } from '../errors.ts';

const offerReaders = { vendor: 'cases:read' } as const;

const CaseOffer = builder.objectRef<OfferNotice>('CaseOffer').implement({
  description: 'A case was offered to you; accept it with acceptCase before offerExpiresAt.',
  authScopes: offerReaders,
  fields: (t) => ({
    caseId: t.exposeID('caseId', { authScopes: offerReaders }),
    version: t.exposeInt('version', { authScopes: offerReaders }),
    offerExpiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: offerReaders,
      resolve: (o) => (o.offerExpiresAt ? new Date(o.offerExpiresAt) : null),
    }),
  }),
});

builder.subscriptionType({});
builder.subscriptionField('caseOffers', (t) =>
  t.field({
    type: CaseOffer,
    description:
      'Offers made to the calling partner, as they happen (GraphQL over server-sent events).',
    authScopes: offerReaders,
    subscribe: (_root, _args, ctx) => {
      if (ctx.principal?.kind !== 'vendor') throw new AppError('FORBIDDEN');
      if (!ctx.pubSub)
        throw new AppError('UNAVAILABLE', 'Subscriptions are not available on this gateway');
      // The vendor comes from the token, never from an argument: a partner hears only its own.
      return ctx.pubSub.subscribe(
        OFFERS_ROUTING_KEY,
        ctx.principal.vendorId,
      ) as AsyncIterable<OfferNotice>;
    },
    resolve: (notice) => notice,
  }),
);
