// Alerts against a real database: one unresolved alert per condition (raised again, it counts
// an occurrence and notifies nobody twice); the SLA sweep raises SLA_BREACH; condition alerts
// open while the condition holds and are resolved by the system once it does not.
import { randomBytes } from 'node:crypto';
import { sqlTxOf, systemScope, withScope } from '@bvg/db';
import { describe, expect, it } from 'vitest';
import { useDispatchDatabase } from '../dispatch/dispatch-db.fixture.ts';
import { sweepSlaClocks } from '../sla/index.ts';
import { resolveAlert } from './manage-alerts.ts';
import { raiseAlerts } from './raise-alert.ts';
import { DEFAULT_ALERT_SWEEP, sweepAlertConditions } from './sweep-alert-conditions.ts';

const world = useDispatchDatabase('bvg_alerts');
const ops = { kind: 'INTERNAL', id: 'ops.lena', roles: ['ops'] } as const;
const T0 = new Date('2026-12-01T10:00:00Z');

async function vendor() {
  const slug = `v-${randomBytes(4).toString('hex')}`;
  return world.owner.vendor.create({ data: { slug, name: slug, kind: 'BPO' } });
}

async function openCase(vendorId: string, data: Record<string, unknown> = {}) {
  await world.owner.region.upsert({
    where: { code: 'IN' },
    create: { code: 'IN', name: 'India' },
    update: {},
  });
  await world.owner.scope.upsert({
    where: { code: 'GENERAL' },
    create: { code: 'GENERAL', name: 'General' },
    update: {},
  });
  return world.owner.case.create({
    data: {
      source: 'test',
      externalRef: randomBytes(6).toString('hex'),
      regionCode: 'IN',
      scopeCode: 'GENERAL',
      channel: 'EMAIL',
      language: 'en',
      priority: 'P2',
      subjectRef: 'user-1',
      status: 'ACCEPTED',
      vendorId,
      ...data,
    },
  });
}

const raise = (dedupeKey: string, at = T0) =>
  withScope(world.app, systemScope('test'), (tx) =>
    raiseAlerts(sqlTxOf(tx), [
      { kind: 'OFFERS_LAPSING', severity: 'WARNING', dedupeKey, message: 'lapsing', at },
    ]),
  );

describe('alerts', () => {
  it('keeps one unresolved alert per condition, notifies once, and opens a new one after resolution', async () => {
    const key = `OFFERS_LAPSING:${randomBytes(4).toString('hex')}`;
    expect(await raise(key)).toBe(1);
    expect(await raise(key, new Date(T0.getTime() + 60_000))).toBe(0);
    const [alert, ...others] = await world.owner.alert.findMany({ where: { dedupeKey: key } });
    expect(others).toEqual([]);
    expect(alert).toMatchObject({
      status: 'OPEN',
      occurrences: 2,
      lastRaisedAt: new Date(T0.getTime() + 60_000),
    });
    const notices = await world.owner.outboxMessage.findMany({
      where: {
        topic: 'webhook.alert.raised',
        payload: { path: ['data', 'alertId'], equals: alert!.id },
      },
    });
    expect(notices).toHaveLength(1);

    await resolveAlert(world.app, ops, {
      alertId: alert!.id,
      note: 'Partner restarted its listener',
    });
    expect(await raise(key)).toBe(1);
    const all = await world.owner.alert.findMany({
      where: { dedupeKey: key },
      orderBy: { createdAt: 'asc' },
    });
    expect(all.map((a) => a.status).sort()).toEqual(['OPEN', 'RESOLVED']);
  });

  it('refuses to resolve without a note, and changes nothing', async () => {
    const key = `OFFERS_LAPSING:${randomBytes(4).toString('hex')}`;
    await raise(key);
    const alert = await world.owner.alert.findFirstOrThrow({ where: { dedupeKey: key } });
    await expect(
      resolveAlert(world.app, ops, { alertId: alert.id, note: '  ' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { problems: [{ path: 'note', message: 'say what was done' }] },
    });
    expect((await world.owner.alert.findUniqueOrThrow({ where: { id: alert.id } })).status).toBe(
      'OPEN',
    );
  });

  it('raises SLA_BREACH from the SLA sweep, one alert per vendor counting every sweep that breaches', async () => {
    const v = await vendor();
    await openCase(v.id, { resolutionDueAt: new Date(T0.getTime() - 60_000), priority: 'P1' });
    await sweepSlaClocks(world.app, { now: T0, warnBeforeMs: 0 });
    const first = await world.owner.alert.findFirstOrThrow({
      where: { kind: 'SLA_BREACH', vendorId: v.id },
    });
    expect(first).toMatchObject({ status: 'OPEN', severity: 'CRITICAL', occurrences: 1 });
    // The same breach is not counted twice; a new one is.
    await sweepSlaClocks(world.app, { now: T0, warnBeforeMs: 0 });
    await openCase(v.id, { resolutionDueAt: new Date(T0.getTime() - 30_000) });
    await sweepSlaClocks(world.app, { now: T0, warnBeforeMs: 0 });
    const alerts = await world.owner.alert.findMany({
      where: { kind: 'SLA_BREACH', vendorId: v.id },
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.occurrences).toBe(2);
  });

  it('opens CAPACITY_EXHAUSTED while a vendor is at its ceiling and resolves it as the system once it is not', async () => {
    const v = await vendor();
    await openCase(v.id);
    await openCase(v.id);
    await world.owner.vendorCapacity.create({
      data: { vendorId: v.id, scopeCode: 'GENERAL', openCaseCeiling: 2, dailyIntakeCap: 10 },
    });
    const sweep = () => sweepAlertConditions(world.app, { now: T0, ...DEFAULT_ALERT_SWEEP });
    await sweep();
    const alert = await world.owner.alert.findFirstOrThrow({
      where: { kind: 'CAPACITY_EXHAUSTED', vendorId: v.id },
    });
    expect(alert).toMatchObject({
      status: 'OPEN',
      data: { scope: 'GENERAL', open: 2, ceiling: 2 },
    });
    await world.owner.vendorCapacity.updateMany({
      where: { vendorId: v.id },
      data: { openCaseCeiling: 5 },
    });
    await sweep();
    expect(await world.owner.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      status: 'RESOLVED',
      resolvedBy: 'system',
    });
  });
});
