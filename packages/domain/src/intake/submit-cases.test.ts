import { createPrismaClient } from '@bvg/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSplitWorld,
  INTAKE,
  NOW,
  type RoutingWorld,
} from '../routing/routing-world.fixture.ts';
import { IntakeBatcher } from './intake-batcher.ts';
import type { SubmitCaseInput } from './submission-schema.ts';
import { submitCases } from './submit-cases.ts';

let world: RoutingWorld;
let splitRule: string;

beforeAll(async () => {
  let ruleIds: { split: string };
  ({ world, ruleIds } = await createSplitWorld());
  splitRule = ruleIds.split;
});
afterAll(async () => world?.close());

const submission = (ref: string, over: Partial<SubmitCaseInput> = {}): SubmitCaseInput => ({
  source: 'web-form',
  externalRef: ref,
  region: 'IN',
  scope: 'GENERAL',
  channel: 'WEBFORM',
  language: 'en',
  subjectRef: `user-${ref}`,
  subject: { displayName: `Person ${ref}`, email: `${ref}@example.test` },
  ...over,
});
const now = () => NOW;

describe('submitCases', () => {
  it('answers every submission of a batch on its own and writes only the valid ones', async () => {
    const [earlier] = await submitCases(world.app, [
      { actor: INTAKE, input: submission('b-earlier') },
    ]);
    const outcomes = await submitCases(
      world.app,
      [
        { actor: INTAKE, input: submission('b-1'), requestId: 'req-1' },
        {
          actor: INTAKE,
          input: submission('b-bad', { language: 'English', channel: 'FAX' as 'EMAIL' }),
        },
        { actor: INTAKE, input: submission('b-nowhere', { region: 'XX' }) },
        { actor: INTAKE, input: submission('b-1') },
        { actor: INTAKE, input: submission('b-earlier') },
        { actor: INTAKE, input: submission('b-nul', { subject: { description: 'a\u0000b' } }) },
        { actor: INTAKE, input: submission('b-us', { region: 'US', scope: 'ACCOUNT_SECURITY' }) },
      ],
      { now },
    );

    expect(outcomes.map((o) => (o.ok ? o.result.status : o.error.code))).toEqual([
      'OFFERED',
      'VALIDATION',
      'VALIDATION',
      'OFFERED',
      'OFFERED',
      'VALIDATION',
      'OFFERED',
    ]);
    const [first, bad, nowhere, repeat, resubmitted, nul, us] = outcomes;
    expect(bad!.ok ? [] : bad!.error.details.problems).toEqual([
      expect.objectContaining({ path: 'channel' }),
      expect.objectContaining({ path: 'language' }),
    ]);
    expect(nowhere!.ok ? [] : nowhere!.error.details.problems).toEqual([
      { path: 'region', message: 'unknown region XX' },
    ]);
    expect(nul!.ok ? [] : nul!.error.details.problems).toEqual([
      { path: 'subject.description', message: 'must not contain a NUL character' },
    ]);
    // The same submission twice in one batch, and one made earlier: the same case, not created.
    expect(repeat).toEqual({
      ok: true,
      result: { ...(first!.ok ? first!.result : {}), created: false },
    });
    expect(resubmitted).toEqual({
      ok: true,
      result: { ...(earlier!.ok ? earlier!.result : {}), created: false },
    });
    expect(us).toMatchObject({ ok: true, result: { vendorId: world.vendors.harbor } });

    const refs = ['b-1', 'b-bad', 'b-nowhere', 'b-nul', 'b-us'];
    const cases = await world.owner.case.findMany({
      where: { source: 'web-form', externalRef: { in: refs } },
      include: { subject: true, events: { orderBy: { id: 'asc' } } },
    });
    expect(cases.map((c) => c.externalRef).sort()).toEqual(['b-1', 'b-us']);
    for (const c of cases) {
      expect(c).toMatchObject({ status: 'OFFERED', version: 2, routingAttempts: 1 });
      expect(c.subject?.vendorId).toBe(c.vendorId);
      expect(c.events.map((e) => [e.type, e.version])).toEqual([
        ['CREATED', 1],
        ['ROUTED', 2],
        ['OFFERED', 2],
      ]);
      const outbox = await world.owner.outboxMessage.findMany({ where: { caseId: c.id } });
      expect(outbox).toEqual([
        expect.objectContaining({ topic: 'webhook.case.assigned', vendorId: c.vendorId }),
      ]);
      const audit = await world.owner.auditEvent.findMany({
        where: { targetId: c.id, action: 'case.submit' },
      });
      expect(audit).toHaveLength(1);
    }
    const b1 = cases.find((c) => c.externalRef === 'b-1')!;
    expect(b1.events[0]!.requestId).toBe('req-1');
    const assignment = await world.owner.assignment.findFirstOrThrow({ where: { caseId: b1.id } });
    expect(assignment).toMatchObject({ vendorId: b1.vendorId, status: 'OFFERED', attempt: 1 });
  });

  it('holds a daily cap exactly within one batch', async () => {
    const today = () => world.intakeToday(world.vendors.harbor!, 'ACCOUNT_SECURITY');
    const cap = (await today()) + 3;
    await world.setCapacity(
      world.vendors.harbor!,
      [{ scope: 'ACCOUNT_SECURITY', openCaseCeiling: 1_000, dailyIntakeCap: cap }],
      'small site',
    );
    const outcomes = await submitCases(
      world.app,
      Array.from({ length: 6 }, (_, i) => ({
        actor: INTAKE,
        input: submission(`cap-${i}`, { region: 'US', scope: 'ACCOUNT_SECURITY' }),
      })),
      { now },
    );
    const vendors = outcomes.map((o) => (o.ok ? o.result.vendorId : null));
    expect(vendors.filter((v) => v === world.vendors.harbor)).toHaveLength(3);
    expect(vendors.filter((v) => v === world.vendors.tier2)).toHaveLength(3);
    expect(await today()).toBe(cap);
  });
  it('answers two processes submitting the same keys at once with the same cases, made once', async () => {
    const other = createPrismaClient({ url: world.db.appUrl, max: 2 });
    try {
      const batch = Array.from({ length: 30 }, (_, i) => ({
        actor: INTAKE,
        input: submission(`race-${i}`),
      }));
      // Both see no case yet and both insert: the later one waits on the keys, then skips them.
      const [a, b] = await Promise.all([
        submitCases(world.app, batch, { now }),
        submitCases(other, [...batch].reverse(), { now }),
      ]);
      const first = a.map((o) => (o.ok ? o.result : null));
      const second = [...b].reverse().map((o) => (o.ok ? o.result : null));
      expect(first.map((r) => r?.caseId)).toEqual(second.map((r) => r?.caseId));
      for (const [i, r] of first.entries()) {
        expect([r?.created, second[i]?.created].filter(Boolean)).toHaveLength(1);
      }
      expect(
        await world.owner.case.count({ where: { externalRef: { startsWith: 'race-' } } }),
      ).toBe(30);
    } finally {
      await other.$disconnect();
    }
  });
});

