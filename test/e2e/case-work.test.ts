import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
  await stack.seed.referenceData();
});
afterAll(async () => stack?.close());

type CaseResult = { id: string; status: string; version: number };
const SELECT = '{ id status version }';

async function vendorWithCase(overrides = {}) {
  const vendor = await stack.seed.vendor();
  const c = await stack.seed.case(vendor.id, overrides);
  return { vendor, token: await stack.vendorToken(vendor), caseId: c.id, version: c.version };
}

function mutate(token: string, name: string, input: Record<string, unknown>) {
  const inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  return stack.graphql<Record<string, CaseResult>>(
    `mutation($input: ${inputType}!) { ${name}(input: $input) ${SELECT} }`,
    { input },
    token,
  );
}

describe('partner work API', () => {
  it('works a case from offer to resolution, one event per transition, versions increasing', async () => {
    const { token, caseId } = await vendorWithCase();
    let version = 1;
    for (const [name, extra, status] of [
      ['acceptCase', {}, 'ACCEPTED'],
      ['recordResponse', {}, 'IN_PROGRESS'],
      ['setCasePending', {}, 'PENDING_USER'],
      ['resumeCase', {}, 'IN_PROGRESS'],
      ['addCaseNote', { body: 'Asked the user to confirm their email' }, 'IN_PROGRESS'],
      [
        'resolveCase',
        { resolutionCode: 'PASSWORD_RESET', firstContactResolution: true },
        'RESOLVED',
      ],
    ] as const) {
      const res = await mutate(token, name, { caseId, version, ...extra });
      expect(res.errors).toBeUndefined();
      expect(res.data![name]).toEqual({ id: caseId, status, version: version + 1 });
      version += 1;
    }
    const events = await stack.owner.caseEvent.findMany({
      where: { caseId },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => [e.type, e.version])).toEqual([
      ['ACCEPTED', 2],
      ['RESPONDED', 3],
      ['PENDING_USER', 4],
      ['RESUMED', 5],
      ['NOTE_ADDED', 6],
      ['RESOLVED', 7],
    ]);
    const stored = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(stored.firstResponseAt).not.toBeNull();
    expect(stored.resolutionCode).toBe('PASSWORD_RESET');
    expect(stored.firstContactResolution).toBe(true);
    expect(await stack.owner.caseNote.count({ where: { caseId } })).toBe(1);
  });

  it('refuses a stale version with CONFLICT and an illegal move with INVALID_TRANSITION, changing nothing', async () => {
    const { token, caseId } = await vendorWithCase();
    const stale = await mutate(token, 'acceptCase', { caseId, version: 7 });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 1 });
    const illegal = await mutate(token, 'resolveCase', {
      caseId,
      version: 1,
      resolutionCode: 'X',
      firstContactResolution: false,
    });
    expect(illegal.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    const stored = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });
    expect([stored.status, stored.version]).toEqual(['OFFERED', 1]);
    expect(await stack.owner.caseEvent.count({ where: { caseId } })).toBe(0);
  });

  it('lists every validation problem at once', async () => {
    const { token, caseId } = await vendorWithCase();
    const res = await mutate(token, 'rejectCase', { caseId, version: 0, reason: '   ' });
    expect(res.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(
      ((res.errors?.[0]?.extensions?.problems ?? []) as { path: string }[])
        .map((p) => p.path)
        .sort(),
    ).toEqual(['reason', 'version']);
  });

  it('lets exactly one of 20 concurrent conflicting transitions win; the rest get CONFLICT', async () => {
    const { token, caseId } = await vendorWithCase();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? mutate(token, 'acceptCase', { caseId, version: 1 })
          : mutate(token, 'rejectCase', { caseId, version: 1, reason: `busy ${i}` }),
      ),
    );
    const winners = results.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(19);
    expect(await stack.owner.caseEvent.count({ where: { caseId } })).toBe(1);
  });

  it('executes 20 concurrent identical idempotent calls once, and refuses the key with other input', async () => {
    const { token, caseId } = await vendorWithCase();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        mutate(token, 'acceptCase', { caseId, version: 1, idempotencyKey: 'accept-1' }),
      ),
    );
    expect(results.every((r) => !r.errors && r.data!.acceptCase!.status === 'ACCEPTED')).toBe(true);
    expect(await stack.owner.caseEvent.count({ where: { caseId } })).toBe(1);
    const reused = await mutate(token, 'recordResponse', {
      caseId,
      version: 2,
      idempotencyKey: 'accept-1',
    });
    expect(reused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(reused.errors?.[0]?.message).toMatch(/idempotency key/);
  });

  it('rejecting hands the case back for routing through the outbox, in the same transaction', async () => {
    const { vendor, token, caseId } = await vendorWithCase();
    const res = await mutate(token, 'rejectCase', {
      caseId,
      version: 1,
      reason: 'No Tamil speakers on shift',
    });
    expect(res.data!.rejectCase!.status).toBe('REJECTED');
    const outbox = await stack.owner.outboxMessage.findMany({ where: { caseId } });
    expect(
      outbox.map((m) => [m.topic, (m.payload as { excludeVendorId: string }).excludeVendorId]),
    ).toEqual([['case.reroute', vendor.id]]);
  });

  it('pausing gives back the remaining SLA time on resume', async () => {
    const due = new Date(Date.now() + 3600_000);
    const vendor = await stack.seed.vendor({
      businessHours: { days: [1, 2, 3, 4, 5, 6, 7], openMinute: 0, closeMinute: 1440 },
    });
    const c = await stack.seed.case(vendor.id, {
      status: 'IN_PROGRESS',
      resolutionDueAt: due,
      firstResponseAt: new Date(),
    });
    const token = await stack.vendorToken(vendor);
    await mutate(token, 'setCasePending', { caseId: c.id, version: 1 });
    const pausedAt = (await stack.owner.case.findUniqueOrThrow({ where: { id: c.id } }))
      .slaPausedAt!;
    // Simulate a long wait on the user by moving the pause back two hours.
    await stack.owner.case.update({
      where: { id: c.id },
      data: { slaPausedAt: new Date(pausedAt.getTime() - 2 * 3600_000) },
    });
    await mutate(token, 'resumeCase', { caseId: c.id, version: 2 });
    const after = await stack.owner.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(after.slaPausedAt).toBeNull();
    expect(after.slaPausedSeconds).toBeGreaterThanOrEqual(2 * 3600);
    // Due moved later by the paused time (within a second of rounding).
    expect(
      Math.abs(after.resolutionDueAt!.getTime() - (due.getTime() + after.slaPausedSeconds * 1000)),
    ).toBeLessThan(1500);
  });

  it('needs the cases:write scope', async () => {
    const vendor = await stack.seed.vendor();
    const c = await stack.seed.case(vendor.id);
    const readOnly = await stack.vendorToken(vendor, ['cases:read']);
    const res = await mutate(readOnly, 'acceptCase', { caseId: c.id, version: 1 });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
