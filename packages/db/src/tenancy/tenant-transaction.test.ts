import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, poolOf } from '../client.ts';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { checkDatabasePosture } from './check-posture.ts';
import { InvalidScopeError, systemScope, tenantScope, withScope, withScopedSql } from './index.ts';

let db: TestDatabase;
let owner: PrismaClient;
let app: PrismaClient;
const vendorA = randomUUID();
const vendorB = randomUUID();

async function createCase(vendorId: string, ref: string) {
  return owner.case.create({
    data: {
      source: 'test',
      externalRef: ref,
      regionCode: 'IN',
      scopeCode: 'GENERAL',
      channel: 'IN_APP',
      language: 'en',
      priority: 'P3',
      subjectRef: `subj-${ref}`,
      vendorId,
      status: 'OFFERED',
      subject: { create: { displayName: `Person ${ref}`, email: `${ref}@example.test` } },
    },
  });
}

beforeAll(async () => {
  db = await createTestDatabase('bvg_rls');
  owner = createPrismaClient({ url: db.url });
  // A pool of 2 connections: interleaved tenants must share connections without mixing.
  app = createPrismaClient({ url: db.appUrl, max: 2 });
  await owner.region.create({ data: { code: 'IN', name: 'India' } });
  await owner.scope.create({ data: { code: 'GENERAL', name: 'General' } });
  for (const [id, slug] of [
    [vendorA, 'vendor-a'],
    [vendorB, 'vendor-b'],
  ] as const) {
    await owner.vendor.create({ data: { id, slug, name: slug, kind: 'BPO' } });
  }
  for (let i = 0; i < 5; i++) {
    await createCase(vendorA, `a-${i}`);
    await createCase(vendorB, `b-${i}`);
  }
});
afterAll(async () => {
  await app?.$disconnect();
  await owner?.$disconnect();
  await db?.drop();
});

