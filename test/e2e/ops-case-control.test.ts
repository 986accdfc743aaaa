// Ops moving work, end to end with every real part: the gateway in process, the worker (relay,
// webhook dispatch, bulk operations, the unrouted retry schedule) on its own queue prefix, real
// PostgreSQL and Redis, and HTTP receivers that verify each webhook's signature with the
// `standardwebhooks` library. A small world: two BPO partners for India (alpha, beta), an
// in-house team for everything else, and ACCOUNT_ACCESS work alpha has no room for.
import { randomBytes } from 'node:crypto';
import { LOCAL_REDIS_URL } from '@bvg/config';
import { createPrismaClient, type PrismaClient, systemScope, withScope } from '@bvg/db';
import {
  createRoutingRuleset,
  createWebhookEndpoint,
  publishRoutingRuleset,
  startBulkCaseOperation,
} from '@bvg/domain';
import { bulkOperationChannel, createRedis } from '@bvg/queue';
import { createTestStack, type TestStack } from '@bvg/testkit';
import {
  createBulkCaseOperationHandler,
  loadWorkerEnv,
  type RunningWorker,
  startWorker,
} from '@bvg/worker';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeKeysUnder } from '../support/redis-keys.ts';
import {
  DEV_POLICY,
  eventually,
  ops as OPS_ACTOR,
  type Receiver,
  startVerifyingReceiver,
} from './dispatch-harness.ts';

let stack: TestStack;
let app: PrismaClient;
let worker: RunningWorker;
let receiver: Receiver;
let opsToken: string;
const prefix = `bvgtest-${randomBytes(4).toString('hex')}`;
const v: Record<'alpha' | 'beta' | 'tier2' | 'usSecure', { id: string; clientId: string }> =
  {} as never;
const endpoints = new Map<string, string>(); // endpoint id → vendor id

