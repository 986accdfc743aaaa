// A partner's sandbox end to end, with every real part (PostgreSQL, Redis, the worker, an HTTP
// receiver verifying signatures with the `standardwebhooks` library): ops issue sandbox
// credentials, the sandbox client gets a token at /oauth/token, makes synthetic cases, gets
// the signed `case.assigned` webhook and works a case to resolution. Synthetic and real work
// never meet: real intake never reaches the sandbox, no real figure counts a synthetic case,
// and neither tenant can read the other's cases.
import { randomBytes, randomUUID } from 'node:crypto';
import { systemScope, withScope } from '@bvg/db';
import { seedDemoData } from '@bvg/demo-seed';
import { refreshRollupsForCases } from '@bvg/domain';
import { loadGatewayEnv } from '@bvg/gateway';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { loadWorkerEnv, type RunningWorker, startWorker } from '@bvg/worker';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeKeysUnder } from '../support/redis-keys.ts';
import { eventually, type Receiver, startVerifyingReceiver } from './dispatch-harness.ts';

let stack: TestStack;
let worker: RunningWorker;
let receiver: Receiver;
const prefix = `bvgtest-${randomBytes(4).toString('hex')}`;
let ops: string;
let partner: { id: string; clientId: string };

beforeAll(async () => {
  stack = await createTestStack();
  await seedDemoData(stack.owner, { casesPerDay: 1 });
  receiver = await startVerifyingReceiver();
  worker = await startWorker(
    loadWorkerEnv({
      NODE_ENV: 'test',
      DATABASE_URL: stack.db.url,
      APP_DATABASE_URL: stack.db.appUrl,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'fatal',
      RELAY_POLL_MS: '20',
      SANDBOX_CASES_EVERY_MS: '200',
      OFFER_EXPIRY_EVERY_MS: '200',
    }),
  );
  ops = await stack.internalToken(['ops'], 'ops.sandbox');
  const lotus = await stack.owner.vendor.findUniqueOrThrow({ where: { slug: 'lotus-cx' } });
  partner = { id: lotus.id, clientId: 'lotus-cx-prod' };
}, 60_000);
afterAll(async () => {
  await worker?.close();
  await removeKeysUnder(prefix);
  await receiver?.close();
  await stack?.close();
});

const ISSUE = `mutation ($i: IssueSandboxCredentialsInput!) {
  issueSandboxCredentials(input: $i) {
    tenantCreated clientSecret
    sandbox { id slug partnerVendorId }
    client { clientId vendorId authMethod }
    webhookEndpoints { id url secret }
  }
}`;
type Issued = {
  issueSandboxCredentials: {
    tenantCreated: boolean;
    clientSecret: string | null;
    sandbox: { id: string; slug: string; partnerVendorId: string };
    client: { clientId: string; vendorId: string; authMethod: string };
    webhookEndpoints: { id: string; url: string; secret: string }[];
  };
};
const GENERATE = `mutation ($i: GenerateSandboxCasesInput!) {
  generateSandboxCases(input: $i) { caseId version status region scope }
}`;
type Generated = {
  generateSandboxCases: {
    caseId: string;
    version: number;
    status: string;
    region: string;
    scope: string;
  }[];
};