describe('row-level security through the scoped transaction', () => {
  it('the application role passes the start-up posture check; the owner does not', async () => {
    expect(await checkDatabasePosture(app)).toEqual({ role: 'bvg_app', problems: [] });
    const ownerPosture = await checkDatabasePosture(owner);
    expect(ownerPosture.problems).toContain(
      'role postgres is a superuser (row-level security does not apply)',
    );
  });

  it('sees no tenant rows at all when no scope is set', async () => {
    expect(await app.case.count()).toBe(0);
    expect(await app.caseSubject.count()).toBe(0);
    expect(await owner.case.count()).toBe(10);
  });

  it('shows a vendor only its own cases and their subjects, and the system all of them', async () => {
    const mine = await withScope(app, tenantScope(vendorA), (tx) =>
      tx.case.findMany({ include: { subject: true } }),
    );
    expect(mine).toHaveLength(5);
    expect(mine.every((c) => c.vendorId === vendorA && c.subject?.email?.startsWith('a-'))).toBe(
      true,
    );
    expect(await withScope(app, tenantScope(vendorA), (tx) => tx.caseSubject.count())).toBe(5);
    expect(await withScope(app, systemScope('test'), (tx) => tx.case.count())).toBe(10);
  });

  it('rolls back everything when the work throws', async () => {
    const before = await withScope(app, tenantScope(vendorA), (tx) =>
      tx.case.findFirstOrThrow({ where: { externalRef: 'a-0' } }),
    );
    await expect(
      withScope(app, tenantScope(vendorA), async (tx) => {
        await tx.case.update({
          where: { id: before.id },
          data: { status: 'ACCEPTED', version: { increment: 1 } },
        });
        await tx.caseNote.create({
          data: {
            caseId: before.id,
            vendorId: vendorA,
            authorKind: 'VENDOR',
            authorId: 'x',
            body: 'note',
          },
        });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const after = await owner.case.findUniqueOrThrow({ where: { id: before.id } });
    expect(after.status).toBe('OFFERED');
    expect(after.version).toBe(before.version);
    expect(await owner.caseNote.count({ where: { caseId: before.id } })).toBe(0);
  });

  it("refuses to write another tenant's rows (SQLSTATE 42501) and cannot update them", async () => {
    const theirs = await owner.case.findFirstOrThrow({ where: { vendorId: vendorB } });
    await expect(
      withScope(app, tenantScope(vendorA), (tx) =>
        tx.case.create({
          data: {
            source: 'test',
            externalRef: 'sneaky',
            regionCode: 'IN',
            scopeCode: 'GENERAL',
            channel: 'EMAIL',
            language: 'en',
            priority: 'P3',
            subjectRef: 's',
            vendorId: vendorB,
          },
        }),
      ),
    ).rejects.toThrow(/row-level security|42501/);
    const updated = await withScope(app, tenantScope(vendorA), (tx) =>
      tx.case.updateMany({ where: { id: theirs.id }, data: { status: 'CLOSED' } }),
    );
    expect(updated.count).toBe(0);
    expect((await owner.case.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe(
      'OFFERED',
    );
  });

  it('keeps case events append-only for the application', async () => {
    const c = await owner.case.findFirstOrThrow({ where: { vendorId: vendorA } });
    const event = await withScope(app, tenantScope(vendorA), (tx) =>
      tx.caseEvent.create({
        data: {
          caseId: c.id,
          vendorId: vendorA,
          type: 'NOTE_ADDED',
          version: 1,
          actorKind: 'VENDOR',
          actorId: 'x',
        },
      }),
    );
    await expect(
      withScope(app, tenantScope(vendorA), (tx) =>
        tx.caseEvent.update({ where: { id: event.id }, data: { actorId: 'y' } }),
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it('never mixes tenants across 1,000 interleaved transactions on 2 connections', async () => {
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => {
        const vendorId = i % 2 === 0 ? vendorA : vendorB;
        return withScope(
          app,
          tenantScope(vendorId),
          async (tx) => {
            const rows = await tx.case.findMany({ select: { vendorId: true } });
            return { vendorId, rows };
          },
          { maxWait: 60_000 },
        );
      }),
    );
    for (const { vendorId, rows } of results) {
      expect(rows).toHaveLength(5);
      expect(rows.every((r) => r.vendorId === vendorId)).toBe(true);
    }
  });
});

describe('deadlocks', () => {
  it('runs a unit again when PostgreSQL aborts it to break a deadlock, so both units finish', async () => {
    const [x, y] = await owner.case.findMany({
      where: { vendorId: vendorA },
      take: 2,
      orderBy: { id: 'asc' },
    });
    let release!: () => void;
    const bothHoldFirstLock = new Promise<void>((r) => {
      release = r;
    });
    let holding = 0;
    const holdThenTake = (first: string, second: string, note: string) =>
      withScope(
        app,
        systemScope('deadlock test'),
        async (tx) => {
          await tx.case.update({ where: { id: first }, data: { resolutionCode: note } });
          // The first attempt of each waits until the other holds its first row: a cycle.
          if (++holding === 2) release();
          await bothHoldFirstLock;
          await tx.case.update({ where: { id: second }, data: { resolutionCode: note } });
          return note;
        },
        { retries: 2 },
      );
    const results = await Promise.all([
      holdThenTake(x!.id, y!.id, 'one'),
      holdThenTake(y!.id, x!.id, 'two'),
    ]);
    expect(results.sort()).toEqual(['one', 'two']);
  });
});

describe('row-level security through the plain scoped transaction (withScopedSql)', () => {
  const caseCount = Prisma.sql`SELECT count(*)::int AS n, count(DISTINCT "vendorId")::int AS vendors FROM "Case"`;

  it('shows a vendor only its own cases, the system all, and leaves no scope on the connection', async () => {
    expect(await withScopedSql(app, tenantScope(vendorA), (tx) => tx.query(caseCount))).toEqual([
      { n: 5, vendors: 1 },
    ]);
    expect(await withScopedSql(app, systemScope('test'), (tx) => tx.query(caseCount))).toEqual([
      { n: 10, vendors: 2 },
    ]);
    // Both pooled connections again, outside any scoped transaction: nothing is visible.
    const pool = poolOf(app);
    const counts = await Promise.all(
      [pool.connect(), pool.connect()].map(async (c) => {
        const client = await c;
        try {
          return (await client.query(caseCount.text)).rows[0].n;
        } finally {
          client.release();
        }
      }),
    );
    expect(counts).toEqual([0, 0]);
  });

  it("cannot change another tenant's rows, and rolls everything back when the work throws", async () => {
    const theirs = await owner.case.findFirstOrThrow({ where: { vendorId: vendorB } });
    const mine = await owner.case.findFirstOrThrow({ where: { vendorId: vendorA } });
    const changed = await withScopedSql(app, tenantScope(vendorA), (tx) =>
      tx.execute(Prisma.sql`UPDATE "Case" SET status = 'ACCEPTED' WHERE id = ${theirs.id}::uuid`),
    );
    expect(changed).toBe(0);
    await expect(
      withScopedSql(app, tenantScope(vendorA), async (tx) => {
        expect(
          await tx.execute(
            Prisma.sql`UPDATE "Case" SET status = 'ACCEPTED' WHERE id = ${mine.id}::uuid`,
          ),
        ).toBe(1);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const after = await owner.case.findMany({ where: { id: { in: [theirs.id, mine.id] } } });
    expect(after.map((c) => c.status)).toEqual(['OFFERED', 'OFFERED']);
  });

  it('applies settings to its own transaction only', async () => {
    const setting = Prisma.sql`SELECT current_setting('enable_bitmapscan') AS v`;
    const inside = await withScopedSql(
      app,
      systemScope('test'),
      (tx) => tx.query<{ v: string }>(setting),
      {
        settings: { enable_bitmapscan: 'off' },
      },
    );
    expect(inside).toEqual([{ v: 'off' }]);
    const after = await withScopedSql(app, systemScope('test'), (tx) =>
      tx.query<{ v: string }>(setting),
    );
    expect(after).toEqual([{ v: 'on' }]);
  });

  it('bounds every statement by default, and a statement past its bound fails alone', async () => {
    const limit = Prisma.sql`SELECT current_setting('statement_timeout') AS v`;
    expect(await withScopedSql(app, systemScope('test'), (tx) => tx.query(limit))).toEqual([
      { v: '15s' },
    ]);
    await expect(
      withScopedSql(app, systemScope('test'), (tx) => tx.query(Prisma.sql`SELECT pg_sleep(2)`), {
        settings: { statement_timeout: '50ms' },
      }),
    ).rejects.toThrow(/statement timeout/);
    // The pool's connections are fine afterwards.
    expect(await withScopedSql(app, tenantScope(vendorA), (tx) => tx.query(caseCount))).toEqual([
      { n: 5, vendors: 1 },
    ]);
  });

  it('refuses a vendor id that is not a UUID before touching the database', async () => {
    let ran = false;
    await expect(
      withScopedSql(app, tenantScope("x' OR true --"), async () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(InvalidScopeError);
    expect(ran).toBe(false);
  });

  it('sends instants as the same instant and reads bigint columns as text', async () => {
    const at = new Date('2026-03-29T01:30:00.123Z');
    const [row] = await withScopedSql(app, systemScope('test'), (tx) =>
      tx.query<{ at: Date; big: string }>(
        Prisma.sql`SELECT ${at}::timestamptz AS at, ${2n ** 60n}::bigint AS big`,
      ),
    );
    expect(row?.at.toISOString()).toBe(at.toISOString());
    expect(row?.big).toBe(String(2n ** 60n));
  });
});
