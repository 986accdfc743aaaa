import type { SigningKeyStore, StoredKey } from '@bvg/auth';
import { type PrismaClient, systemScope, withScope } from '@bvg/db';
import type { JWK } from 'jose';

/** Keeps the gateway's signing keys in PostgreSQL so every gateway process shares them. */
export class PrismaSigningKeyStore implements SigningKeyStore {
  constructor(private readonly prisma: PrismaClient) {}

  async list(): Promise<StoredKey[]> {
    const rows = await withScope(this.prisma, systemScope('load signing keys'), (tx) =>
      tx.signingKey.findMany({ orderBy: { createdAt: 'asc' } }),
    );
    return rows.map((row) => ({
      kid: row.kid,
      alg: 'ES256',
      publicJwk: row.publicJwk as JWK,
      privateJwk: row.privateJwk as JWK,
      createdAt: row.createdAt,
      activatesAt: row.activatesAt,
      retiresAt: row.retiresAt,
      expiresAt: row.expiresAt,
    }));
  }

  async save(key: StoredKey): Promise<void> {
    const data = {
      alg: key.alg,
      publicJwk: key.publicJwk as object,
      privateJwk: key.privateJwk as object,
      activatesAt: key.activatesAt,
      retiresAt: key.retiresAt ?? null,
      expiresAt: key.expiresAt ?? null,
    };
    await withScope(this.prisma, systemScope('store a signing key'), (tx) =>
      tx.signingKey.upsert({
        where: { kid: key.kid },
        create: { kid: key.kid, createdAt: key.createdAt, ...data },
        update: data,
      }),
    );
  }
}
