// Incremental sync as a polling partner uses it: `cases(filter: { updatedSince })`, then the
// last endCursor forever after. Writes go through the domain's work API in real concurrent
// transactions, including the classic gap: a transaction that changes a case first but
// commits after a later change was already polled.
import { createPrismaClient, type PrismaClient } from '@bvg/db';
import { type Actor, transitionCase } from '@bvg/domain';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './dispatch-harness.ts';

let stack: TestStack;
/** The application's own connection (row-level security applies), as the gateway has. */
let app: PrismaClient;

const SYNC = `query($since: DateTime, $after: String) {
  cases(first: 5, after: $after, filter: { updatedSince: $since }) {
    edges { node { id version updatedAt } }
    pageInfo { endCursor hasNextPage }
  } }`;

type Node = { id: string; version: number };
/**
 * How long a change may wait to be listed here: the watermark is the cluster's oldest running
 * transaction, and on a shared test server another database's work may hold it back.
 */
const SETTLE_MS = 45_000;
// A partner polls at an interval, not flat out: 4 polls a second stay far inside the query-cost
// quota for the whole wait, however long older transactions of the cluster hold the listing back.
const POLL_MS = 250;
type SyncPage = {
  cases: { edges: { node: Node }[]; pageInfo: { endCursor: string; hasNextPage: boolean } };
};

beforeAll(async () => {
  stack = await createTestStack();
  app = createPrismaClient({ url: stack.db.appUrl, max: 6 });
});
afterAll(async () => {
  await app?.$disconnect();
  await stack?.close();
});

/** A partner's poller: remembers its cursor and everything it was handed, in order. */
function poller(token: string) {
  let cursor: string | null = null;
  const received: Node[] = [];
  return {
    received,
    /** One poll: every page up to the end; returns what this poll brought. */
    async poll(): Promise<Node[]> {
      const brought: Node[] = [];
      for (;;) {
        const variables: { since: string; after?: string } = { since: '2000-01-01T00:00:00Z' };
        if (cursor) variables.after = cursor;
        const result = await stack.graphql<SyncPage>(SYNC, variables, token);
        expect(result.errors).toBeUndefined();
        const page = result.data!.cases;
        brought.push(...page.edges.map((e) => e.node));
        cursor = page.pageInfo.endCursor || cursor;
        if (!page.pageInfo.hasNextPage) break;
      }
      received.push(...brought);
      return brought;
    },
  };
}

async function offeredCases(vendorId: string, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { id } = await stack.seed.case(vendorId, { status: 'OFFERED' });
    await stack.owner.assignment.create({
      data: { caseId: id, vendorId, attempt: 1, residencyCheck: {}, explanation: {} },
    });
    ids.push(id);
  }
  return ids;
}