beforeAll(async () => {
  stack = await createTestStack({ QUEUE_PREFIX: prefix });
  app = createPrismaClient({ url: stack.db.appUrl, max: 4 });
  await stack.seed.referenceData();
  const certify = async (vendorId: string, pairs: [string, string][]) => {
    await stack.owner.vendorCertification.createMany({
      data: pairs.map(([regionCode, scopeCode]) => ({
        vendorId,
        regionCode,
        scopeCode,
        language: 'en',
      })),
    });
  };
  const capacity = async (vendorId: string, scopes: [string, number][]) => {
    await stack.owner.vendorCapacity.createMany({
      data: scopes.map(([scopeCode, ceiling]) => ({
        vendorId,
        scopeCode,
        openCaseCeiling: ceiling,
        dailyIntakeCap: 100_000,
      })),
    });
  };
  v.alpha = await stack.seed.vendor({ slug: `alpha-${prefix}`, name: 'Alpha CX' });
  v.beta = await stack.seed.vendor({ slug: `beta-${prefix}`, name: 'Beta Support' });
  v.usSecure = await stack.seed.vendor({
    slug: `us-${prefix}`,
    name: 'US Secure',
    usDataCleared: true,
  });
  v.tier2 = await stack.seed.vendor({
    slug: `t2-${prefix}`,
    name: 'Tier 2',
    kind: 'IN_HOUSE',
    usDataCleared: true,
    gdprAgreement: true,
  });
  const everywhere = ['IN', 'MY', 'SG', 'US', 'EU'].flatMap((r) =>
    ['GENERAL', 'ACCOUNT_ACCESS', 'ACCOUNT_SECURITY', 'MINOR_SAFETY'].map(
      (s) => [r, s] as [string, string],
    ),
  );
  await certify(v.alpha.id, [
    ['IN', 'GENERAL'],
    ['IN', 'ACCOUNT_ACCESS'],
  ]);
  await certify(v.beta.id, [
    ['IN', 'GENERAL'],
    ['IN', 'ACCOUNT_ACCESS'],
  ]);
  await certify(v.usSecure.id, [['US', 'GENERAL']]);
  await certify(v.tier2.id, everywhere);
  // Alpha has no room for ACCOUNT_ACCESS; the in-house team takes no ACCOUNT_ACCESS at all.
  await capacity(v.alpha.id, [
    ['GENERAL', 1000],
    ['ACCOUNT_ACCESS', 0],
  ]);
  await capacity(v.beta.id, [
    ['GENERAL', 1000],
    ['ACCOUNT_ACCESS', 1000],
  ]);
  await capacity(v.usSecure.id, [['GENERAL', 1000]]);
  await capacity(v.tier2.id, [
    ['GENERAL', 1000],
    ['MINOR_SAFETY', 1000],
  ]);
  await withScope(app, systemScope('test: rules'), async (tx) => {
    const change = { actor: OPS_ACTOR, reason: 'test world' };
    const draft = await createRoutingRuleset(tx, {
      ...change,
      name: 'ops control world',
      rules: [
        {
          name: 'IN general split',
          match: { region: ['IN'], scope: ['GENERAL'] },
          targets: [
            { vendorId: v.alpha.id, weight: 50 },
            { vendorId: v.beta.id, weight: 50 },
          ],
          fallbacks: [],
        },
        {
          name: 'IN account access to alpha',
          match: { region: ['IN'], scope: ['ACCOUNT_ACCESS'] },
          targets: [{ vendorId: v.alpha.id, weight: 100 }],
          fallbacks: [],
        },
        {
          name: 'Everything else in-house',
          match: {},
          targets: [{ vendorId: v.tier2.id, weight: 100 }],
          fallbacks: [],
        },
      ],
    });
    await publishRoutingRuleset(tx, { ...change, version: draft.version, now: new Date() });
  });

  receiver = await startVerifyingReceiver();
  for (const vendor of Object.values(v)) {
    const { endpoint, secret } = await createWebhookEndpoint(
      app,
      OPS_ACTOR,
      { vendorId: vendor.id, url: receiver.url, eventTypes: [] },
      DEV_POLICY,
    );
    endpoints.set(endpoint.id, vendor.id);
    receiver.secrets.push(secret);
  }
  worker = await startWorker(
    loadWorkerEnv({
      NODE_ENV: 'test',
      DATABASE_URL: stack.db.url,
      APP_DATABASE_URL: stack.db.appUrl,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'fatal',
      RELAY_POLL_MS: '20',
      UNROUTED_RETRY_EVERY_MS: '250',
      BULK_CHUNK_SIZE: '4',
      DATABASE_POOL_SIZE: '6',
    }),
  );
  opsToken = await stack.internalToken(['ops'], 'ops.lead@example.test');
  await settled();
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await removeKeysUnder(prefix);
  await receiver?.close();
  await app?.$disconnect();
  await stack?.close();
});

// ───────────────────────────── helpers ─────────────────────────────

/**
 * Waits until the retry schedule has looked past every change made so far: capacity changes
 * make unrouted cases due at once, and a test that acts on an unrouted case by its version must
 * not race the retry that change causes.
 */
async function settled(): Promise<void> {
  const changedAt = Date.now();
  const redis = createRedis(process.env.REDIS_URL ?? LOCAL_REDIS_URL, 'worker');
  try {
    await eventually(
      async () => {
        const mark = await redis.get(`${prefix}:maintenance-lock:unrouted-freed-watermark`);
        return mark !== null && new Date(mark).getTime() > changedAt;
      },
      { what: 'the unrouted retry to look past the last change', timeoutMs: 20_000 },
    );
  } finally {
    redis.disconnect();
  }
}

interface CaseShape {
  id: string;
  status: string;
  version: number;
  vendorId: string | null;
}
const CASE = 'id status version vendorId';

