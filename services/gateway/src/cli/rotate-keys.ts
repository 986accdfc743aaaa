// `pnpm keys:rotate`: adds a new signing key that is published now and starts signing after
// the publish lead (every gateway reloads its keys more often than that), and schedules the
// current key's retirement; retired keys stay published for the token lifetime.
import { KeyRing } from '@bvg/auth';
import { createPrismaClient } from '@bvg/db';
import { PrismaSigningKeyStore } from '../auth/prisma-signing-key-store.ts';
import { KEY_REFRESH_INTERVAL_MS } from '../create-gateway.ts';
import { loadGatewayEnv } from '../env.ts';

const config = loadGatewayEnv();
const prisma = createPrismaClient({ url: config.DATABASE_URL });
const ring = await KeyRing.load(new PrismaSigningKeyStore(prisma));
const plan = await ring.rotate({
  publishLeadMs: 2 * KEY_REFRESH_INTERVAL_MS,
  // Tokens signed by the old key until it retires must keep verifying until they expire.
  tokenLifetimeMs: config.ACCESS_TOKEN_TTL_SEC * 1000 + 5 * 60_000,
});
await prisma.$disconnect();
console.log(
  plan
    ? `new signing key published; it signs from ${plan.activatesAt.toISOString()}`
    : 'a new key is already pending; nothing to do',
);
