// The worker process as deployed (startWorker: dispatch, relay → re-routing, maintenance
// schedules) against the demo catalogue: lapsed offers and rejections end with the case offered
// to another vendor, the losing vendor told; the SLA sweep warns before a breach.
import { randomBytes } from 'node:crypto';
import { seedDemoData } from '@bvg/demo-seed';
import { createRedis, offersChannel } from '@bvg/queue';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { loadWorkerEnv, type RunningWorker, startWorker } from '@bvg/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeKeysUnder } from '../support/redis-keys.ts';
import { eventually, type Receiver, startVerifyingReceiver } from './dispatch-harness.ts';

let stack: TestStack;
let worker: RunningWorker;
const prefix = `bvgtest-${randomBytes(4).toString('hex')}`;
let sink: Receiver;
let intake: string;
let ops: string;
const receivers: Receiver[] = [];

beforeAll(async () => {
  stack = await createTestStack();
  await seedDemoData(stack.owner, { casesPerDay: 1 });
  // The seeded endpoints point at a demo receiver that is not running here: send them to a sink.
  sink = await startVerifyingReceiver();
  await stack.owner.webhookEndpoint.updateMany({ data: { url: sink.url } });
  intake = await stack.internalToken(['intake'], 'in-app-feedback');
  ops = await stack.internalToken(['ops']);
  worker = await startWorker(
    loadWorkerEnv({
      NODE_ENV: 'test',
      DATABASE_URL: stack.db.url,
      APP_DATABASE_URL: stack.db.appUrl,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'fatal',
      WEBHOOK_RETRY_SCALE: '0.001',
      RELAY_POLL_MS: '20',
      // Compressed schedules: the schedulers themselves run the sweeps in this test.
      OFFER_EXPIRY_EVERY_MS: '200',
      SLA_SWEEP_EVERY_MS: '200',
      ROLLUP_EVERY_MS: '200',
      SLA_WARNING_LEAD_MS: String(30 * 60_000),
    }),
  );
}, 60_000);
afterAll(async () => {
  await worker?.close();
  await removeKeysUnder(prefix);
  await Promise.all([sink, ...receivers].map((r) => r?.close()));
  await stack?.close();
});

let n = 0;
async function submit(region: string, scope: string) {
  const res = await stack.graphql<{ submitCase: { caseId: string; vendorId: string | null } }>(
    'mutation($input: SubmitCaseInput!) { submitCase(input: $input) { caseId vendorId } }',
    {
      input: {
        source: 'in-app-feedback',
        externalRef: `sched-${Date.now()}-${n++}`,
        region,
        scope,
        channel: 'IN_APP',
        language: 'en',
        priority: 'P2',
        subjectRef: 'user-5c1d',
      },
    },
    intake,
  );
  expect(res.errors).toBeUndefined();
  const { caseId, vendorId } = res.data!.submitCase;
  expect(vendorId).not.toBeNull();
  return { caseId, vendorId: vendorId! };
}

/** Ops registers a plain-http loopback receiver for the vendor, as development allows. */
async function registerReceiver(vendorId: string): Promise<Receiver> {
  const receiver = await startVerifyingReceiver();
  receivers.push(receiver);
  const res = await stack.graphql<{ createWebhookEndpoint: { secret: string } }>(
    'mutation($v: ID!, $url: String!) { createWebhookEndpoint(vendorId: $v, url: $url, eventTypes: ["case.recalled"]) { secret } }',
    { v: vendorId, url: receiver.url },
    ops,
  );
  expect(res.errors).toBeUndefined();
  receiver.secrets.push(res.data!.createWebhookEndpoint.secret);
  return receiver;
}

const offeredElsewhere = (caseId: string, from: string) =>
  eventually(
    async () => {
      const c = await stack.owner.case.findUniqueOrThrow({
        where: { id: caseId },
        include: { assignments: { orderBy: { attempt: 'asc' } } },
      });
      const open = c.assignments.at(-1);
      return open?.status === 'OFFERED' && open.vendorId !== from && c.vendorId === open.vendorId
        ? c
        : undefined;
    },
    { timeoutMs: 20_000, what: 'the case to be offered to another vendor' },
  );

