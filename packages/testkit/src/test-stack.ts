// An in-process gateway on its own migrated database, with seed builders that give each test
// its own tenants (unique names, no cleanup needed) and tokens for every kind of principal.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type InternalRole, issueAccessToken, VENDOR_SCOPES } from '@bvg/auth';
import { createPrismaClient, type Prisma, type PrismaClient } from '@bvg/db';
import { createTestDatabase, type TestDatabase } from '@bvg/db/testing';
import { createGateway, type Gateway, loadGatewayEnv } from '@bvg/gateway';
import { createRedis, waitForRedis } from '@bvg/queue';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestStack {
  db: TestDatabase;
  /** Owner connection for arranging and asserting (bypasses row-level security). */
  owner: PrismaClient;
  gateway: Gateway;
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  internalToken(roles: InternalRole[], subject?: string): Promise<string>;
  vendorToken(
    vendor: { id: string; clientId: string },
    scopes?: readonly string[],
  ): Promise<string>;
  seed: SeedBuilders;
  close(): Promise<void>;
}

export interface SeedBuilders {
  /** Regions and scopes every test can rely on (idempotent). */
  referenceData(): Promise<void>;
  vendor(
    overrides?: Partial<Prisma.VendorUncheckedCreateInput>,
  ): Promise<{ id: string; slug: string; clientId: string }>;
  case(
    vendorId: string | null,
    overrides?: Partial<Prisma.CaseUncheckedCreateInput>,
    subject?: Partial<Prisma.CaseSubjectUncheckedCreateWithoutCaseInput>,
  ): Promise<{ id: string; version: number }>;
}

export async function createTestStack(env: Record<string, string> = {}): Promise<TestStack> {
  const db = await createTestDatabase('bvg_stack');
  const owner = createPrismaClient({ url: db.url, max: 4 });
  // Rate-limit counters of their own: test files share one Redis and one source address.
  const rateLimitPrefix = `bvg:rl:test:${randomBytes(6).toString('hex')}`;
  const gateway = await createGateway(
    loadGatewayEnv({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      DEV_IDP_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'bvg-idp-')), 'key.json'),
      LOG_LEVEL: 'error',
      RATE_LIMIT_KEY_PREFIX: rateLimitPrefix,
      ...env,
    }),
  );
  const config = loadGatewayEnv({ NODE_ENV: 'test', ...env });
  const fetch = (input: string, init?: RequestInit) =>
    Promise.resolve(gateway.app.fetch(new Request(new URL(input, 'http://gateway.test'), init)));

  const seed: SeedBuilders = {
    async referenceData() {
      const regions = [
        { code: 'IN', name: 'India' },
        { code: 'MY', name: 'Malaysia' },
        { code: 'SG', name: 'Singapore' },
        { code: 'US', name: 'United States', requiresUsClearance: true },
        { code: 'EU', name: 'European Union', requiresGdprAgreement: true },
      ];
      await owner.region.createMany({ data: regions, skipDuplicates: true });
      const scopes = [
        { code: 'GENERAL', name: 'General', sensitivity: 'STANDARD' as const },
        { code: 'ACCOUNT_ACCESS', name: 'Account access', sensitivity: 'STANDARD' as const },
        { code: 'ACCOUNT_SECURITY', name: 'Account security', sensitivity: 'SENSITIVE' as const },
        { code: 'MINOR_SAFETY', name: 'Minor safety', sensitivity: 'RESTRICTED' as const },
      ];
      await owner.scope.createMany({ data: scopes, skipDuplicates: true });
    },
    async vendor(overrides = {}) {
      const slug = overrides.slug ?? `vendor-${randomBytes(4).toString('hex')}`;
      const vendor = await owner.vendor.create({
        data: { name: slug, kind: 'BPO', ...overrides, slug },
      });
      const clientId = `${slug}-client`;
      await owner.apiClient.create({
        data: {
          clientId,
          vendorId: vendor.id,
          name: `${slug} integration`,
          authMethod: 'CLIENT_SECRET_BASIC',
          allowedScopes: [...VENDOR_SCOPES],
        },
      });
      return { id: vendor.id, slug, clientId };
    },
    async case(vendorId, overrides = {}, subject = {}) {
      await seed.referenceData();
      const ref = randomUUID();
      const created = await owner.case.create({
        data: {
          source: 'test',
          externalRef: ref,
          regionCode: 'IN',
          scopeCode: 'GENERAL',
          channel: 'IN_APP',
          language: 'en',
          priority: 'P3',
          subjectRef: `user-${ref.slice(0, 8)}`,
          status: vendorId ? 'OFFERED' : 'UNROUTED',
          vendorId,
          ...overrides,
          subject: {
            create: {
              vendorId,
              displayName: 'Test Person',
              email: `${ref.slice(0, 8)}@example.test`,
              description: 'Cannot log in after changing phone',
              ...subject,
            },
          },
        },
      });
      return { id: created.id, version: created.version };
    },
  };

  return {
    db,
    owner,
    gateway,
    fetch,
    async graphql(query, variables, token) {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...(await response.json()) };
    },
    internalToken: (roles, subject = `test.${roles.join('+')}`) =>
      gateway.devIdp!.mint({ subject, roles }),
    async vendorToken(vendor, scopes = VENDOR_SCOPES) {
      const issued = await issueAccessToken(gateway.keyRing, {
        issuer: config.PUBLIC_URL,
        audience: config.ACCESS_TOKEN_AUDIENCE,
        vendorId: vendor.id,
        clientId: vendor.clientId,
        scopes: [...scopes],
        lifetimeSec: 600,
        now: new Date(),
      });
      return issued.token;
    },
    seed,
    async close() {
      await gateway.close();
      await owner.$disconnect();
      await db.drop();
      await removeRateLimitKeys(config.REDIS_URL, config.rateLimits.keyPrefix, rateLimitPrefix);
    },
  };
}

/** Drops the stack's rate-limit keys (a test may have set its own prefix: those too). */
async function removeRateLimitKeys(redisUrl: string, ...prefixes: string[]): Promise<void> {
  const redis = createRedis(redisUrl, 'cache');
  try {
    await waitForRedis(redis, 2000);
    for (const prefix of new Set(prefixes)) {
      if (prefix === 'bvg:rl') continue; // the deployment default is never a test's to clear
      for (let cursor = '0'; ; ) {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        if (keys.length > 0) await redis.unlink(...keys);
        cursor = next;
        if (cursor === '0') break;
      }
    }
  } catch {
    // Redis gone (a test stopped it): its keys went with it.
  } finally {
    redis.disconnect();
  }
}
