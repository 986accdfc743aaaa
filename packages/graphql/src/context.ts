import type { Principal } from '@bvg/auth';
import type { PrismaClient } from '@bvg/db';

/** What every resolver gets. Resolvers stay thin: they call domain functions with these. */
export interface GraphQLContext {
  requestId: string;
  principal: Principal | null;
  /**
   * The database as this principal may see it. For a vendor every query runs with the
   * vendor's tenant set, so row-level security scopes it even if a filter is forgotten.
   */
  db: PrismaClient;
}