async function submit(
  attrs: { region?: string; scope?: string; priority?: string } = {},
): Promise<CaseShape> {
  const intake = await stack.internalToken(['intake'], 'webform');
  const res = await stack.graphql<{ submitCase: { caseId: string } }>(
    'mutation($i: SubmitCaseInput!) { submitCase(input: $i) { caseId } }',
    {
      i: {
        source: 'webform',
        externalRef: `ops-${randomBytes(6).toString('hex')}`,
        region: attrs.region ?? 'IN',
        scope: attrs.scope ?? 'GENERAL',
        channel: 'WEBFORM',
        language: 'en',
        priority: attrs.priority ?? 'P3',
        subjectRef: 'user-ops',
        subject: { email: 'someone@example.test' },
      },
    },
    intake,
  );
  expect(res.errors).toBeUndefined();
  return readCase(res.data!.submitCase.caseId);
}

async function readCase(id: string): Promise<CaseShape> {
  const c = await stack.owner.case.findUniqueOrThrow({ where: { id } });
  return { id, status: c.status, version: c.version, vendorId: c.vendorId };
}

/** A case offered to `vendor` (submitted until the split gives one to it). */
async function offeredTo(vendor: { id: string }): Promise<CaseShape> {
  for (let i = 0; i < 10; i++) {
    const c = await submit();
    if (c.vendorId === vendor.id) return c;
  }
  throw new Error('the split never offered a case to the vendor');
}

async function opsMutation<T = Record<string, CaseShape>>(
  name: string,
  input: Record<string, unknown>,
  token = opsToken,
) {
  const type = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  return stack.graphql<T>(
    `mutation($i: ${type}!) { ${name}(input: $i) { ${CASE} } }`,
    { i: input },
    token,
  );
}

const webhooksFor = (caseId: string, type: string, vendorId: string) =>
  receiver.received.filter(
    (r) =>
      r.payload.type === type &&
      r.payload.data.caseId === caseId &&
      r.payload.data.vendorId === vendorId,
  );

async function webhook(caseId: string, type: string, vendorId: string) {
  const [hit] = await eventually(
    () => {
      const found = webhooksFor(caseId, type, vendorId);
      return found.length > 0 ? found : undefined;
    },
    { what: `${type} for ${caseId}` },
  );
  return hit!;
}

/** Every open assignment of the case (offered or accepted): exactly one while a vendor holds it. */
const openAssignments = (caseId: string) =>
  stack.owner.assignment.findMany({
    where: { caseId, status: { in: ['OFFERED', 'ACCEPTED'] } },
  });

// ───────────────────────────── the unrouted queue ─────────────────────────────

