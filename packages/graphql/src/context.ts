import type { Principal } from '@bvg/auth';
import type { PrismaClient } from '@bvg/db';
import type { Actor, IntakeBatcher, WebhookUrlPolicy } from '@bvg/domain';
import type { AlertNotice, BulkOperationNotice, OfferNotice } from '@bvg/queue';
import type { PubSub } from '@graphql-yoga/subscription';

/** What every resolver gets. Resolvers stay thin: they call domain functions with these. */
export interface GraphQLContext {
  requestId: string;
  principal: Principal | null;
  /** The principal as the domain sees it (for audit and events); null when anonymous. */
  actor: Actor | null;
  /**
   * The application's connection (role bvg_app, bound by row-level security), handed to
   * domain entry points, which open the actor's scope themselves; a bare query sees no
   * tenant rows.
   */
  db: PrismaClient;
  /** This process's intake group commit: concurrent `submitCase` calls share a transaction. */
  intake: IntakeBatcher;
  /** What webhook URLs may be registered here; strict (https, nothing private) when absent. */
  webhookUrlPolicy?: WebhookUrlPolicy;
  /** Cross-process pub/sub (Redis) for subscriptions; absent where none is configured. */
  pubSub?: PubSub<{
    /** Offers, per vendor (the topic id is the vendor id). */
    'bvg:offers': [string, OfferNotice];
    /** Alert events, for ops consoles. */
    'bvg:alerts': [AlertNotice];
    /** Progress of ops' bulk case operations, per operation (the topic id is the operation id). */
    'bvg:bulk-operations': [string, BulkOperationNotice];
  }>;
  /** Queues the worker job that runs an ops bulk operation; absent where no queue is set up. */
  enqueueBulkCaseOperation?: (operationId: string) => Promise<void>;
  /** Conversations: how long after resolution a user's message reopens a case (ms). */
  reopenWindowMs?: number;
  /** Signs attachment download links (the gateway's route verifies them); absent: no links. */
  attachmentLinks?: { sign: (claims: { messageId: string; attachmentId: string }) => string };
  /** After disabling a client or vendor: every gateway drops its cached view of it at once. */
  announceAccessChange?: (clientId?: string) => Promise<void>;
}