describe('worker schedules and re-routing', { timeout: 40_000 }, () => {
  it('recalls a lapsed offer on schedule, tells the vendor, and offers the case to another', async () => {
    const { caseId, vendorId } = await submit('MY', 'GENERAL');
    const receiver = await registerReceiver(vendorId);
    await stack.owner.assignment.updateMany({
      where: { caseId, status: 'OFFERED' },
      data: { leaseExpiresAt: new Date(Date.now() - 1000) },
    });

    const after = await offeredElsewhere(caseId, vendorId);
    expect(after.assignments.map((a) => [a.vendorId, a.status])).toEqual([
      [vendorId, 'EXPIRED'],
      [after.vendorId, 'OFFERED'],
    ]);
    const recalled = await stack.owner.outboxMessage.findFirst({
      where: { caseId, topic: 'webhook.case.recalled', vendorId },
    });
    expect(recalled?.payload).toMatchObject({ data: { caseId, reason: 'OFFER_EXPIRED' } });
    // The losing vendor's own receiver hears about it, signed.
    const heard = await eventually(() => receiver.received.at(0), { what: 'case.recalled' });
    expect(heard.verified).toBe(true);
    expect(heard.payload).toMatchObject({ type: 'case.recalled', data: { caseId } });
  });

  it('a rejection through the partner API ends with the case offered to a different vendor', async () => {
    const { caseId, vendorId } = await submit('IN', 'GENERAL');
    const client = await stack.owner.apiClient.findFirstOrThrow({ where: { vendorId } });
    const token = await stack.vendorToken({ id: vendorId, clientId: client.clientId });
    const read = await stack.graphql<{ case: { version: number } }>(
      'query($id: ID!) { case(id: $id) { version } }',
      { id: caseId },
      token,
    );
    const res = await stack.graphql(
      'mutation($input: RejectCaseInput!) { rejectCase(input: $input) { id status } }',
      { input: { caseId, version: read.data!.case.version, reason: 'no capacity this shift' } },
      token,
    );
    expect(res.errors).toBeUndefined();

    const after = await offeredElsewhere(caseId, vendorId);
    expect(after.assignments[0]).toMatchObject({ vendorId, status: 'REJECTED' });
    // The rejecting vendor knows already: no recall is sent to it.
    expect(
      await stack.owner.outboxMessage.count({ where: { caseId, topic: 'webhook.case.recalled' } }),
    ).toBe(0);
    await eventually(
      async () =>
        (await stack.owner.outboxMessage.count({
          where: { caseId, topic: 'case.reroute', status: 'PENDING' },
        })) === 0,
      { what: 'the reroute message to leave the outbox' },
    );
  });

  it('warns the vendor before a first-response breach, once', async () => {
    const { caseId, vendorId } = await submit('IN', 'GENERAL');
    const dueAt = new Date(Date.now() + 10 * 60_000);
    await stack.owner.case.update({ where: { id: caseId }, data: { firstResponseDueAt: dueAt } });
    const warning = await eventually(
      async () =>
        (await stack.owner.outboxMessage.findFirst({
          where: { caseId, topic: 'webhook.case.sla_warning' },
        })) ?? undefined,
      { what: 'an SLA warning' },
    );
    expect(warning?.vendorId).toBe(vendorId);
    expect(warning?.payload).toMatchObject({
      data: { clock: 'FIRST_RESPONSE', dueAt: dueAt.toISOString() },
    });
    // Later sweeps find the warning recorded and do not repeat it.
    const since = Date.now();
    await eventually(
      async () =>
        (await worker.maintenanceQueue.getCompleted(0, 50)).filter(
          (j) => j.name === 'sla-sweep' && (j.finishedOn ?? 0) > since,
        ).length >= 2,
      { what: 'two more sweeps' },
    );
    expect(await stack.owner.caseEvent.count({ where: { caseId, type: 'SLA_WARNING' } })).toBe(1);
  });
});

describe('worker: offers to subscribers and scorecard rollups', () => {
  it("publishes every offer the relay moves to the vendor's pub/sub channel", async () => {
    const listener = createRedis('redis://127.0.0.1:6379', 'subscriber');
    const heard: { caseId: string; vendorId: string }[] = [];
    await listener.psubscribe(offersChannel('*'));
    listener.on('pmessage', (_pattern, _channel, message: string) =>
      heard.push(JSON.parse(message)),
    );
    const { caseId, vendorId } = await submit('IN', 'GENERAL');
    await eventually(() => heard.some((n) => n.caseId === caseId), { what: 'the offer notice' });
    listener.disconnect();
    expect(heard.find((n) => n.caseId === caseId)).toMatchObject({
      caseId,
      vendorId,
      version: expect.any(Number),
    });
  });

  it('folds the case events into scorecard rollups on its schedule, for every vendor with cases', async () => {
    const vendorsWithCases = new Set(
      (
        await stack.owner.assignment.findMany({
          distinct: ['vendorId'],
          select: { vendorId: true },
        })
      ).map((v) => v.vendorId),
    );
    expect(vendorsWithCases.size).toBeGreaterThan(3);
    await eventually(
      async () => {
        const cells = await stack.owner.scorecardRollup.findMany({
          distinct: ['vendorId'],
          select: { vendorId: true },
        });
        return (
          cells.length === vendorsWithCases.size &&
          cells.every((c) => vendorsWithCases.has(c.vendorId))
        );
      },
      { what: 'rollup cells for every vendor', timeoutMs: 60_000 },
    );
  });
});
