// The deny list's fallback: with Redis unreachable, a revocation recorded in PostgreSQL still
// refuses its token, and a live token is still accepted.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { createPrismaClient, type PrismaClient } from '@bvg/db';
import { createTestDatabase, type TestDatabase } from '@bvg/db/testing';
import { revokeAccessToken } from '@bvg/domain';
import { createRedis } from '@bvg/queue';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRevokedTokenList } from './revoked-tokens.ts';

let db: TestDatabase;
let prisma: PrismaClient;
let owner: PrismaClient;
let deadRedis: Redis;

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return port;
}

beforeAll(async () => {
  db = await createTestDatabase('bvg_gw_revoked');
  prisma = createPrismaClient({ url: db.appUrl, max: 2 });
  owner = createPrismaClient({ url: db.url, max: 1 });
  // As the gateway's producer connection: commands fail at once while Redis is away.
  deadRedis = createRedis(`redis://127.0.0.1:${await closedPort()}`, 'producer');
  deadRedis.on('error', () => {});
});
afterAll(async () => {
  deadRedis?.disconnect();
  await prisma?.$disconnect();
  await owner?.$disconnect();
  await db?.drop();
});

describe('revoked-token list', () => {
  it('answers from PostgreSQL while Redis is unreachable', async () => {
    const vendor = await owner.vendor.create({
      data: { slug: `v-${randomUUID().slice(0, 8)}`, name: 'v', kind: 'BPO' },
    });
    const revokedJti = randomUUID();
    const liveJti = randomUUID();
    const expiresAt = new Date(Date.now() + 600_000);
    await revokeAccessToken(
      prisma,
      { kind: 'VENDOR', id: 'partner-client', vendorId: vendor.id },
      { tokenId: revokedJti, clientId: 'partner-client', vendorId: vendor.id, expiresAt },
    );
    const list = createRevokedTokenList({
      prisma,
      redis: deadRedis,
      logger: pino({ level: 'silent' }),
      namespace: 'fallback-test',
    });
    expect(await list.isRevoked(revokedJti, expiresAt.getTime())).toBe(true);
    expect(await list.isRevoked(liveJti, expiresAt.getTime())).toBe(false);
    // Publishing needs Redis: the caller is told, so the client can retry.
    await expect(list.publish(liveJti, expiresAt)).rejects.toThrow();
  });
});
