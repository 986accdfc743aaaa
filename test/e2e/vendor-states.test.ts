// Vendor states end to end, with the real worker re-routing and real HTTP receivers verifying
// the partners' webhooks: a paused vendor keeps working what it holds; a draining one gives
// back what it has not accepted; a failover recalls every unaccepted offer (with the reason)
// and routes it elsewhere — no case lost, none held by two vendors, even while the partner
// races to accept.
import { randomBytes } from 'node:crypto';
import type { CaseStatus } from '@bvg/db';
import { seedDemoData } from '@bvg/demo-seed';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { loadWorkerEnv, type RunningWorker, startWorker } from '@bvg/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeKeysUnder } from '../support/redis-keys.ts';
import { eventually, type Receiver, startVerifyingReceiver } from './dispatch-harness.ts';

let stack: TestStack;
let worker: RunningWorker;
let receiver: Receiver;
const prefix = `bvgtest-${randomBytes(4).toString('hex')}`;
let intake: string;
let ops: string;

beforeAll(async () => {
  stack = await createTestStack();
  await seedDemoData(stack.owner, { casesPerDay: 1 });
  receiver = await startVerifyingReceiver();
  await stack.owner.webhookEndpoint.updateMany({ data: { url: receiver.url } });
  receiver.secrets = (await stack.owner.webhookSecret.findMany()).map((s) => s.secret);
  // Room for every case these specs submit (the demo's daily caps follow its small history).
  await stack.owner.vendorCapacity.updateMany({
    data: { dailyIntakeCap: 10_000, openCaseCeiling: 10_000 },
  });
  intake = await stack.internalToken(['intake'], 'webform');
  ops = await stack.internalToken(['ops'], 'ops.lena');
  worker = await startWorker(
    loadWorkerEnv({
      NODE_ENV: 'test',
      DATABASE_URL: stack.db.url,
      APP_DATABASE_URL: stack.db.appUrl,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'fatal',
      RELAY_POLL_MS: '20',
    }),
  );
}, 60_000);
afterAll(async () => {
  await worker?.close();
  await removeKeysUnder(prefix);
  await receiver?.close();
  await stack?.close();
});

