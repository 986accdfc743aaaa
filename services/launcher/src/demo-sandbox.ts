// The demo's partner sandbox: sandbox credentials for the first seeded partner, issued through
// the product's own operation as ops would issue them, once. Its webhook endpoint points at the
// stand-in receiver; `pnpm tokens` (and the banner) mint its client a fresh secret.
import type { PrismaClient } from '@bvg/db';
import { issueSandboxCredentials } from '@bvg/domain';

export const DEMO_SANDBOX_PARTNER = 'lotus-cx';
export const DEMO_SANDBOX_CLIENT = 'lotus-cx-sandbox';

/** Issues the demo sandbox unless it exists; answers its client id, or null without the partner. */
export async function ensureDemoSandbox(
  prisma: PrismaClient,
  receiverBase: string,
): Promise<string | null> {
  // Vendor and ApiClient are shared configuration, readable without a tenant scope.
  const partner = await prisma.vendor.findUnique({ where: { slug: DEMO_SANDBOX_PARTNER } });
  if (!partner) return null;
  const existing = await prisma.apiClient.findUnique({ where: { clientId: DEMO_SANDBOX_CLIENT } });
  if (existing) return existing.clientId;
  await issueSandboxCredentials(
    prisma,
    { kind: 'INTERNAL', id: 'launcher', roles: ['ops'] },
    {
      partnerVendorId: partner.id,
      clientId: DEMO_SANDBOX_CLIENT,
      authMethod: 'CLIENT_SECRET_BASIC',
      webhookEndpoints: [{ url: `${receiverBase}/${DEMO_SANDBOX_CLIENT}` }],
      reason: 'demo data: a partner sandbox to try',
    },
    // The stand-in receiver is on loopback, allowed in development only.
    { requireHttps: false, allowlist: ['127.0.0.1'] },
  );
  return DEMO_SANDBOX_CLIENT;
}