describe('IntakeBatcher', () => {
  it('keeps a 60/40 split exact when two processes batch intakes concurrently', async () => {
    const other = createPrismaClient({ url: world.db.appUrl, max: 4 });
    const before = await counts();
    try {
      const batchers = [new IntakeBatcher(world.app, { now }), new IntakeBatcher(other, { now })];
      const results = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          batchers[i % 2]!.submit(INTAKE, submission(`split-${i}`)),
        ),
      );
      expect(new Set(results.map((r) => r.caseId)).size).toBe(300);
      const after = await counts();
      const lotus = after[world.vendors.lotus!]! - (before[world.vendors.lotus!] ?? 0);
      const pacific = after[world.vendors.pacific!]! - (before[world.vendors.pacific!] ?? 0);
      expect(lotus + pacific).toBe(300);
      // Exact 60/40 of everything the rule ever assigned, whatever the interleaving.
      const total = after[world.vendors.lotus!]! + after[world.vendors.pacific!]!;
      expect(Math.abs(after[world.vendors.lotus!]! - total * 0.6)).toBeLessThanOrEqual(1);
      const offered = await world.owner.case.count({
        where: { externalRef: { startsWith: 'split-' }, vendorId: world.vendors.lotus! },
      });
      expect(offered).toBe(lotus);
    } finally {
      await other.$disconnect();
    }
  });

  it('fails only the submission whose transaction fails; the rest of its batch is made', async () => {
    // PostgreSQL itself refuses the poisoned case: whichever transaction carries it fails.
    await world.owner.$executeRawUnsafe(`
      CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."externalRef" LIKE 'poison-%' THEN RAISE EXCEPTION 'refused case %', NEW."externalRef"; END IF;
        RETURN NEW;
      END $$`);
    await world.owner.$executeRawUnsafe(
      'CREATE TRIGGER refuse_poison BEFORE INSERT ON "Case" FOR EACH ROW EXECUTE FUNCTION refuse_poison()',
    );
    const batcher = new IntakeBatcher(world.app, { now, maxInFlight: 1 });
    const results = await Promise.allSettled(
      ['ok-1', 'poison-1', 'ok-2', 'ok-3'].map((ref) => batcher.submit(INTAKE, submission(ref))),
    ).finally(() =>
      world.owner.$executeRawUnsafe(
        'DROP TRIGGER refuse_poison ON "Case"; DROP FUNCTION refuse_poison()',
      ),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(
      await world.owner.case.count({ where: { externalRef: { in: ['ok-1', 'ok-2', 'ok-3'] } } }),
    ).toBe(3);
    expect(await world.owner.case.count({ where: { externalRef: 'poison-1' } })).toBe(0);
  });

  it('submitMany answers each submission in order, alongside concurrent single submissions', async () => {
    const batcher = new IntakeBatcher(world.app, { now });
    const [many, single] = await Promise.all([
      batcher.submitMany(INTAKE, [
        submission('many-1'),
        submission('many-bad', { region: 'XX' }),
        submission('many-2'),
        submission('many-1'),
      ]),
      batcher.submit(INTAKE, submission('many-single')),
    ]);
    expect(many.map((o) => (o.ok ? o.result.created : o.error.code))).toEqual([
      true,
      'VALIDATION',
      true,
      false,
    ]);
    const [first, , second, again] = many.map((o) => (o.ok ? o.result.caseId : null));
    expect(again).toBe(first);
    expect(new Set([first, second, single.caseId]).size).toBe(3);
    expect(await world.owner.case.count({ where: { externalRef: { startsWith: 'many-' } } })).toBe(
      3,
    );
    await expect(
      batcher.submitMany(
        INTAKE,
        Array.from({ length: 501 }, (_, i) => submission(`many-over-${i}`)),
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(
      await world.owner.case.count({ where: { externalRef: { startsWith: 'many-over-' } } }),
    ).toBe(0);
  });

  async function counts(): Promise<Record<string, number>> {
    const rows = await world.owner.routingAllocation.findMany({ where: { ruleId: splitRule } });
    return Object.fromEntries(rows.map((r) => [r.vendorId, Number(r.assigned)]));
  }
});