describe('incremental sync (cases updatedSince)', { timeout: 120_000 }, () => {
  it('does not step over a change that commits after a later one was polled', async () => {
    const vendor = await stack.seed.vendor();
    const actor: Extract<Actor, { kind: 'VENDOR' }> = {
      kind: 'VENDOR',
      id: vendor.clientId,
      vendorId: vendor.id,
    };
    const [early, late, untouched] = await offeredCases(vendor.id, 3);
    const partner = poller(await stack.vendorToken(vendor));
    // The first sync hands over all three, each once, whatever the page size.
    await eventually(
      async () => {
        await partner.poll();
        return partner.received.length === 3;
      },
      { what: 'the initial sync', timeoutMs: SETTLE_MS, intervalMs: POLL_MS },
    );
    expect(new Set(partner.received.map((n) => n.id))).toEqual(new Set([early, late, untouched]));

    // Accepting `early` changes the case row, then waits on its assignment row, held here:
    // its transaction has begun (and dated its change) but cannot commit yet.
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const lockTaken = new Promise<void>((resolveLock) => {
      void stack.owner.$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT id FROM "Assignment" WHERE "caseId" = ${early}::uuid FOR UPDATE`;
          resolveLock();
          await held;
        },
        { timeout: 30_000 },
      );
    });
    await lockTaken;
    let slow: Promise<unknown> | undefined;
    try {
      slow = transitionCase(app, actor, 'ACCEPT', { caseId: early!, version: 1 });
      await eventually(
        async () => {
          const [row] = await stack.owner.$queryRaw<{ waiting: bigint }[]>`
            SELECT count(*) AS waiting FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'`;
          return row!.waiting > 0n;
        },
        { what: 'the slow transaction to wait on the lock' },
      );
      // A later change to another case commits while the first is still open.
      await transitionCase(app, actor, 'ACCEPT', { caseId: late!, version: 1 });
      const meanwhile = await partner.poll();
      // Handing `late` over now would move the cursor past the slow change; it waits instead.
      expect(meanwhile).toEqual([]);
    } finally {
      release();
    }
    await slow;
    // Listed once every transaction of the cluster older than them has ended (other work on a
    // shared server can hold that back a while), possibly over several polls.
    const after: Node[] = [];
    await eventually(
      async () => {
        after.push(...(await partner.poll()));
        return after.length >= 2;
      },
      { what: 'the two changes to be listed', timeoutMs: SETTLE_MS, intervalMs: POLL_MS },
    );
    expect(after.map((n) => [n.id, n.version])).toEqual([
      [early, 2],
      [late, 2],
    ]);
    // Nothing more, and nothing twice.
    expect(await partner.poll()).toEqual([]);
  });

  it('hands every change to a poller running beside concurrent writers: no gaps, no repeats', async () => {
    const vendor = await stack.seed.vendor();
    const actor: Extract<Actor, { kind: 'VENDOR' }> = {
      kind: 'VENDOR',
      id: vendor.clientId,
      vendorId: vendor.id,
    };
    const ids = await offeredCases(vendor.id, 8);
    const partner = poller(await stack.vendorToken(vendor));
    const writers = 4;
    const notesPerCase = 4;
    let writing = true;
    const polling = (async () => {
      while (writing) await partner.poll();
    })();
    // Four writers, each on its own cases, commit notes in parallel transactions.
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const mine = ids.filter((_, i) => i % writers === w);
        for (let n = 0; n < notesPerCase; n++) {
          for (const caseId of mine) {
            await transitionCase(app, actor, 'ADD_NOTE', {
              caseId,
              version: n + 1,
              body: `note ${n}`,
            });
          }
        }
      }),
    );
    writing = false;
    await polling;
    const finalVersion = notesPerCase + 1;
    await eventually(
      async () => {
        await partner.poll();
        const latest = new Map(partner.received.map((n) => [n.id, n.version]));
        return ids.every((id) => latest.get(id) === finalVersion);
      },
      { what: 'every case at its final version', timeoutMs: SETTLE_MS, intervalMs: POLL_MS },
    );
    // No repeats: each (case, version) arrived at most once.
    const seen = partner.received.map((n) => `${n.id}@${n.version}`);
    expect(new Set(seen).size).toBe(seen.length);
    // And a version never arrives after a later one of the same case (the order is the commits').
    for (const id of ids) {
      const versions = partner.received.filter((n) => n.id === id).map((n) => n.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
    }
  });

  it('refuses a cursor it did not make, and keeps newest-first listing apart', async () => {
    const vendor = await stack.seed.vendor();
    const [only] = await offeredCases(vendor.id, 1);
    const token = await stack.vendorToken(vendor);
    const bad = await stack.graphql(SYNC, { since: '2000-01-01T00:00:00Z', after: only }, token);
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(bad.errors?.[0]?.extensions?.problems).toEqual([
      expect.objectContaining({ path: 'after' }),
    ]);
    // Another vendor's sync sees none of this vendor's cases.
    const other = await stack.seed.vendor();
    const theirs = await stack.graphql<SyncPage>(
      SYNC,
      { since: '2000-01-01T00:00:00Z' },
      await stack.vendorToken(other),
    );
    expect(theirs.data?.cases.edges).toEqual([]);
  });
});
