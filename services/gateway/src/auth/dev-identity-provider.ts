// A local stand-in for the company's identity provider, so `pnpm start` works with no
// configuration. Its key is kept in a file so tokens minted by `pnpm tokens` keep working
// across restarts. Never used in production (env validation requires a real OIDC issuer).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createDevIssuer, type DevIssuer } from '@bvg/auth';

export async function loadDevIdentityProvider(
  keyFile: string,
  audience: string,
): Promise<DevIssuer> {
  if (existsSync(keyFile)) {
    const privateJwk = JSON.parse(readFileSync(keyFile, 'utf8'));
    return createDevIssuer({ privateJwk, audience });
  }
  const issuer = await createDevIssuer({ audience });
  mkdirSync(dirname(keyFile), { recursive: true });
  writeFileSync(keyFile, JSON.stringify(issuer.privateJwk), { mode: 0o600 });
  return issuer;
}
