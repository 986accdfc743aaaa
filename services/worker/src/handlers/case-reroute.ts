// `case.reroute` outbox messages (a rejected, escalated or undeliverable case) are routed again
// by the domain's handler; redoing one is harmless (the case has moved on, nothing happens).
import type { PrismaClient } from '@bvg/db';
import { createRerouteHandler } from '@bvg/domain';
import type { RerouteHandler } from './outbox-relay.ts';

export function createCaseRerouteHandler(prisma: PrismaClient): RerouteHandler {
  const reroute = createRerouteHandler(prisma);
  return {
    onReroute: (message) => reroute({ caseId: message.payload.caseId, payload: message.payload }),
  };
}
