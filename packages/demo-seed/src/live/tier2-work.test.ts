import { createPrismaClient, type PrismaClient } from '@bvg/db';
import { createTestDatabase, type TestDatabase } from '@bvg/db/testing';
import {
  listCaseMessages,
  listCaseNotes,
  listPlatformChannelEndpoints,
  listTeamQueue,
  readSlaTimeline,
} from '@bvg/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../seed-demo-data.ts';
import { DEMO_LIVE_SOURCE, DEMO_SPECIALIST, ensureDemoTier2Work } from './tier2-work.ts';

let db: TestDatabase;
let prisma: PrismaClient;
const now = new Date('2026-12-04T10:00:00Z');
const ops = { kind: 'INTERNAL', id: 'ops.test', roles: ['ops'] } as const;

beforeAll(async () => {
  db = await createTestDatabase('bvg_seed_live');
  prisma = createPrismaClient({ url: db.url, max: 2 });
  await seedDemoData(prisma, { seed: 3, casesPerDay: 4 });
}, 240_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe("the demo's live Tier 2 work", () => {
  it('puts cases with conversations in the team queue and one in the specialist’s hands, once', async () => {
    const first = await ensureDemoTier2Work(prisma, {
      receiverBase: 'http://127.0.0.1:4100',
      now,
    });
    expect(first).toEqual({
      casesWritten: 3,
      platformEndpoint: 'http://127.0.0.1:4100/platform-channel',
    });

    // Two wait unclaimed in the team queue; the specialist holds the third, waiting on the user.
    const demo = await prisma.case.findMany({
      where: { source: DEMO_LIVE_SOURCE },
      select: { id: true, externalRef: true },
      orderBy: { externalRef: 'asc' },
    });
    expect(demo.map((c) => c.externalRef)).toEqual(['live-t2-001', 'live-t2-002', 'live-t2-003']);
    const waiting = await listTeamQueue(prisma, DEMO_SPECIALIST, { claim: 'UNCLAIMED' });
    const waitingIds = waiting.entries.filter((e) => e.status === 'OFFERED').map((e) => e.caseId);
    expect(waitingIds).toEqual(expect.arrayContaining([demo[0]!.id, demo[2]!.id]));
    const mine = await listTeamQueue(prisma, DEMO_SPECIALIST, { claim: 'MINE' });
    expect(mine.entries).toHaveLength(1);
    const held = mine.entries[0]!;
    expect(held).toMatchObject({
      caseId: demo[1]!.id,
      status: 'PENDING_USER',
      claimedBy: 'dev.specialist',
    });

    // Its thread: the user's message, then the specialist's reply; an internal note.
    const thread = await listCaseMessages(prisma, DEMO_SPECIALIST, {
      caseId: held.caseId,
      first: 10,
      after: null,
    });
    expect(thread.map((m) => [m.direction, m.authorKind])).toEqual([
      ['INBOUND', 'INTAKE'],
      ['OUTBOUND', 'INTERNAL'],
    ]);
    const notes = await listCaseNotes(prisma, DEMO_SPECIALIST, {
      caseId: held.caseId,
      first: 10,
      after: null,
    });
    expect(notes.map((n) => n.visibility)).toEqual(['INTERNAL']);

    // Both clocks: first response met by the reply, then paused while waiting on the user.
    const timeline = await readSlaTimeline(prisma, DEMO_SPECIALIST, held.caseId, { now });
    for (const kind of ['USER', 'VENDOR'] as const) {
      const clock = timeline.clocks.find((c) => c.clock === kind);
      expect(clock?.entries.map((e) => e.kind)).toEqual(['START', 'FIRST_RESPONSE', 'PAUSE']);
      expect(clock?.firstResponseBreached).toBe(false);
    }

    // The reply goes to the platform channel, registered at the stand-in receiver.
    const endpoints = await listPlatformChannelEndpoints(prisma, ops);
    expect(endpoints.map((e) => e.url)).toEqual(['http://127.0.0.1:4100/platform-channel']);

    // A second start finds it all there and writes nothing.
    const again = await ensureDemoTier2Work(prisma, { receiverBase: 'http://127.0.0.1:4100', now });
    expect(again).toEqual({ casesWritten: 0, platformEndpoint: null });
    const mineAgain = await listTeamQueue(prisma, DEMO_SPECIALIST, { claim: 'MINE' });
    expect(mineAgain.entries).toHaveLength(1);
  });
});
