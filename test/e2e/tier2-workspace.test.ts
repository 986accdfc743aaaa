// The Tier 2 workspace end to end: cases reach the in-house team through intake and
// escalation (the real worker re-routes), wait in its queue without a lease, and specialists —
// internal principals with the `specialist` role and a `teams` claim — claim, work, release,
// hand on and return them through the same work API partners use.
import { randomBytes } from 'node:crypto';
import { createPrismaClient, type PrismaClient } from '@bvg/db';
import { seedDemoData } from '@bvg/demo-seed';
import { expireOffers } from '@bvg/domain';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { loadWorkerEnv, type RunningWorker, startWorker } from '@bvg/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeKeysUnder } from '../support/redis-keys.ts';
import { eventually } from './dispatch-harness.ts';

const TEAM = 'trust-safety-t2';
let stack: TestStack;
let worker: RunningWorker;
let app: PrismaClient;
const prefix = `bvgtest-${randomBytes(4).toString('hex')}`;
let intake: string;
let ops: string;

beforeAll(async () => {
  stack = await createTestStack();
  await seedDemoData(stack.owner, { casesPerDay: 1 });
  app = createPrismaClient({ url: stack.db.appUrl, max: 2 });
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
  await app?.$disconnect();
  await stack?.close();
});

async function submit(fields: Record<string, unknown>) {
  const res = await stack.graphql<{
    submitCase: { caseId: string; status: string; vendorId: string };
  }>(
    'mutation($i: SubmitCaseInput!) { submitCase(input: $i) { caseId status vendorId } }',
    {
      i: {
        source: 'webform',
        externalRef: `t2-${randomBytes(5).toString('hex')}`,
        region: 'IN',
        scope: 'GENERAL',
        channel: 'WEBFORM',
        language: 'en',
        priority: 'P2',
        subjectRef: `user-${randomBytes(3).toString('hex')}`,
        subject: { email: 'asha@example.test', description: 'Someone is using my account' },
        ...fields,
      },
    },
    intake,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.submitCase;
}

type CaseResult = {
  id: string;
  version: number;
  status: string;
  claimedBy?: string | null;
  vendorId?: string;
};
async function work(token: string, mutation: string, input: Record<string, unknown>) {
  const res = await stack.graphql<Record<string, CaseResult>>(
    `mutation($i: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $i) { id version status vendorId claimedBy } }`,
    { i: input },
    token,
  );
  return {
    data: res.data?.[mutation],
    code: res.errors?.[0]?.extensions?.code,
    errors: res.errors,
  };
}

async function queue(token: string, args = '') {
  const res = await stack.graphql<{
    teamQueue: { caseId: string; claimedBy: string | null; nextDueAt: string | null }[];
  }>(`{ teamQueue${args} { caseId claimedBy nextDueAt status } }`, {}, token);
  expect(res.errors).toBeUndefined();
  return res.data!.teamQueue;
}

async function vendorTokenFor(vendorId: string) {
  const client = await stack.owner.apiClient.findFirstOrThrow({ where: { vendorId } });
  return stack.vendorToken({ id: vendorId, clientId: client.clientId });
}

describe('Tier 2 workspace', () => {
  it('an escalation reaches the team queue and is claimed by one specialist, who resolves it', async () => {
    const { caseId, vendorId } = await submit({});
    const partner = await vendorTokenFor(vendorId);
    const accepted = await work(partner, 'acceptCase', { caseId, version: 2 });
    expect(accepted.data?.status).toBe('ACCEPTED');
    const escalated = await work(partner, 'escalateCase', {
      caseId,
      version: accepted.data!.version,
      reason: 'Account takeover pattern: needs a specialist',
    });
    expect(escalated.data?.status).toBe('ESCALATED');

    // The worker routes it again as Tier 2 work: it waits in the in-house team's queue.
    const ana = await stack.specialistToken([TEAM], 'ana@corp');
    const bo = await stack.specialistToken([TEAM], 'bo@corp');
    await eventually(async () => (await queue(ana)).some((e) => e.caseId === caseId), {
      what: 'the escalated case in the Tier 2 queue',
    });
    const offered = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(offered).toMatchObject({ status: 'OFFERED', tier: 'T2', claimedBy: null });

    // Two specialists claim the same version at once: one holds it, the other is told.
    const [first, second] = await Promise.all([
      work(ana, 'claimCase', { caseId, version: offered.version }),
      work(bo, 'claimCase', { caseId, version: offered.version }),
    ]);
    const winner = first.data
      ? { token: ana, who: 'ana@corp', r: first }
      : { token: bo, who: 'bo@corp', r: second };
    const loser = first.data
      ? { token: bo, who: 'bo@corp', r: second }
      : { token: ana, who: 'ana@corp', r: first };
    expect(winner.r.data).toMatchObject({ status: 'ACCEPTED', claimedBy: winner.who });
    expect(loser.r.code).toBe('CONFLICT');
    expect(await queue(ana)).not.toContainEqual(expect.objectContaining({ caseId }));
    expect((await queue(winner.token, '(claim: MINE)')).map((e) => e.caseId)).toContain(caseId);

    // The one who does not hold it cannot work it; the holder works it to resolution.
    let version = winner.r.data!.version;
    const stolen = await work(loser.token, 'recordResponse', { caseId, version });
    expect(stolen.code).toBe('CONFLICT');
    const responded = await work(winner.token, 'recordResponse', { caseId, version });
    expect(responded.data?.status).toBe('IN_PROGRESS');
    version = responded.data!.version;
    const noted = await work(loser.token, 'addCaseNote', {
      caseId,
      version,
      body: 'Same pattern seen on two other accounts this week',
    });
    expect(noted.data?.status).toBe('IN_PROGRESS');
    version = noted.data!.version;
    const resolved = await work(winner.token, 'resolveCase', {
      caseId,
      version,
      resolutionCode: 'ACCOUNT_RECOVERED',
      firstContactResolution: false,
    });
    expect(resolved.data?.status).toBe('RESOLVED');

    // The partner that escalated no longer sees the case; a specialist of another team neither.
    const partnerRead = await stack.graphql(
      'query($id: ID!) { case(id: $id) { id } }',
      { id: caseId },
      partner,
    );
    expect(partnerRead.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const outsider = await stack.specialistToken(['appeals-t2'], 'cy@corp');
    const outsiderRead = await stack.graphql(
      'query($id: ID!) { case(id: $id) { id } }',
      { id: caseId },
      outsider,
    );
    expect(outsiderRead.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // The history says who did what, as internal actors.
    const events = await stack.owner.caseEvent.findMany({
      where: { caseId },
      orderBy: { id: 'asc' },
    });
    expect(
      events.filter((e) => e.actorKind === 'INTERNAL').map((e) => [e.type, e.actorId]),
    ).toEqual([
      ['ACCEPTED', winner.who],
      ['RESPONDED', winner.who],
      ['NOTE_ADDED', loser.who],
      ['RESOLVED', winner.who],
    ]);
  });

  it('a restricted minor-safety case waits in the Tier 2 queue past the partner lease, while a partner offer lapses', async () => {
    const minor = await submit({ scope: 'MINOR_SAFETY', priority: 'P1' });
    const team = await stack.owner.vendor.findUniqueOrThrow({ where: { slug: TEAM } });
    expect(minor).toMatchObject({ status: 'OFFERED', vendorId: team.id });
    const partnerCase = await submit({});
    const lease = await stack.owner.assignment.findFirstOrThrow({
      where: { caseId: partnerCase.caseId, status: 'OFFERED' },
    });
    // The lease sweep runs as if 20 minutes had passed (leases are 15): the partner's offer
    // lapses and goes elsewhere; the team's does not.
    const later = new Date(lease.leaseExpiresAt!.getTime() + 5 * 60_000);
    await expireOffers(app, later);
    const partnerAfter = await stack.owner.assignment.findFirstOrThrow({
      where: { caseId: partnerCase.caseId, vendorId: partnerCase.vendorId },
    });
    expect(partnerAfter.status).toBe('EXPIRED');
    // Ops hear that the partner lets offers lapse (one alert per vendor, counted while open).
    const lapsing = await stack.owner.alert.findFirstOrThrow({
      where: { kind: 'OFFERS_LAPSING', vendorId: partnerCase.vendorId, status: 'OPEN' },
    });
    expect(lapsing.occurrences).toBeGreaterThanOrEqual(1);
    const minorAfter = await stack.owner.case.findUniqueOrThrow({ where: { id: minor.caseId } });
    expect(minorAfter).toMatchObject({ status: 'OFFERED', vendorId: team.id });
    const ana = await stack.specialistToken([TEAM], 'ana@corp');
    const waiting = await queue(ana);
    expect(waiting.map((e) => e.caseId)).toContain(minor.caseId);
    // Most urgent first: due times never go down along the queue (cases without one last).
    const due = waiting.map((e) => e.nextDueAt);
    const dated = due.filter((d): d is string => d !== null).map((d) => Date.parse(d));
    expect(dated).toEqual([...dated].sort((a, b) => a - b));
    expect(due.slice(dated.length).every((d) => d === null)).toBe(true);
  });

  it('a claim can be released back to the queue, and a case returned to Tier 1 goes to a partner', async () => {
    const { caseId, vendorId } = await submit({});
    const partner = await vendorTokenFor(vendorId);
    const accepted = await work(partner, 'acceptCase', { caseId, version: 2 });
    await work(partner, 'escalateCase', {
      caseId,
      version: accepted.data!.version,
      reason: 'Unsure',
    });
    const ana = await stack.specialistToken([TEAM], 'ana@corp');
    await eventually(async () => (await queue(ana)).some((e) => e.caseId === caseId), {
      what: 'the case in the Tier 2 queue',
    });
    const current = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });
    const claimed = await work(ana, 'claimCase', { caseId, version: current.version });
    const released = await work(ana, 'releaseCase', {
      caseId,
      version: claimed.data!.version,
      reason: 'End of shift',
    });
    expect(released.data).toMatchObject({ status: 'ACCEPTED', claimedBy: null });
    expect((await queue(ana)).map((e) => e.caseId)).toContain(caseId);

    const again = await work(ana, 'claimCase', { caseId, version: released.data!.version });
    expect(again.data?.claimedBy).toBe('ana@corp');
    const back = await stack.graphql<{ returnCaseToTier1: { status: string; vendorId: string } }>(
      'mutation($i: ReturnCaseToTier1Input!) { returnCaseToTier1(input: $i) { status vendorId } }',
      { i: { caseId, version: again.data!.version, reason: 'A password reset: Tier 1 work' } },
      ana,
    );
    expect(back.errors).toBeUndefined();
    expect(back.data!.returnCaseToTier1.status).toBe('OFFERED');
    const partnerNow = await stack.owner.vendor.findUniqueOrThrow({
      where: { id: back.data!.returnCaseToTier1.vendorId },
    });
    expect(partnerNow.kind).toBe('BPO');
    const after = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(after).toMatchObject({ tier: 'T1', status: 'OFFERED', claimedBy: null });
  });

  it('a minor-safety case cannot be returned to Tier 1, and nothing changes', async () => {
    const minor = await submit({ scope: 'MINOR_SAFETY' });
    const ana = await stack.specialistToken([TEAM], 'ana@corp');
    const claimed = await work(ana, 'claimCase', { caseId: minor.caseId, version: 2 });
    expect(claimed.data?.status).toBe('ACCEPTED');
    const before = await stack.owner.case.findUniqueOrThrow({ where: { id: minor.caseId } });
    const refused = await stack.graphql(
      'mutation($i: ReturnCaseToTier1Input!) { returnCaseToTier1(input: $i) { status } }',
      { i: { caseId: minor.caseId, version: before.version, reason: 'try' } },
      ana,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    const after = await stack.owner.case.findUniqueOrThrow({ where: { id: minor.caseId } });
    expect(after).toEqual(before);
  });

  it('a specialist escalates within Tier 2 to another team, whose queue then holds the case', async () => {
    await stack.owner.vendor.create({
      data: { slug: 'appeals-t2', name: 'Appeals specialists', kind: 'IN_HOUSE' },
    });
    const minor = await submit({ scope: 'MINOR_SAFETY' });
    const ana = await stack.specialistToken([TEAM], 'ana@corp');
    const claimed = await work(ana, 'claimCase', { caseId: minor.caseId, version: 2 });
    const handed = await work(ana, 'escalateCase', {
      caseId: minor.caseId,
      version: claimed.data!.version,
      reason: 'Needs the appeals desk',
      toTeamId: 'appeals-t2',
    });
    expect(handed.errors).toBeUndefined();
    expect(handed.data?.status).toBe('OFFERED');
    const dee = await stack.specialistToken(['appeals-t2'], 'dee@corp');
    expect((await queue(dee)).map((e) => e.caseId)).toContain(minor.caseId);
    expect((await queue(ana)).map((e) => e.caseId)).not.toContain(minor.caseId);
    // Ops see any team's queue.
    expect((await queue(ops, '(team: "appeals-t2")')).map((e) => e.caseId)).toContain(minor.caseId);
    // A partner cannot name a team.
    const { caseId, vendorId } = await submit({});
    const partner = await vendorTokenFor(vendorId);
    const accepted = await work(partner, 'acceptCase', { caseId, version: 2 });
    const refused = await work(partner, 'escalateCase', {
      caseId,
      version: accepted.data!.version,
      reason: 'x',
      toTeamId: 'appeals-t2',
    });
    expect(refused.code).toBe('VALIDATION');
  });
});
