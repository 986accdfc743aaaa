// A partner client that names other tenants' cases is answered exactly as for a random id,
// and leaves a trace: an audit record per attempt, and an alert for ops past a threshold.
import { randomUUID } from 'node:crypto';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './dispatch-harness.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack({ TENANT_PROBE_ALERT_THRESHOLD: '3' });
  await stack.seed.referenceData();
});
afterAll(async () => stack?.close());

const READ = 'query($id: ID!) { result: case(id: $id) { id } }';
const ACCEPT =
  'mutation($id: ID!) { result: acceptCase(input: { caseId: $id, version: 1 }) { status } }';
const DELIVERIES =
  'query($id: ID!) { result: webhookDeliveries(filter: { caseId: $id }) { edges { cursor } } }';

const probes = (actorId: string) =>
  stack.owner.auditEvent.findMany({
    where: { actorId, action: 'case.probe_denied' },
    orderBy: { id: 'asc' },
  });
const probingAlerts = (vendorId: string) =>
  stack.owner.alert.findMany({ where: { kind: 'TENANT_PROBING', vendorId } });

describe('probing of other tenants’ case ids', () => {
  it('records each attempt per client, alerts ops once past the threshold, and answers like a random id', async () => {
    const prober = await stack.seed.vendor();
    const victim = await stack.seed.vendor();
    const token = await stack.vendorToken(prober);
    const theirs = [
      await stack.seed.case(victim.id),
      await stack.seed.case(victim.id),
      await stack.seed.case(victim.id),
    ];
    const own = await stack.seed.case(prober.id);

    // Reading its own case and naming ids that do not exist are not probes of a tenant.
    expect((await stack.graphql(READ, { id: own.id }, token)).errors).toBeUndefined();
    const random = await stack.graphql(READ, { id: randomUUID() }, token);

    // Three different fields, each on another tenant's case: answered like the random id.
    const answers = [
      await stack.graphql(READ, { id: theirs[0]!.id }, token),
      await stack.graphql(ACCEPT, { id: theirs[1]!.id }, token),
      await stack.graphql(DELIVERIES, { id: theirs[2]!.id }, token),
    ];
    for (const answer of answers) {
      expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
      expect(answer.data?.result ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions).toEqual(random.errors?.[0]?.extensions);
    }
    expect(answers[0]!.errors?.[0]?.message).toBe(random.errors?.[0]?.message);

    const recorded = await eventually(
      async () => {
        const rows = await probes(prober.clientId);
        return rows.length === 3 ? rows : undefined;
      },
      { what: 'three probe records' },
    );
    expect(recorded.map((r) => r.targetId).sort()).toEqual(theirs.map((c) => c.id).sort());
    expect(recorded.every((r) => r.vendorId === prober.id && r.outcome === 'NOT_FOUND')).toBe(true);
    const [alert] = await eventually(
      async () => {
        const alerts = await probingAlerts(prober.id);
        return alerts.length > 0 ? alerts : undefined;
      },
      { what: 'the probing alert' },
    );
    expect(alert!.message).toContain(prober.clientId);
    // The victim's cases are untouched.
    const after = await stack.owner.case.findUniqueOrThrow({ where: { id: theirs[1]!.id } });
    expect(after.status).toBe('OFFERED');

    // More probes while the alert is open: recorded, but no second alert.
    await stack.graphql(READ, { id: theirs[0]!.id }, token);
    await eventually(async () => (await probes(prober.clientId)).length === 4, {
      what: 'the fourth probe record',
    });
    expect(await probingAlerts(prober.id)).toHaveLength(1);

    // Once ops acknowledge it, the next probe past the threshold raises a new one.
    await stack.owner.alert.update({
      where: { id: alert!.id },
      data: { acknowledgedAt: new Date(), acknowledgedBy: 'ops.alice' },
    });
    await stack.graphql(READ, { id: theirs[2]!.id }, token);
    await eventually(async () => (await probingAlerts(prober.id)).length === 2, {
      what: 'a new alert after the first was acknowledged',
    });
    // The victim's own client left no probe records.
    expect(await probes(victim.clientId)).toEqual([]);
  });
});
