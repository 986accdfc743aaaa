// The gateway's daily job end to end, with every real part: intake through GraphQL → routed
// in the same transaction → the worker relays and delivers a signed webhook to the partner's
// HTTP receiver (verified with the `standardwebhooks` library) → the partner reads the case
// through GraphQL and works it to resolution; the events and SLA fields tell the story.
import { randomBytes } from 'node:crypto';
import { seedDemoData } from '@bvg/demo-seed';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { loadWorkerEnv, type RunningWorker, startWorker } from '@bvg/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeKeysUnder } from '../support/redis-keys.ts';
import { eventually, type Receiver, startVerifyingReceiver } from './dispatch-harness.ts';

let stack: TestStack;
let worker: RunningWorker;
const prefix = `bvgtest-${randomBytes(4).toString('hex')}`;
let receiver: Receiver;

beforeAll(async () => {
  stack = await createTestStack();
  await seedDemoData(stack.owner, { casesPerDay: 1 });
  receiver = await startVerifyingReceiver();
  // Every partner's endpoint points at this receiver; it knows every endpoint's secret.
  await stack.owner.webhookEndpoint.updateMany({ data: { url: receiver.url } });
  receiver.secrets = (await stack.owner.webhookSecret.findMany()).map((s) => s.secret);
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

describe('intake to resolution', () => {
  it('routes, delivers a verified webhook, and lets the partner work the case to resolution', async () => {
    const intake = await stack.internalToken(['intake'], 'webform');
    const submitted = await stack.graphql<{
      submitCase: { caseId: string; status: string; vendorId: string };
    }>(
      'mutation($i: SubmitCaseInput!) { submitCase(input: $i) { caseId status vendorId } }',
      {
        i: {
          source: 'webform',
          externalRef: `wf-${randomBytes(4).toString('hex')}`,
          region: 'EU',
          scope: 'ACCOUNT_ACCESS',
          channel: 'WEBFORM',
          language: 'de',
          priority: 'P2',
          subjectRef: 'user-77de',
          subject: { email: 'lena@example.test', description: 'Kann mich nicht anmelden' },
        },
      },
      intake,
    );
    expect(submitted.errors).toBeUndefined();
    const { caseId, vendorId } = submitted.data!.submitCase;
    expect(submitted.data!.submitCase.status).toBe('OFFERED');
    const vendor = await stack.owner.vendor.findUniqueOrThrow({ where: { id: vendorId } });
    expect(vendor.gdprAgreement).toBe(true); // an EU case only goes to a GDPR-cleared vendor

    // The webhook arrives, signed, thin, and verifiable with the reference library.
    const delivery = await eventually(
      () =>
        receiver.received.find(
          (r) => r.payload.type === 'case.assigned' && r.payload.data.caseId === caseId,
        ),
      { what: 'the case.assigned webhook' },
    );
    expect(delivery.verified).toBe(true);
    expect(delivery.payload.data).toMatchObject({ caseId, vendorId });
    expect(delivery.body).not.toContain('lena@example.test');

    // The partner fetches the case and works it.
    const client = await stack.owner.apiClient.findFirstOrThrow({ where: { vendorId } });
    const token = await stack.vendorToken({ id: vendorId, clientId: client.clientId });
    const read = await stack.graphql<{
      case: {
        version: number;
        status: string;
        firstResponseDueAt: string;
        resolutionDueAt: string;
      };
    }>(
      'query($id: ID!) { case(id: $id) { version status firstResponseDueAt resolutionDueAt } }',
      { id: caseId },
      token,
    );
    expect(read.data?.case.status).toBe('OFFERED');
    expect(read.data?.case.firstResponseDueAt).toBeTruthy();
    expect(
      new Date(read.data!.case.resolutionDueAt) > new Date(read.data!.case.firstResponseDueAt),
    ).toBe(true);

    let version = read.data!.case.version;
    for (const [name, extra] of [
      ['acceptCase', {}],
      ['recordResponse', {}],
      ['resolveCase', { resolutionCode: 'ACCOUNT_RECOVERED', firstContactResolution: true }],
    ] as const) {
      const type = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
      const res = await stack.graphql<Record<string, { version: number }>>(
        `mutation($i: ${type}!) { ${name}(input: $i) { version } }`,
        { i: { caseId, version, ...extra } },
        token,
      );
      expect(res.errors).toBeUndefined();
      version = res.data![name]!.version;
    }

    const done = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(done.status).toBe('RESOLVED');
    expect(done.firstResponseAt).not.toBeNull();
    expect(done.resolvedAt).not.toBeNull();
    expect(done.firstContactResolution).toBe(true);
    const events = await stack.owner.caseEvent.findMany({
      where: { caseId },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.type)).toEqual([
      'CREATED',
      'ROUTED',
      'OFFERED',
      'ACCEPTED',
      'RESPONDED',
      'RESOLVED',
    ]);
    expect(events.at(-1)?.version).toBe(done.version);
  });
});