/** India, English, standard scope: the demo routing splits it between two partners. */
async function submit(priority = 'P3') {
  const res = await stack.graphql<{
    submitCase: { caseId: string; status: string; vendorId: string };
  }>(
    'mutation($i: SubmitCaseInput!) { submitCase(input: $i) { caseId status vendorId } }',
    {
      i: {
        source: 'webform',
        externalRef: `vs-${randomBytes(5).toString('hex')}`,
        region: 'IN',
        scope: 'ACCOUNT_ACCESS',
        channel: 'WEBFORM',
        language: 'en',
        priority,
        subjectRef: `user-${randomBytes(3).toString('hex')}`,
        subject: { email: 'ravi@example.test', description: 'Locked out' },
      },
    },
    intake,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.submitCase;
}

async function tokenOf(vendorId: string) {
  const client = await stack.owner.apiClient.findFirstOrThrow({ where: { vendorId } });
  return stack.vendorToken({ id: vendorId, clientId: client.clientId });
}

async function mutate(token: string, name: string, input: Record<string, unknown>) {
  const res = await stack.graphql<Record<string, { status: string; version: number }>>(
    `mutation($i: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $i) { status version } }`,
    { i: input },
    token,
  );
  return { data: res.data?.[name], code: res.errors?.[0]?.extensions?.code };
}

async function setState(vendorId: string, state: string, reason: string) {
  const res = await stack.graphql<{
    setVendorState: { vendor: { state: string }; recalledOffers: number };
  }>(
    `mutation($v: ID!, $s: VendorState!, $r: String!) {
       setVendorState(vendorId: $v, state: $s, reason: $r) { vendor { state } recalledOffers } }`,
    { v: vendorId, s: state, r: reason },
    ops,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.setVendorState;
}

/** Cases of one vendor until it has `n` (the split sends some to the other partner). */
async function casesOf(n: number) {
  const first = await submit();
  const vendorId = first.vendorId;
  const ids = [first.caseId];
  while (ids.length < n) {
    const c = await submit();
    if (c.vendorId === vendorId) ids.push(c.caseId);
  }
  return { vendorId, ids };
}

describe('vendor states', () => {
  it('a paused vendor takes no new work but keeps working its accepted case', async () => {
    const { vendorId, ids } = await casesOf(1);
    const partner = await tokenOf(vendorId);
    const accepted = await mutate(partner, 'acceptCase', { caseId: ids[0], version: 2 });
    expect(accepted.data?.status).toBe('ACCEPTED');
    expect((await setState(vendorId, 'PAUSED', 'Site power maintenance')).vendor.state).toBe(
      'PAUSED',
    );

    const responded = await mutate(partner, 'recordResponse', {
      caseId: ids[0],
      version: accepted.data!.version,
    });
    expect(responded.data?.status).toBe('IN_PROGRESS');
    const resolved = await mutate(partner, 'resolveCase', {
      caseId: ids[0],
      version: responded.data!.version,
      resolutionCode: 'PASSWORD_RESET',
      firstContactResolution: true,
    });
    expect(resolved.data?.status).toBe('RESOLVED');
    // New work goes elsewhere while it is paused.
    for (let i = 0; i < 4; i++) expect((await submit()).vendorId).not.toBe(vendorId);
    expect((await setState(vendorId, 'ACTIVE', 'Maintenance over')).vendor.state).toBe('ACTIVE');
    const audit = await stack.owner.auditEvent.findMany({
      where: { action: 'vendor.state.set', targetId: vendorId },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => (a.details as { to: string }).to)).toEqual(['PAUSED', 'ACTIVE']);
  });

  it('a draining vendor gives back its unaccepted offers and keeps its accepted work', async () => {
    const { vendorId, ids } = await casesOf(3);
    const partner = await tokenOf(vendorId);
    const kept = await mutate(partner, 'acceptCase', { caseId: ids[0], version: 2 });
    expect(kept.data?.status).toBe('ACCEPTED');
    expect((await setState(vendorId, 'DRAINING', 'Contract ending')).recalledOffers).toBe(2);
    await eventually(
      async () =>
        (await stack.owner.case.count({ where: { id: { in: ids.slice(1) }, vendorId } })) === 0,
      { what: 'the unaccepted offers re-routed' },
    );
    expect(await stack.owner.case.findUniqueOrThrow({ where: { id: ids[0] } })).toMatchObject({
      vendorId,
      status: 'ACCEPTED',
    });
    await setState(vendorId, 'ACTIVE', 'Renewed after all');
  });

  it('a failover recalls and re-routes every unaccepted offer; no case is lost or held twice', async () => {
    const { vendorId, ids } = await casesOf(8);
    const partner = await tokenOf(vendorId);
    const accepted = await mutate(partner, 'acceptCase', { caseId: ids[0], version: 2 });
    expect(accepted.data?.status).toBe('ACCEPTED');

    // The partner keeps accepting while ops fail it over: each race ends with one holder.
    const racing = ids
      .slice(1, 4)
      .map((caseId) => mutate(partner, 'acceptCase', { caseId, version: 2 }));
    const failover = await stack.graphql<{
      failoverVendor: {
        vendor: { state: string };
        recalledOffers: number;
        recalledAccepted: number;
      };
    }>(
      `mutation($v: ID!) { failoverVendor(vendorId: $v, reason: "Site outage in Chennai") {
         vendor { state } recalledOffers recalledAccepted } }`,
      { v: vendorId },
      ops,
    );
    expect(failover.errors).toBeUndefined();
    expect(failover.data!.failoverVendor.vendor.state).toBe('PAUSED');
    const raced = await Promise.all(racing);
    const wonByPartner = ids.slice(1, 4).filter((_, i) => raced[i]!.data?.status === 'ACCEPTED');

    // Everything the partner had not accepted is recalled and offered to someone else.
    const recalled = ids.filter((id, i) => i !== 0 && !wonByPartner.includes(id));
    await eventually(
      async () =>
        (await stack.owner.case.count({
          where: { id: { in: recalled }, status: 'OFFERED', vendorId: { not: vendorId } },
        })) === recalled.length,
      { what: 'every recalled case offered elsewhere' },
    );
    for (const caseId of ids) {
      const c = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });
      const open = await stack.owner.assignment.findMany({
        where: { caseId, status: { in: ['OFFERED', 'ACCEPTED'] } },
      });
      // Exactly one holder, and it is the case's vendor.
      expect(open.map((a) => a.vendorId)).toEqual([c.vendorId]);
      if (caseId === ids[0] || wonByPartner.includes(caseId)) {
        expect(c).toMatchObject({ vendorId, status: 'ACCEPTED' });
      } else {
        expect(c.vendorId).not.toBe(vendorId);
      }
    }
    // The partner is told, with the reason, for each recalled case.
    await eventually(
      () =>
        recalled.every((caseId) =>
          receiver.received.some(
            (r) =>
              r.payload.type === 'case.recalled' &&
              r.payload.data.caseId === caseId &&
              r.payload.data.vendorId === vendorId,
          ),
        ),
      { what: 'case.recalled for every recalled case' },
    );
    const notice = receiver.received.find(
      (r) => r.payload.type === 'case.recalled' && r.payload.data.caseId === recalled[0],
    )!;
    expect(notice.verified).toBe(true);
    expect(notice.payload.data).toMatchObject({
      reason: 'FAILOVER',
      note: 'Site outage in Chennai',
    });
    // The partner keeps its API access and works what it kept.
    const still = await mutate(partner, 'recordResponse', {
      caseId: ids[0],
      version: accepted.data!.version,
    });
    expect(still.data?.status).toBe('IN_PROGRESS');
    const audit = await stack.owner.auditEvent.findFirstOrThrow({
      where: { action: 'vendor.failover', targetId: vendorId },
    });
    expect(audit.details).toMatchObject({
      reason: 'Site outage in Chennai',
      from: 'ACTIVE',
      to: 'PAUSED',
    });
    await setState(vendorId, 'ACTIVE', 'Site back');
  });

  it('a failover with includeAccepted also moves the cases being worked', async () => {
    const { vendorId, ids } = await casesOf(2);
    const partner = await tokenOf(vendorId);
    const a = await mutate(partner, 'acceptCase', { caseId: ids[0], version: 2 });
    await mutate(partner, 'recordResponse', { caseId: ids[0], version: a.data!.version });
    // Everything it holds open (earlier specs left it some accepted work too) moves.
    const working: CaseStatus[] = [
      'OFFERED',
      'ACCEPTED',
      'IN_PROGRESS',
      'PENDING_USER',
      'REOPENED',
    ];
    const open = { vendorId, status: { in: working } };
    const offered = await stack.owner.case.count({ where: { ...open, status: 'OFFERED' } });
    const held = await stack.owner.case.count({ where: open });
    const res = await stack.graphql<{
      failoverVendor: { recalledOffers: number; recalledAccepted: number };
    }>(
      `mutation($v: ID!) { failoverVendor(vendorId: $v, reason: "Outage", includeAccepted: true) {
         recalledOffers recalledAccepted } }`,
      { v: vendorId },
      ops,
    );
    expect(res.data!.failoverVendor).toEqual({
      recalledOffers: offered,
      recalledAccepted: held - offered,
    });
    expect(res.data!.failoverVendor.recalledAccepted).toBeGreaterThanOrEqual(1);
    await eventually(async () => (await stack.owner.case.count({ where: open })) === 0, {
      what: 'every open case moved',
    });
    const moved = await stack.owner.case.findUniqueOrThrow({ where: { id: ids[0] } });
    expect(moved.status).toBe('OFFERED');
    await setState(vendorId, 'ACTIVE', 'Site back');
  });

  it('refuses bad input with every problem, and changes nothing', async () => {
    const { vendorId } = await casesOf(1);
    const res = await stack.graphql(
      `mutation($v: ID!) { setVendorState(vendorId: $v, state: PAUSED, reason: " ") { recalledOffers } }`,
      { v: vendorId },
      ops,
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION',
      problems: [{ path: 'reason', message: 'say why' }],
    });
    expect((await stack.owner.vendor.findUniqueOrThrow({ where: { id: vendorId } })).state).toBe(
      'ACTIVE',
    );
    const unknown = await stack.graphql(
      `mutation { failoverVendor(vendorId: "${crypto.randomUUID()}", reason: "x") { recalledOffers } }`,
      {},
      ops,
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
