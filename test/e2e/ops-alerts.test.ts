// An alert's life end to end: a case nobody may take raises UNROUTED_CASE in the routing
// transaction; the worker relays it to the ops notification endpoint (a real HTTP receiver
// verifying the Standard Webhooks signature with the `standardwebhooks` library) and to a
// console subscribed over server-sent events; ops acknowledge it and resolve it with a note,
// and the endpoint hears of both.
import { randomBytes } from 'node:crypto';
import { seedDemoData } from '@bvg/demo-seed';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { loadWorkerEnv, type RunningWorker, startWorker } from '@bvg/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeKeysUnder } from '../support/redis-keys.ts';
import { eventually, type Receiver, startVerifyingReceiver } from './dispatch-harness.ts';

let stack: TestStack;
let worker: RunningWorker;
let pager: Receiver;
const prefix = `bvgtest-${randomBytes(4).toString('hex')}`;
let ops: string;

beforeAll(async () => {
  stack = await createTestStack();
  await seedDemoData(stack.owner, { casesPerDay: 1 });
  pager = await startVerifyingReceiver();
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
  await pager?.close();
  await stack?.close();
});

/** Collects the `alertEvents` subscription's payloads until aborted. */
function subscribeToAlerts(token: string, signal: AbortSignal) {
  const events: { type: string; alertId: string; kind: string; severity: string }[] = [];
  const ready = (async () => {
    const response = await stack.gateway.app.fetch(
      new Request('http://gateway.test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({
          query: 'subscription { alertEvents { type alertId kind severity message } }',
        }),
        signal,
      }),
    );
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = frame.split('\n').find((l) => l.startsWith('data:'));
            if (data && frame.includes('event: next')) {
              events.push(JSON.parse(data.slice(5)).data.alertEvents);
            }
            end = buffer.indexOf('\n\n');
          }
        }
      } catch {
        // aborted
      }
    })();
  })();
  return { events, ready };
}

type AlertView = {
  id: string;
  status: string;
  kind: string;
  severity: string;
  occurrences: number;
};

