// `pnpm tokens`: prints development tokens for each internal role and a fresh client secret
// for each seeded partner client (the secret is shown once; only its hash is stored).
import { createPrismaClient } from '@bvg/db';
import { loadGatewayEnv } from '../env.ts';
import { mintDevTokens } from './dev-tokens.ts';

const config = loadGatewayEnv();
if (config.production) {
  console.error('refusing to mint development tokens in production');
  process.exit(2);
}
const prisma = createPrismaClient({ url: config.DATABASE_URL });
const tokens = await mintDevTokens({
  prisma,
  keyFile: config.DEV_IDP_KEY_FILE,
  audience: config.OIDC_AUDIENCE,
  publicUrl: config.PUBLIC_URL,
  accessTokens: {
    issuer: config.PUBLIC_URL,
    audience: config.ACCESS_TOKEN_AUDIENCE,
    lifetimeSec: config.ACCESS_TOKEN_TTL_SEC,
  },
});
await prisma.$disconnect();
console.log(JSON.stringify(tokens, null, 2));
