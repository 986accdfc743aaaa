// `pnpm bench token-checks [count]`: what the revoked-token deny list adds to each request's
// bearer-token check. Against a dedicated database and the local Redis, one at a time: a
// cached access-token verification without any revocation check (the floor), the same with
// the deny list (one Redis MGET per request), and a bare Redis round trip for reference.
import { randomUUID } from 'node:crypto';
import {
  createAccessTokenVerifier,
  issueAccessToken,
  KeyRing,
  MemorySigningKeyStore,
} from '@bvg/auth';
import { LOCAL_REDIS_URL } from '@bvg/config';
import { createPrismaClient } from '@bvg/db';
import { createTestDatabase } from '@bvg/db/testing';
import { createRevokedTokenList } from '@bvg/gateway';
import { createRedis } from '@bvg/queue';
import { pino } from 'pino';

const COUNT = Number(process.argv[2] ?? 5_000);
const WARM_UP = 500;
const ISSUER = 'https://gateway.bench';
const AUDIENCE = 'https://gateway.bench/graphql';

const db = await createTestDatabase('bvg_bench_tokens');
const prisma = createPrismaClient({ url: db.appUrl, max: 2 });
const redis = createRedis(process.env.REDIS_URL ?? LOCAL_REDIS_URL, 'producer');
const ring = await KeyRing.load(new MemorySigningKeyStore());
await ring.rotate({ publishLeadMs: 0, tokenLifetimeMs: 600_000 });
const { token } = await issueAccessToken(ring, {
  issuer: ISSUER,
  audience: AUDIENCE,
  vendorId: randomUUID(),
  clientId: 'bench-client',
  scopes: ['cases:read'],
  lifetimeSec: 600,
  now: new Date(),
});
const denyList = createRevokedTokenList({
  prisma,
  redis,
  logger: pino({ level: 'warn' }),
  namespace: new URL(db.url).pathname.slice(1),
});

const plain = createAccessTokenVerifier({ keyRing: ring, issuer: ISSUER, audience: AUDIENCE });
const withDenyList = createAccessTokenVerifier({
  keyRing: ring,
  issuer: ISSUER,
  audience: AUDIENCE,
  isRevoked: (claims) => denyList.isRevoked(claims.jti, claims.exp * 1000),
});

async function measure(run: () => Promise<unknown>) {
  for (let i = 0; i < WARM_UP; i++) await run();
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < COUNT; i++) await run();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    'wall µs each': Math.round((wallMs * 1000) / COUNT),
    'client CPU µs each': Math.round((used.user + used.system) / COUNT),
  };
}

const results = {
  'cached verification, no revocation check': await measure(() => plain.verify(token)),
  'cached verification + deny list (Redis MGET)': await measure(() => withDenyList.verify(token)),
  'bare Redis PING (reference)': await measure(() => redis.ping()),
};
console.log(`\ntoken-checks bench: ${COUNT} verifications of one live token, in sequence\n`);
console.table(results);
redis.disconnect();
await prisma.$disconnect();
await db.drop();
