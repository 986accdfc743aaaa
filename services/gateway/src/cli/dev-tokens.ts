// Development tokens: one per internal role (from the development identity provider, as its
// token endpoint would issue them to the console) and, for each
// seeded partner client, a fresh client secret so the real token endpoint can be tried.
import {
  generateClientSecret,
  hashClientSecret,
  INTERNAL_ROLES,
  issueAccessToken,
  KeyRing,
} from '@bvg/auth';
import { type PrismaClient, systemScope, withScope } from '@bvg/db';
import { loadDevIdentityProvider } from '../auth/dev-identity-provider.ts';
import { PrismaSigningKeyStore } from '../auth/prisma-signing-key-store.ts';

export interface DevTokens {
  internal: Record<string, string>;
  /** Per seeded partner client: a fresh secret for the token endpoint, and a ready access token. */
  partners: {
    clientId: string;
    vendor: string;
    clientSecret: string;
    accessToken: string | null;
  }[];
}

export async function mintDevTokens(options: {
  prisma: PrismaClient;
  keyFile: string;
  audience: string;
  /** The gateway's public URL: the development identity provider's issuer derives from it. */
  publicUrl: string;
  /** Issuer and audience of access tokens, to mint partner tokens directly (needs a signing key). */
  accessTokens?: { issuer: string; audience: string; lifetimeSec: number };
  /** How long the partner secrets stay valid; short, they are printed to a terminal. */
  secretLifetimeHours?: number;
}): Promise<DevTokens> {
  const idp = await loadDevIdentityProvider({
    keyFile: options.keyFile,
    publicUrl: options.publicUrl,
    audience: options.audience,
  });
  const internal: Record<string, string> = {};
  // A specialist belongs to every seeded in-house team (the `teams` claim names them by slug).
  const teams = await options.prisma.vendor.findMany({
    where: { kind: 'IN_HOUSE', state: 'ACTIVE' },
    select: { slug: true },
    orderBy: { slug: 'asc' },
  });
  for (const role of INTERNAL_ROLES) {
    internal[role] = await idp.mint({
      subject: `dev.${role}`,
      roles: [role],
      ...(role === 'specialist' ? { teams: teams.map((t) => t.slug) } : {}),
      lifetimeSec: 12 * 3600,
    });
  }
  const clients = await options.prisma.apiClient.findMany({
    where: { authMethod: 'CLIENT_SECRET_BASIC', active: true },
    include: { vendor: { select: { slug: true } } },
    orderBy: { clientId: 'asc' },
  });
  const partners: DevTokens['partners'] = [];
  const ring = options.accessTokens
    ? await KeyRing.load(new PrismaSigningKeyStore(options.prisma))
    : null;
  const hasKey = ring !== null && ring.storedKeys().length > 0;
  const expiresAt = new Date(Date.now() + (options.secretLifetimeHours ?? 24) * 3600_000);
  for (const client of clients) {
    const clientSecret = generateClientSecret();
    const secretHash = await hashClientSecret(clientSecret);
    await withScope(options.prisma, systemScope('mint a development client secret'), (tx) =>
      tx.apiClientSecret.create({
        data: { apiClientId: client.id, secretHash, hint: clientSecret.slice(-4), expiresAt },
      }),
    );
    const accessToken =
      hasKey && options.accessTokens
        ? (
            await issueAccessToken(ring!, {
              issuer: options.accessTokens.issuer,
              audience: options.accessTokens.audience,
              vendorId: client.vendorId,
              clientId: client.clientId,
              scopes: client.allowedScopes,
              lifetimeSec: options.accessTokens.lifetimeSec,
              now: new Date(),
            })
          ).token
        : null;
    partners.push({
      clientId: client.clientId,
      vendor: client.vendor.slug,
      clientSecret,
      accessToken,
    });
  }
  return { internal, partners };
}