async function tokenFor(clientId: string, secret: string): Promise<string> {
  const response = await stack.fetch('/oauth/token', {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** One sandbox, issued once and shared by the specs below (they run in order). */
let sandbox: { id: string; clientId: string; token: string };

async function generate(count: number, extra: Record<string, unknown> = {}, token = sandbox.token) {
  const res = await stack.graphql<Generated>(GENERATE, { i: { count, ...extra } }, token);
  expect(res.errors).toBeUndefined();
  return res.data!.generateSandboxCases;
}

const today = () => {
  const start = new Date();
  start.setUTCHours(0, 0, 0, 0);
  return { start: start.toISOString(), end: new Date(start.getTime() + 86_400_000).toISOString() };
};

describe('a partner sandbox', { timeout: 60_000 }, () => {
  it('lets ops issue credentials the sandbox client can get a token with', async () => {
    const res = await stack.graphql<Issued>(
      ISSUE,
      {
        i: {
          partnerVendorId: partner.id,
          clientId: 'lotus-cx-sandbox',
          authMethod: 'CLIENT_SECRET_BASIC',
          webhookEndpoints: [{ url: receiver.url }],
          reason: 'pre-go-live integration',
        },
      },
      ops,
    );
    expect(res.errors).toBeUndefined();
    const issued = res.data!.issueSandboxCredentials;
    expect(issued.tenantCreated).toBe(true);
    expect(issued.sandbox.partnerVendorId).toBe(partner.id);
    expect(issued.sandbox.id).not.toBe(partner.id);
    expect(issued.client).toEqual({
      clientId: 'lotus-cx-sandbox',
      vendorId: issued.sandbox.id,
      authMethod: 'CLIENT_SECRET_BASIC',
    });
    expect(issued.webhookEndpoints).toHaveLength(1);
    expect(issued.webhookEndpoints[0]!.secret).toMatch(/^whsec_/);
    receiver.secrets.push(issued.webhookEndpoints[0]!.secret);

    // The sandbox inherits the partner's contract terms, so redaction and SLAs match production.
    const contracts = await stack.owner.contract.count({ where: { vendorId: issued.sandbox.id } });
    expect(contracts).toBe(1);

    const token = await tokenFor('lotus-cx-sandbox', issued.clientSecret!);
    sandbox = { id: issued.sandbox.id, clientId: 'lotus-cx-sandbox', token };
    const viewer = await stack.graphql<{ viewer: { vendorId: string } }>(
      '{ viewer { vendorId } }',
      {},
      token,
    );
    expect(viewer.data!.viewer.vendorId).toBe(sandbox.id);
  });

  it("issues a private_key_jwt sandbox client that authenticates with the partner's own key", async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'sandbox-key-1', alg: 'ES256' };
    const res = await stack.graphql<Issued>(
      ISSUE,
      {
        i: {
          partnerVendorId: partner.id,
          clientId: 'lotus-cx-sandbox-jwt',
          authMethod: 'PRIVATE_KEY_JWT',
          jwks: { keys: [jwk] },
          reason: 'key-based integration',
        },
      },
      ops,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.issueSandboxCredentials.clientSecret).toBeNull();
    expect(res.data!.issueSandboxCredentials.sandbox.id).toBe(sandbox.id);
    const assertion = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES256', kid: 'sandbox-key-1' })
      .setIssuer('lotus-cx-sandbox-jwt')
      .setSubject('lotus-cx-sandbox-jwt')
      .setAudience(loadGatewayEnv({ NODE_ENV: 'test' }).PUBLIC_URL)
      .setIssuedAt()
      .setExpirationTime('2m')
      .sign(privateKey);
    const response = await stack.fetch('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'lotus-cx-sandbox-jwt',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      }).toString(),
    });
    expect(response.status).toBe(200);
    const { access_token } = (await response.json()) as { access_token: string };
    const viewer = await stack.graphql<{ viewer: { vendorId: string } }>(
      '{ viewer { vendorId } }',
      {},
      access_token,
    );
    expect(viewer.data!.viewer.vendorId).toBe(sandbox.id);
  });

  it('refuses bad issues with every problem, and a second issue reuses the tenant', async () => {
    const bad = await stack.graphql(
      ISSUE,
      {
        i: {
          partnerVendorId: partner.id,
          clientId: 'X',
          authMethod: 'PRIVATE_KEY_JWT',
          webhookEndpoints: [{ url: 'ftp://nowhere', eventTypes: ['case.nope'] }],
          reason: 'x',
        },
      },
      ops,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const paths = (bad.errors![0]!.extensions!.problems as { path: string }[]).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'clientId',
        'jwks',
        'webhookEndpoints.0.url',
        'webhookEndpoints.0.eventTypes.0',
      ]),
    );
    const asSandboxPartner = await stack.graphql(
      ISSUE,
      {
        i: {
          partnerVendorId: sandbox.id,
          clientId: 'nested-sandbox',
          authMethod: 'CLIENT_SECRET_BASIC',
          reason: 'x',
        },
      },
      ops,
    );
    expect(asSandboxPartner.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const partnerClient = await stack.graphql(
      ISSUE,
      {
        i: {
          partnerVendorId: partner.id,
          clientId: 'x-sandbox',
          authMethod: 'CLIENT_SECRET_BASIC',
          reason: 'x',
        },
      },
      await stack.vendorToken(partner),
    );
    expect(partnerClient.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await stack.owner.apiClient.count({ where: { clientId: 'nested-sandbox' } })).toBe(0);

    const again = await stack.graphql<Issued>(
      ISSUE,
      {
        i: {
          partnerVendorId: partner.id,
          clientId: 'lotus-cx-sandbox-2',
          authMethod: 'CLIENT_SECRET_BASIC',
          reason: 'second team',
        },
      },
      ops,
    );
    expect(again.data!.issueSandboxCredentials.tenantCreated).toBe(false);
    expect(again.data!.issueSandboxCredentials.sandbox.id).toBe(sandbox.id);
  });

  it('runs the whole flow on synthetic cases: offer, signed webhook, accept, respond, resolve', async () => {
    const cases = await generate(3, { region: 'IN', scope: 'ACCOUNT_ACCESS' });
    expect(cases).toHaveLength(3);
    for (const c of cases) {
      expect(c).toMatchObject({ status: 'OFFERED', region: 'IN', scope: 'ACCOUNT_ACCESS' });
    }
    // Each offer reaches the sandbox's receiver, signed like a real one.
    for (const c of cases) {
      const delivery = await eventually(
        () =>
          receiver.received.find(
            (r) => r.payload.type === 'case.assigned' && r.payload.data.caseId === c.caseId,
          ),
        { what: `the case.assigned webhook of ${c.caseId}` },
      );
      expect(delivery.verified).toBe(true);
      expect(delivery.payload.data).toMatchObject({ caseId: c.caseId, vendorId: sandbox.id });
    }

    const first = cases[0]!;
    const read = await stack.graphql<{
      case: {
        version: number;
        status: string;
        sandbox: boolean;
        firstResponseDueAt: string | null;
        subject: { email: { value: string | null }; displayName: { value: string | null } };
      };
    }>(
      `query ($id: ID!) { case(id: $id) { version status sandbox firstResponseDueAt
         subject { email { value } displayName { value } } } }`,
      { id: first.caseId },
      sandbox.token,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data!.case.status).toBe('OFFERED');
    expect(read.data!.case.sandbox).toBe(true);
    // The partner's contract grants PII in IN, so the fake subject shows, obviously fake.
    expect(read.data!.case.subject.email.value).toMatch(/@example\.invalid$/);
    expect(read.data!.case.subject.displayName.value).toMatch(/^Sandbox User /);
    // SLA clocks from the copied contract.
    expect(read.data!.case.firstResponseDueAt).not.toBeNull();

    let version = read.data!.case.version;
    for (const [name, extra] of [
      ['acceptCase', {}],
      ['recordResponse', {}],
      ['resolveCase', { resolutionCode: 'ACCOUNT_RECOVERED', firstContactResolution: true }],
    ] as const) {
      const type = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
      const res = await stack.graphql<Record<string, { version: number; status: string }>>(
        `mutation($i: ${type}!) { ${name}(input: $i) { version status } }`,
        { i: { caseId: first.caseId, version, ...extra } },
        sandbox.token,
      );
      expect(res.errors).toBeUndefined();
      version = res.data![name]!.version;
    }
    const done = await stack.owner.case.findUniqueOrThrow({ where: { id: first.caseId } });
    expect(done).toMatchObject({ status: 'RESOLVED', sandbox: true, vendorId: sandbox.id });
    const subjects = await stack.owner.caseSubject.findMany({
      where: { caseId: { in: cases.map((c) => c.caseId) } },
    });
    expect(subjects.map((s) => s.email)).toEqual(
      Array(3).fill(expect.stringMatching(/@example\.invalid$/)),
    );
  });

  it('refuses bad generation input with every problem at once, and makes nothing', async () => {
    const before = await stack.owner.case.count({ where: { sandbox: true } });
    const res = await stack.graphql(
      GENERATE,
      { i: { count: 0, language: 'not a tag', scope: 'NO_SUCH_SCOPE', region: 'MARS' } },
      sandbox.token,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const paths = (res.errors![0]!.extensions!.problems as { path: string }[]).map((p) => p.path);
    expect(paths.sort()).toEqual(['count', 'language', 'region', 'scope']);
    // The partner (Lotus, India) has no US data clearance: no US case would ever reach it.
    const us = await stack.graphql(GENERATE, { i: { count: 1, region: 'US' } }, sandbox.token);
    expect(us.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(await stack.owner.case.count({ where: { sandbox: true } })).toBe(before);
  });

  it('lets a rejected synthetic case leave the sandbox for nowhere: no real vendor, no alert', async () => {
    const [c] = await generate(1);
    const res = await stack.graphql(
      'mutation($i: RejectCaseInput!) { rejectCase(input: $i) { status } }',
      { i: { caseId: c!.caseId, version: c!.version, reason: 'testing rejection' } },
      sandbox.token,
    );
    expect(res.errors).toBeUndefined();
    const unrouted = await eventually(
      async () => {
        const row = await stack.owner.case.findUniqueOrThrow({ where: { id: c!.caseId } });
        return row.status === 'UNROUTED' ? row : undefined;
      },
      { what: 'the rejected synthetic case to be settled' },
    );
    expect(unrouted.vendorId).toBeNull();
    const holders = await stack.owner.assignment.findMany({ where: { caseId: c!.caseId } });
    expect(holders.map((a) => a.vendorId)).toEqual([sandbox.id]);
    expect(await stack.owner.alert.count({ where: { caseId: c!.caseId } })).toBe(0);
  });

  it('recalls a lapsed synthetic offer with a signed case.recalled, and routes it nowhere', async () => {
    const [c] = await generate(1);
    await stack.owner.assignment.updateMany({
      where: { caseId: c!.caseId },
      data: { leaseExpiresAt: new Date(Date.now() - 1000) },
    });
    const recalled = await eventually(
      () =>
        receiver.received.find(
          (r) => r.payload.type === 'case.recalled' && r.payload.data.caseId === c!.caseId,
        ),
      { what: 'the case.recalled webhook of the lapsed offer' },
    );
    expect(recalled.verified).toBe(true);
    expect(recalled.payload.data).toMatchObject({ vendorId: sandbox.id, reason: 'OFFER_EXPIRED' });
    const row = await stack.owner.case.findUniqueOrThrow({ where: { id: c!.caseId } });
    expect(row).toMatchObject({ status: 'UNROUTED', vendorId: null });
    const holders = await stack.owner.assignment.findMany({ where: { caseId: c!.caseId } });
    expect(holders.map((a) => [a.vendorId, a.status])).toEqual([[sandbox.id, 'EXPIRED']]);
  });

  it('lets ops make synthetic cases for a sandbox tenant, and for no real vendor', async () => {
    const made = await stack.graphql<Generated>(
      GENERATE,
      { i: { count: 2, vendorId: sandbox.id } },
      ops,
    );
    expect(made.errors).toBeUndefined();
    const ids = made.data!.generateSandboxCases.map((c) => c.caseId);
    const rows = await stack.owner.case.findMany({ where: { id: { in: ids } } });
    expect(rows.map((r) => [r.vendorId, r.sandbox])).toEqual([
      [sandbox.id, true],
      [sandbox.id, true],
    ]);
    const forReal = await stack.graphql(GENERATE, { i: { count: 1, vendorId: partner.id } }, ops);
    expect(forReal.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(forReal.errors?.[0]?.extensions?.problems).toEqual([
      { path: 'vendorId', message: 'is not a sandbox tenant' },
    ]);
  });

  it('never routes real intake to the sandbox, and refuses rules or holders that would', async () => {
    const intake = await stack.internalToken(['intake'], 'webform');
    const submitted = await stack.graphql<{
      submitCases: { case: { caseId: string; vendorId: string | null } | null }[];
    }>(
      `mutation ($inputs: [SubmitCaseInput!]!) {
         submitCases(inputs: $inputs) { case { caseId vendorId } } }`,
      {
        inputs: Array.from({ length: 20 }, (_, i) => ({
          source: 'webform',
          externalRef: `sbx-real-${i}-${randomBytes(3).toString('hex')}`,
          region: 'IN',
          scope: 'ACCOUNT_ACCESS',
          channel: 'WEBFORM',
          language: 'en',
          subjectRef: `user-${i}`,
        })),
      },
      intake,
    );
    expect(submitted.errors).toBeUndefined();
    const holders = submitted.data!.submitCases.map((s) => s.case!.vendorId);
    expect(holders.filter((v) => v !== null).length).toBeGreaterThan(0);
    expect(holders).not.toContain(sandbox.id);

    // The source synthetic cases use is not real intake's to take.
    const reserved = await stack.graphql(
      'mutation ($i: SubmitCaseInput!) { submitCase(input: $i) { caseId } }',
      {
        i: {
          source: 'sandbox',
          externalRef: 'x',
          region: 'IN',
          scope: 'GENERAL',
          channel: 'WEBFORM',
          language: 'en',
          subjectRef: 'u',
        },
      },
      intake,
    );
    expect(reserved.errors?.[0]?.extensions?.code).toBe('VALIDATION');

    // A rule naming the sandbox tenant is refused.
    const draft = await stack.graphql(
      `mutation ($i: CreateRoutingRulesetInput!) {
         createRoutingRuleset(input: $i, reason: "try") { version } }`,
      {
        i: {
          name: 'sbx',
          rules: [
            { name: 'to sandbox', match: {}, targets: [{ vendorId: sandbox.id, weight: 1 }] },
          ],
        },
      },
      ops,
    );
    expect(draft.errors?.[0]?.extensions?.code).toBe('VALIDATION');

    // Below the API, the database refuses a real case held by a sandbox tenant.
    const realCase = submitted.data!.submitCases[0]!.case!.caseId;
    await expect(
      stack.owner.case.update({ where: { id: realCase }, data: { vendorId: sandbox.id } }),
    ).rejects.toThrow(/sandbox tenants hold synthetic cases only/);
    const synthetic = await stack.owner.case.findFirstOrThrow({
      where: { vendorId: sandbox.id },
    });
    await expect(
      stack.owner.case.update({ where: { id: synthetic.id }, data: { vendorId: partner.id } }),
    ).rejects.toThrow(/sandbox tenants hold synthetic cases only/);
  });

  it('keeps synthetic cases out of real scorecards, comparisons and rollups', async () => {
    const manager = await stack.internalToken(['vendor_manager']);
    const synthetic = (
      await stack.owner.case.findMany({ where: { sandbox: true }, select: { id: true } })
    ).map((c) => c.id);
    expect(synthetic.length).toBeGreaterThanOrEqual(4);
    const period = today();
    const CARD = `query ($v: ID, $p: PeriodInput!) { scorecard(vendorId: $v, period: $p) {
      vendorId totals { kpis { kpi actual evidence { caseIds } } } } }`;
    type Card = {
      vendorId: string;
      totals: { kpis: { kpi: string; actual: number | null; evidence: { caseIds: string[] } }[] };
    };
    const ids = (card: Card) => card.totals.kpis.flatMap((k) => k.evidence.caseIds);

    const comparison = await stack.graphql<{ scorecards: Card[] }>(
      `query ($p: PeriodInput!) { scorecards(period: $p) {
         vendorId totals { kpis { kpi actual evidence { caseIds } } } } }`,
      { p: period },
      manager,
    );
    expect(comparison.errors).toBeUndefined();
    const cards = comparison.data!.scorecards;
    expect(cards.map((c) => c.vendorId)).toContain(partner.id);
    expect(cards.map((c) => c.vendorId)).not.toContain(sandbox.id);
    const realIds = new Set(cards.flatMap(ids));
    // Not vacuous: today's real intake is counted somewhere, and no synthetic case anywhere.
    expect(realIds.size).toBeGreaterThan(0);
    expect(synthetic.filter((id) => realIds.has(id))).toEqual([]);

    const partnerCard = await stack.graphql<{ scorecard: Card }>(
      CARD,
      { v: partner.id, p: period },
      manager,
    );
    expect(synthetic.filter((id) => ids(partnerCard.data!.scorecard).includes(id))).toEqual([]);

    // The sandbox client's own scorecard is made of its synthetic cases only.
    const own = await stack.graphql<{ scorecard: Card }>(CARD, { p: period }, sandbox.token);
    expect(own.errors).toBeUndefined();
    const ownIds = new Set(ids(own.data!.scorecard));
    expect(ownIds.size).toBeGreaterThan(0);
    expect([...ownIds].every((id) => synthetic.includes(id))).toBe(true);
    const volume = own.data!.scorecard.totals.kpis.find((k) => k.kpi === 'volume')!;
    expect(volume.actual).toBeGreaterThanOrEqual(3);

    // Rollups (which feed every fast scorecard and comparison) hold no synthetic work.
    const folded = await withScope(stack.owner, systemScope('test: fold synthetic cases'), (tx) =>
      refreshRollupsForCases(tx, synthetic),
    );
    expect(folded.cells).toBe(0);
    expect(await stack.owner.scorecardRollup.count({ where: { vendorId: sandbox.id } })).toBe(0);
  });

  it('keeps the two tenants apart: each gets NOT_FOUND for the other’s cases', async () => {
    const q = 'query ($id: ID!) { case(id: $id) { id } }';
    const realCase = await stack.owner.case.findFirstOrThrow({
      where: { vendorId: partner.id, sandbox: false },
    });
    const syntheticCase = await stack.owner.case.findFirstOrThrow({
      where: { vendorId: sandbox.id },
    });
    const partnerToken = await stack.vendorToken(partner);

    const sandboxReadsReal = await stack.graphql(q, { id: realCase.id }, sandbox.token);
    expect(sandboxReadsReal.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const realReadsSandbox = await stack.graphql(q, { id: syntheticCase.id }, partnerToken);
    expect(realReadsSandbox.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const own = await stack.graphql(q, { id: syntheticCase.id }, sandbox.token);
    expect(own.errors).toBeUndefined();

    const list = await stack.graphql<{ cases: { edges: { node: { id: string } }[] } }>(
      '{ cases(first: 100) { edges { node { id } } } }',
      {},
      sandbox.token,
    );
    const listed = list.data!.cases.edges.map((e) => e.node.id);
    expect(listed).toContain(syntheticCase.id);
    expect(listed).not.toContain(realCase.id);

    // A real partner has no sandbox of its own to fill.
    const realGenerates = await stack.graphql(GENERATE, { i: { count: 1 } }, partnerToken);
    expect(realGenerates.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Ops lists real cases unless asking for synthetic ones.
    const opsList = (sandboxFilter: boolean | null) =>
      stack.graphql<{ cases: { edges: { node: { id: string } }[] } }>(
        'query ($s: Boolean) { cases(first: 100, filter: { sandbox: $s }) { edges { node { id } } } }',
        { s: sandboxFilter },
        ops,
      );
    const real = (await opsList(null)).data!.cases.edges.map((e) => e.node.id);
    expect(real).not.toContain(syntheticCase.id);
    const synthetic = (await opsList(true)).data!.cases.edges.map((e) => e.node.id);
    expect(synthetic).toContain(syntheticCase.id);
    expect(synthetic).not.toContain(realCase.id);
  });

  it('disables a sandbox endpoint that answers 410, as in production, without alerting ops', async () => {
    const gone = await startVerifyingReceiver();
    gone.respond = () => ({ status: 410 });
    try {
      const created = await stack.graphql<{
        createWebhookEndpoint: { endpoint: { id: string }; secret: string };
      }>(
        'mutation ($u: String!) { createWebhookEndpoint(url: $u) { endpoint { id } secret } }',
        { u: gone.url },
        sandbox.token,
      );
      expect(created.errors).toBeUndefined();
      const endpointId = created.data!.createWebhookEndpoint.endpoint.id;
      await generate(1);
      const disabled = await eventually(
        async () => {
          const e = await stack.owner.webhookEndpoint.findUniqueOrThrow({
            where: { id: endpointId },
          });
          return e.active ? undefined : e;
        },
        { what: 'the sandbox endpoint answering 410 to be disabled' },
      );
      expect(disabled.disabledReason).toBeTruthy();
      expect(await stack.owner.alert.count({ where: { vendorId: sandbox.id } })).toBe(0);
    } finally {
      await gone.close();
    }
  });

  it('makes synthetic cases on the schedule the sandbox client sets', async () => {
    const set = await stack.graphql<{ setSandboxSchedule: { casesPerRun: number } | null }>(
      `mutation { setSandboxSchedule(input: { casesPerRun: 2, everyMinutes: 60, region: "IN" }) {
         casesPerRun everyMinutes nextRunAt } }`,
      {},
      sandbox.token,
    );
    expect(set.errors).toBeUndefined();
    expect(set.data!.setSandboxSchedule!.casesPerRun).toBe(2);
    const before = await stack.owner.case.count({ where: { vendorId: sandbox.id } });
    // As if the hour had passed: the worker's schedule picks it up on its next tick.
    await stack.owner.sandboxSchedule.update({
      where: { vendorId: sandbox.id },
      data: { nextRunAt: new Date(Date.now() - 1000) },
    });
    await eventually(
      async () =>
        (await stack.owner.case.count({ where: { vendorId: sandbox.id } })) === before + 2,
      { what: 'two scheduled synthetic cases' },
    );
    const next = await stack.owner.sandboxSchedule.findUniqueOrThrow({
      where: { vendorId: sandbox.id },
    });
    expect(next.nextRunAt.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);

    const off = await stack.graphql<{ setSandboxSchedule: null }>(
      'mutation { setSandboxSchedule(input: { casesPerRun: 0, everyMinutes: 60 }) { casesPerRun } }',
      {},
      sandbox.token,
    );
    expect(off.data!.setSandboxSchedule).toBeNull();
    expect(await stack.owner.sandboxSchedule.count({ where: { vendorId: sandbox.id } })).toBe(0);
  });
});