describe('ops alerts', () => {
  it('an alert is raised, delivered signed to the ops endpoint, acknowledged and resolved', async () => {
    const endpoint = await stack.graphql<{
      createOpsNotificationEndpoint: { endpoint: { id: string }; secret: string };
    }>(
      'mutation($u: String!) { createOpsNotificationEndpoint(url: $u, description: "pager") { endpoint { id } secret } }',
      { u: pager.url },
      ops,
    );
    expect(endpoint.errors).toBeUndefined();
    pager.secrets.push(endpoint.data!.createOpsNotificationEndpoint.secret);
    const listed = await stack.graphql<{ opsNotificationEndpoints: { id: string }[] }>(
      '{ opsNotificationEndpoints { id } }',
      {},
      ops,
    );
    expect(listed.data!.opsNotificationEndpoints.map((e) => e.id)).toEqual([
      endpoint.data!.createOpsNotificationEndpoint.endpoint.id,
    ]);

    const abort = new AbortController();
    const console = subscribeToAlerts(ops, abort.signal);
    await console.ready;
    try {
      // A P1 case in a language no vendor is certified for: unrouted, and ops must know now.
      const intake = await stack.internalToken(['intake'], 'webform');
      const submitted = await stack.graphql<{ submitCase: { caseId: string; status: string } }>(
        'mutation($i: SubmitCaseInput!) { submitCase(input: $i) { caseId status } }',
        {
          i: {
            source: 'webform',
            externalRef: `al-${randomBytes(5).toString('hex')}`,
            region: 'IN',
            scope: 'GENERAL',
            channel: 'WEBFORM',
            language: 'ja',
            priority: 'P1',
            subjectRef: 'user-jp1',
            subject: { email: 'kenji@example.test' },
          },
        },
        intake,
      );
      expect(submitted.data!.submitCase.status).toBe('UNROUTED');
      const caseId = submitted.data!.submitCase.caseId;

      // Delivered to the ops endpoint, signed (verified with the reference library).
      const raised = await eventually(
        () =>
          pager.received.find(
            (r) => r.payload.type === 'alert.raised' && r.payload.data.caseId === caseId,
          ),
        { what: 'alert.raised at the ops endpoint' },
      );
      expect(raised.verified).toBe(true);
      expect(raised.payload.data).toMatchObject({
        kind: 'UNROUTED_CASE',
        severity: 'CRITICAL',
        status: 'OPEN',
      });
      const alertId = String(raised.payload.data.alertId);
      // The payload is thin: no subject data.
      expect(raised.body).not.toContain('kenji');
      // …and pushed to the subscribed console.
      await eventually(() => console.events.find((e) => e.alertId === alertId), {
        what: 'the alert on the subscription',
      });

      const open = await stack.graphql<{ alerts: { edges: { node: AlertView }[] } }>(
        'query($c: ID!) { alerts(filter: { caseId: $c }) { edges { node { id status kind severity occurrences } } } }',
        { c: caseId },
        ops,
      );
      expect(open.data!.alerts.edges.map((e) => e.node)).toEqual([
        {
          id: alertId,
          status: 'OPEN',
          kind: 'UNROUTED_CASE',
          severity: 'CRITICAL',
          occurrences: 1,
        },
      ]);

      const ack = await stack.graphql<{ acknowledgeAlert: AlertView & { acknowledgedBy: string } }>(
        'mutation($id: ID!) { acknowledgeAlert(id: $id, note: "Looking for a Japanese-speaking team") { id status acknowledgedBy } }',
        { id: alertId },
        ops,
      );
      expect(ack.data!.acknowledgeAlert).toMatchObject({
        status: 'ACKNOWLEDGED',
        acknowledgedBy: 'ops.lena',
      });

      const noNote = await stack.graphql(
        'mutation($id: ID!) { resolveAlert(id: $id, note: "") { id } }',
        { id: alertId },
        ops,
      );
      expect(noNote.errors?.[0]?.extensions).toMatchObject({
        code: 'VALIDATION',
        problems: [{ path: 'note', message: 'say what was done' }],
      });

      const done = await stack.graphql<{
        resolveAlert: { status: string; resolvedBy: string; resolutionNote: string };
      }>(
        'mutation($id: ID!) { resolveAlert(id: $id, note: "Routed by hand to the Tokyo desk") { status resolvedBy resolutionNote } }',
        { id: alertId },
        ops,
      );
      expect(done.data!.resolveAlert).toEqual({
        status: 'RESOLVED',
        resolvedBy: 'ops.lena',
        resolutionNote: 'Routed by hand to the Tokyo desk',
      });
      const again = await stack.graphql(
        'mutation($id: ID!) { resolveAlert(id: $id, note: "twice") { id } }',
        { id: alertId },
        ops,
      );
      expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');

      // The pager hears of both, in order, with the same alert id.
      await eventually(
        () =>
          pager.received.some(
            (r) => r.payload.type === 'alert.resolved' && r.payload.data.alertId === alertId,
          ),
        { what: 'alert.resolved at the ops endpoint' },
      );
      const trail = pager.received
        .filter((r) => r.payload.data.alertId === alertId)
        .map((r) => [r.payload.type, r.verified]);
      expect(trail).toEqual([
        ['alert.raised', true],
        ['alert.acknowledged', true],
        ['alert.resolved', true],
      ]);
      // Unresolved alerts are the default view: this one is gone from it.
      const remaining = await stack.graphql<{ alerts: { edges: unknown[] } }>(
        'query($c: ID!) { alerts(filter: { caseId: $c }) { edges { node { id } } } }',
        { c: caseId },
        ops,
      );
      expect(remaining.data!.alerts.edges).toEqual([]);
      const audit = await stack.owner.auditEvent.findMany({
        where: { targetType: 'Alert', targetId: alertId },
        orderBy: { id: 'asc' },
      });
      expect(audit.map((a) => [a.action, a.actorId])).toEqual([
        ['alert.acknowledge', 'ops.lena'],
        ['alert.resolve', 'ops.lena'],
      ]);
    } finally {
      abort.abort();
    }
  });

  it('is for ops: a partner cannot read alerts nor register the ops endpoint', async () => {
    const vendor = await stack.seed.vendor();
    const partner = await stack.vendorToken(vendor);
    const read = await stack.graphql('{ alerts { edges { node { id } } } }', {}, partner);
    expect(read.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const register = await stack.graphql(
      'mutation { createOpsNotificationEndpoint(url: "https://hooks.example/x") { secret } }',
      {},
      partner,
    );
    expect(register.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