describe('the unrouted queue', () => {
  it('lists unrouted cases most urgent first, with which constraint excluded whom, and one alert each', async () => {
    const p3 = await submit({ scope: 'ACCOUNT_ACCESS', priority: 'P3' });
    const p1 = await submit({ scope: 'ACCOUNT_ACCESS', priority: 'P1' });
    expect([p3.status, p1.status]).toEqual(['UNROUTED', 'UNROUTED']);

    const res = await stack.graphql<{
      unroutedCases: {
        cases: {
          caseId: string;
          priority: string;
          reason: string;
          nextRetryAt: string | null;
          exclusions: { vendorId: string; ruleName: string | null; reasons: string[] }[];
        }[];
      };
    }>(
      `{ unroutedCases(first: 50, filter: { scope: ["ACCOUNT_ACCESS"] }) {
           cases { caseId priority reason nextRetryAt exclusions { vendorId ruleName reasons } } } }`,
      {},
      opsToken,
    );
    expect(res.errors).toBeUndefined();
    const list = res.data!.unroutedCases.cases;
    const ids = list.map((c) => c.caseId);
    expect(ids.indexOf(p1.id)).toBeLessThan(ids.indexOf(p3.id));
    expect(list.filter((c) => c.priority === 'P1').every((c, i) => ids[i] === c.caseId)).toBe(true);
    const entry = list.find((c) => c.caseId === p1.id)!;
    expect(entry.reason).toBe('NO_ELIGIBLE_VENDOR');
    expect(entry.nextRetryAt).not.toBeNull();
    expect(entry.exclusions).toEqual(
      expect.arrayContaining([
        {
          vendorId: v.alpha.id,
          ruleName: 'IN account access to alpha',
          reasons: ['AT_OPEN_CEILING'],
        },
        {
          vendorId: v.tier2.id,
          ruleName: 'Everything else in-house',
          reasons: ['NO_CAPACITY_FOR_SCOPE'],
        },
      ]),
    );
    // The UNROUTED event carries the reason too.
    const event = await stack.owner.caseEvent.findFirstOrThrow({
      where: { caseId: p1.id, type: 'UNROUTED' },
    });
    expect(event.data).toMatchObject({ reason: 'NO_ELIGIBLE_VENDOR' });

    // A re-route that fails again raises no second alert while the first is open.
    const again = await opsMutation('rerouteCase', {
      caseId: p1.id,
      version: p1.version,
      reason: 'try again after the morning peak',
    });
    expect(again.errors).toBeUndefined();
    expect(again.data!.rerouteCase!.status).toBe('UNROUTED');
    expect(await stack.owner.alert.count({ where: { caseId: p1.id, kind: 'UNROUTED_CASE' } })).toBe(
      1,
    );

    // Vendors and other roles do not see the queue.
    const partner = await stack.vendorToken(v.alpha);
    const refused = await stack.graphql('{ unroutedCases { cases { caseId } } }', {}, partner);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('assigns an unrouted case by hand; the vendor receives a signed case.assigned and the choice is explained', async () => {
    const c = await submit({ scope: 'ACCOUNT_ACCESS', priority: 'P1' });
    expect(c.status).toBe('UNROUTED');
    const res = await opsMutation('assignCase', {
      caseId: c.id,
      version: c.version,
      vendorId: v.beta.id,
      reason: 'beta has ACCOUNT_ACCESS room this week',
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.assignCase).toMatchObject({ status: 'OFFERED', vendorId: v.beta.id });

    const delivered = await webhook(c.id, 'case.assigned', v.beta.id);
    expect(delivered.verified).toBe(true);
    // The partner can act on it at once.
    const partner = await stack.vendorToken(v.beta);
    const accepted = await stack.graphql<{ acceptCase: CaseShape }>(
      `mutation($i: AcceptCaseInput!) { acceptCase(input: $i) { ${CASE} } }`,
      { i: { caseId: c.id, version: res.data!.assignCase!.version } },
      partner,
    );
    expect(accepted.errors).toBeUndefined();

    const explained = await stack.graphql<{
      case: {
        assignments: {
          vendorId: string;
          rulesetVersion: number | null;
          residencyCheck: { requirement: string; passed: boolean };
          split: { selection: string };
          summary: string;
        }[];
      };
    }>(
      `query($id: ID!) { case(id: $id) { assignments {
          vendorId rulesetVersion residencyCheck { requirement passed } split { selection } summary } } }`,
      { id: c.id },
      await stack.internalToken(['auditor']),
    );
    expect(explained.errors).toBeUndefined();
    expect(explained.data!.case.assignments).toEqual([
      expect.objectContaining({
        vendorId: v.beta.id,
        rulesetVersion: null,
        residencyCheck: { requirement: 'NONE', passed: true },
        split: { selection: 'OPS_ASSIGNED' },
      }),
    ]);
    const audit = await stack.owner.auditEvent.findFirstOrThrow({
      where: { action: 'case.assign', targetId: c.id },
    });
    expect(audit).toMatchObject({ actorId: 'ops.lead@example.test' });
    expect(audit.details).toMatchObject({ reason: 'beta has ACCOUNT_ACCESS room this week' });
  });

  it('retries an unrouted case by itself once capacity frees', async () => {
    const c = await submit({ scope: 'ACCOUNT_ACCESS', priority: 'P2' });
    expect(c.status).toBe('UNROUTED');
    const next = await stack.owner.case.findUniqueOrThrow({ where: { id: c.id } });
    // Its scheduled retry is a minute away: only the capacity change can bring it forward.
    expect(next.routingRetryAt!.getTime()).toBeGreaterThan(Date.now() + 30_000);

    const res = await stack.graphql(
      `mutation($v: ID!) { setVendorCapacity(vendorId: $v, reason: "alpha hired staff",
          capacities: [{ scope: "ACCOUNT_ACCESS", openCaseCeiling: 50, dailyIntakeCap: 1000 }]) { id } }`,
      { v: v.alpha.id },
      opsToken,
    );
    expect(res.errors).toBeUndefined();
    const delivered = await webhook(c.id, 'case.assigned', v.alpha.id);
    expect(delivered.verified).toBe(true);
    expect(await readCase(c.id)).toMatchObject({ status: 'OFFERED', vendorId: v.alpha.id });
    // Put alpha back at zero for the other tests.
    await stack.graphql(
      `mutation($v: ID!) { setVendorCapacity(vendorId: $v, reason: "test reset",
          capacities: [{ scope: "ACCOUNT_ACCESS", openCaseCeiling: 0, dailyIntakeCap: 1000 }]) { id } }`,
      { v: v.alpha.id },
      opsToken,
    );
    await settled();
  });
});

// ───────────────────────────── one case ─────────────────────────────

describe('ops actions on one case', () => {
  it('re-routes without a named vendor: the holder hears case.recalled, the new vendor case.assigned', async () => {
    const c = await offeredTo(v.alpha);
    const res = await opsMutation('rerouteCase', {
      caseId: c.id,
      version: c.version,
      excludeVendorIds: [v.beta.id],
      reason: 'alpha and beta both backlogged',
    });
    expect(res.errors).toBeUndefined();
    // Alpha (holder) and beta (named) are out: the catch-all rule's in-house team takes it.
    expect(res.data!.rerouteCase).toMatchObject({ status: 'OFFERED', vendorId: v.tier2.id });
    expect((await webhook(c.id, 'case.recalled', v.alpha.id)).verified).toBe(true);
    expect((await webhook(c.id, 'case.assigned', v.tier2.id)).verified).toBe(true);
    expect(await openAssignments(c.id)).toEqual([
      expect.objectContaining({ vendorId: v.tier2.id, status: 'OFFERED' }),
    ]);

    const explained = await stack.graphql<{
      case: {
        assignments: {
          status: string;
          split: { selection: string };
          rulesConsidered: {
            ruleName: string;
            candidates: { vendorId: string; reasons: string[] }[];
          }[];
        }[];
      };
    }>(
      `query($id: ID!) { case(id: $id) { assignments {
          status split { selection } rulesConsidered { ruleName candidates { vendorId reasons } } } } }`,
      { id: c.id },
      opsToken,
    );
    const [first, second] = explained.data!.case.assignments;
    expect(first!.status).toBe('RECALLED');
    expect(second!.split.selection).toBe('WEIGHTED');
    expect(second!.rulesConsidered[0]!.ruleName).toBe('IN general split');
    expect(second!.rulesConsidered[0]!.candidates).toHaveLength(2);
    expect(second!.rulesConsidered[0]!.candidates).toEqual(
      expect.arrayContaining([
        { vendorId: v.alpha.id, reasons: ['EXCLUDED_BY_CALLER'] },
        { vendorId: v.beta.id, reasons: ['EXCLUDED_BY_CALLER'] },
      ]),
    );
  });

  it('recalls an accepted case: the vendor loses it and hears case.recalled; ops hold it', async () => {
    const c = await offeredTo(v.beta);
    const partner = await stack.vendorToken(v.beta);
    const accepted = await stack.graphql<{ acceptCase: CaseShape }>(
      `mutation($i: AcceptCaseInput!) { acceptCase(input: $i) { ${CASE} } }`,
      { i: { caseId: c.id, version: c.version } },
      partner,
    );
    expect(accepted.errors).toBeUndefined();
    const res = await opsMutation('recallCase', {
      caseId: c.id,
      version: accepted.data!.acceptCase.version,
      reason: 'customer escalated to legal',
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.recallCase).toMatchObject({ status: 'UNROUTED', vendorId: null });
    expect((await webhook(c.id, 'case.recalled', v.beta.id)).verified).toBe(true);
    expect(await openAssignments(c.id)).toEqual([]);

    // The partner no longer reaches it.
    const late = await stack.graphql(
      'mutation($i: RecordResponseInput!) { recordResponse(input: $i) { id } }',
      { i: { caseId: c.id, version: res.data!.recallCase!.version } },
      partner,
    );
    expect(late.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const queue = await stack.graphql<{
      unroutedCases: { cases: { caseId: string; reason: string; nextRetryAt: string | null }[] };
    }>('{ unroutedCases(first: 50) { cases { caseId reason nextRetryAt } } }', {}, opsToken);
    expect(queue.data!.unroutedCases.cases.find((x) => x.caseId === c.id)).toEqual({
      caseId: c.id,
      reason: 'RECALLED_BY_OPS',
      nextRetryAt: null,
    });
  });

  it('answers bad input with a typed error and changes nothing', async () => {
    const c = await offeredTo(v.alpha);
    const auditBefore = await stack.owner.auditEvent.count({ where: { targetId: c.id } });
    const us = await submit({ region: 'US' });
    expect(us.vendorId).toBe(v.tier2.id);

    const stale = await opsMutation('rerouteCase', {
      caseId: c.id,
      version: c.version - 1,
      reason: 'stale',
    });
    expect(stale.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      currentVersion: c.version,
    });

    const noReason = await opsMutation('recallCase', {
      caseId: c.id,
      version: c.version,
      reason: ' ',
    });
    expect(noReason.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION',
      problems: [{ path: 'reason', message: expect.any(String) }],
    });

    // US data to a vendor without US clearance: not even with the capacity override.
    const residency = await opsMutation('assignCase', {
      caseId: us.id,
      version: us.version,
      vendorId: v.alpha.id,
      overrideCapacity: true,
      reason: 'try alpha',
    });
    expect(residency.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION',
      reasons: expect.arrayContaining(['NOT_US_CLEARED', 'NOT_CERTIFIED_REGION']),
    });

    // Capacity can be exceeded, but only when ops say so. (The case is put with beta first, so
    // no automatic retry of an unrouted case moves it meanwhile.)
    const unrouted = await submit({ scope: 'ACCOUNT_ACCESS' });
    const withBeta = await opsMutation('assignCase', {
      caseId: unrouted.id,
      version: unrouted.version,
      vendorId: v.beta.id,
      reason: 'beta first',
    });
    expect(withBeta.errors).toBeUndefined();
    const full = await readCase(unrouted.id);
    const over = await opsMutation('assignCase', {
      caseId: full.id,
      version: full.version,
      vendorId: v.alpha.id,
      reason: 'alpha',
    });
    expect(over.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION',
      reasons: ['AT_OPEN_CEILING'],
    });

    const partner = await stack.vendorToken(v.alpha);
    const forbidden = await opsMutation(
      'recallCase',
      { caseId: c.id, version: c.version, reason: 'mine' },
      partner,
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    expect(await readCase(c.id)).toEqual(c);
    expect(await readCase(us.id)).toEqual(us);
    expect(await readCase(full.id)).toEqual(full);
    expect(await stack.owner.auditEvent.count({ where: { targetId: c.id } })).toBe(auditBefore);
    expect(await openAssignments(c.id)).toHaveLength(1);

    const overridden = await opsMutation('assignCase', {
      caseId: full.id,
      version: full.version,
      vendorId: v.alpha.id,
      overrideCapacity: true,
      reason: 'alpha agreed to take one more',
      idempotencyKey: `assign-${full.id}`,
    });
    expect(overridden.data!.assignCase).toMatchObject({ status: 'OFFERED', vendorId: v.alpha.id });
    // The same key again answers the first result and does not assign twice.
    const replay = await opsMutation('assignCase', {
      caseId: full.id,
      version: full.version,
      vendorId: v.alpha.id,
      overrideCapacity: true,
      reason: 'alpha agreed to take one more',
      idempotencyKey: `assign-${full.id}`,
    });
    expect(replay.data!.assignCase).toMatchObject({ status: 'OFFERED', vendorId: v.alpha.id });
    expect(await openAssignments(full.id)).toEqual([
      expect.objectContaining({ vendorId: v.alpha.id, status: 'OFFERED' }),
    ]);
    expect(await stack.owner.assignment.count({ where: { caseId: full.id } })).toBe(2);
  });
});

// ───────────────────────────── bulk ─────────────────────────────

describe('bulk re-route', () => {
  it('dry-runs, then moves every case exactly once while the partner accepts some of them', async () => {
    // Cases offered to alpha; a fresh scope-free filter would catch other tests' cases, so
    // tag these by creation time.
    const before = new Date();
    const cases: CaseShape[] = [];
    while (cases.length < 24) cases.push(await offeredTo(v.alpha));
    const createdBefore = new Date();
    expect(createdBefore.getTime()).toBeGreaterThanOrEqual(before.getTime());
    const ours = new Set(cases.map((c) => c.id));
    // Other tests' cases held by alpha: the filter must tell ours apart.
    const input = {
      kind: 'REROUTE',
      filter: { vendorId: v.alpha.id, scope: ['GENERAL'], status: ['OFFERED'], createdBefore },
      reason: 'alpha site outage',
    };
    const others = await stack.owner.case.count({
      where: {
        vendorId: v.alpha.id,
        scopeCode: 'GENERAL',
        status: 'OFFERED',
        createdAt: { lt: createdBefore },
        id: { notIn: [...ours] },
      },
    });

    const preview = await stack.graphql<{
      previewBulkCaseOperation: {
        total: number;
        outcomes: { key: string; vendorId: string | null; count: number }[];
      };
    }>(
      `query($i: BulkCaseOperationInput!) { previewBulkCaseOperation(input: $i) {
          total outcomes { key vendorId count } } }`,
      { i: input },
      opsToken,
    );
    expect(preview.errors).toBeUndefined();
    expect(preview.data!.previewBulkCaseOperation).toEqual({
      total: cases.length + others,
      outcomes: [{ key: v.beta.id, vendorId: v.beta.id, count: cases.length + others }],
    });
    // The dry run changed nothing.
    for (const c of cases) expect(await readCase(c.id)).toEqual(c);

    const started = await stack.graphql<{
      startBulkCaseOperation: { id: string; status: string; total: number };
    }>(
      `mutation($i: BulkCaseOperationInput!) { startBulkCaseOperation(input: $i) { id status total } }`,
      { i: input },
      opsToken,
    );
    expect(started.errors).toBeUndefined();
    const { id } = started.data!.startBulkCaseOperation;

    // Meanwhile the partner accepts what it can, with the version it read.
    const partner = await stack.vendorToken(v.alpha);
    const acceptedByPartner: string[] = [];
    const refused: string[] = [];
    await Promise.all(
      cases
        .filter((_, i) => i % 2 === 1)
        .map(async (c) => {
          const r = await stack.graphql<{ acceptCase: CaseShape }>(
            `mutation($i: AcceptCaseInput!) { acceptCase(input: $i) { ${CASE} } }`,
            { i: { caseId: c.id, version: c.version } },
            partner,
          );
          if (r.errors) refused.push(String(r.errors[0]?.extensions?.code));
          else acceptedByPartner.push(c.id);
        }),
    );
    expect(
      refused.every((code) => ['CONFLICT', 'NOT_FOUND', 'INVALID_TRANSITION'].includes(code)),
    ).toBe(true);

    const done = await eventually(
      async () => {
        const r = await stack.graphql<{
          bulkCaseOperation: {
            status: string;
            processed: number;
            total: number;
            succeeded: number;
            skipped: number;
            outcomes: { key: string; count: number }[];
          };
        }>(
          `query($id: ID!) { bulkCaseOperation(id: $id) {
              status processed total succeeded skipped outcomes { key count } } }`,
          { id },
          opsToken,
        );
        const op = r.data?.bulkCaseOperation;
        return op?.status === 'SUCCEEDED' ? op : undefined;
      },
      { what: 'the bulk operation to finish', timeoutMs: 30_000 },
    );
    expect(done.processed).toBe(done.total);
    expect(done.succeeded + done.skipped).toBe(done.total);

    // No case lost, none held twice: each has exactly one open assignment, of its holder.
    let movedToBeta = 0;
    for (const c of cases) {
      const now = await readCase(c.id);
      const open = await openAssignments(c.id);
      expect(open).toHaveLength(1);
      expect(open[0]!.vendorId).toBe(now.vendorId);
      if (acceptedByPartner.includes(c.id)) {
        expect(now).toMatchObject({ status: 'ACCEPTED', vendorId: v.alpha.id });
      } else {
        expect(now).toMatchObject({ status: 'OFFERED', vendorId: v.beta.id });
        movedToBeta += 1;
        expect((await webhook(c.id, 'case.recalled', v.alpha.id)).verified).toBe(true);
        expect((await webhook(c.id, 'case.assigned', v.beta.id)).verified).toBe(true);
      }
    }
    expect(movedToBeta).toBe(cases.length - acceptedByPartner.length);
    const byKey = Object.fromEntries(done.outcomes.map((o) => [o.key, o.count]));
    expect(byKey[v.beta.id]).toBe(movedToBeta + others);
    expect(byKey['SKIPPED:CHANGED'] ?? 0).toBe(acceptedByPartner.length);
  }, 60_000);
});

describe('bulk operation progress subscription', () => {
  /** Opens a GraphQL subscription over SSE and resolves with the first `next` payload. */
  async function firstNotice(token: string, query: string, signal: AbortSignal) {
    const response = await stack.gateway.app.fetch(
      new Request('http://gateway.test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ query }),
        signal,
      }),
    );
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended without a notice');
      buffer += value;
      for (const frame of buffer.split('\n\n')) {
        const data = frame.split('\n').find((l) => l.startsWith('data:'));
        if (data && frame.includes('event: next')) return JSON.parse(data.slice(5));
      }
    }
  }

  it('pushes the progress the worker publishes to ops subscribed to that operation', async () => {
    // An operation over no case, not queued: the run below is the one that reports it.
    const op = await startBulkCaseOperation(
      app,
      OPS_ACTOR,
      { kind: 'RECALL', filter: { vendorId: v.usSecure.id }, reason: 'nothing to move' },
      { enqueue: async () => {} },
    );
    const controller = new AbortController();
    const notice = firstNotice(
      opsToken,
      `subscription { bulkCaseOperationProgress(id: "${op.id}") { operationId status processed total } }`,
      controller.signal,
    );
    const redis = createRedis(process.env.REDIS_URL ?? LOCAL_REDIS_URL, 'worker');
    try {
      await eventually(
        async () => Number((await redis.pubsub('NUMSUB', bulkOperationChannel(op.id)))[1]) > 0,
        { what: 'the gateway to subscribe' },
      );
      // The worker's handler, as BullMQ calls it (the schedule may run the operation too; a
      // finished operation still reports its final state once).
      const handler = createBulkCaseOperationHandler({
        prisma: app,
        redis,
        logger: pino({ level: 'silent' }),
      });
      await handler({
        data: { operationId: op.id },
        opts: { attempts: 1 },
        attemptsMade: 0,
        updateProgress: async () => {},
      } as never);
      expect(await notice).toEqual({
        data: {
          bulkCaseOperationProgress: {
            operationId: op.id,
            status: 'SUCCEEDED',
            processed: 0,
            total: 0,
          },
        },
      });
    } finally {
      controller.abort();
      redis.disconnect();
    }

    // Refused when subscribing, not only per notice: a partner holds no stream open.
    const partner = await stack.vendorToken(v.alpha);
    const refused = await stack.graphql(
      `subscription { bulkCaseOperationProgress(id: "${op.id}") { status } }`,
      {},
      partner,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
