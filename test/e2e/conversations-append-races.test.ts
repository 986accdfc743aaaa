// Appending the user's messages under concurrency: the same message sent several times at once
// (a retrying intake) is stored once, announced to the partner once, and every call answers
// with the stored message — also one written by another transaction between the call's read
// and its write; a batch mixing a known message and a new one writes only the new.
import { randomBytes } from 'node:crypto';
import { type Actor, appendCaseMessages } from '@bvg/domain';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './dispatch-harness.ts';

let stack: TestStack;
let vendorId: string;
const intake: Actor = { kind: 'INTAKE', id: 'intake-test' };

const message = (messageRef: string) => ({
  source: 'app',
  messageRef,
  channel: 'IN_APP' as const,
  sentAt: new Date().toISOString(),
  body: 'I still cannot log in',
});

const written = async (caseId: string) => ({
  messages: await stack.owner.caseMessage.count({ where: { caseId } }),
  announced: await stack.owner.outboxMessage.count({
    where: { caseId, topic: 'webhook.case.message_received' },
  }),
});

beforeAll(async () => {
  stack = await createTestStack();
  await stack.seed.referenceData();
  vendorId = (await stack.seed.vendor()).id;
});
afterAll(async () => stack?.close());

describe('appending messages concurrently', () => {
  it('stores and announces a message sent six times at once exactly once', async () => {
    const { id: caseId } = await stack.seed.case(vendorId);
    const ref = `race-${randomBytes(3).toString('hex')}`;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        appendCaseMessages(stack.gateway.prisma, intake, { caseId, messages: [message(ref)] }),
      ),
    );
    const ids = new Set(answers.map((a) => a.messages[0]!.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.messages[0]!.created)).toHaveLength(1);
    expect(answers.every((a) => a.outcome === 'APPEND' && a.caseId === caseId)).toBe(true);
    expect(await written(caseId)).toEqual({ messages: 1, announced: 1 });
  });

  it('answers a message another transaction writes while the call runs as that one stored it', async () => {
    const { id: caseId } = await stack.seed.case(vendorId);
    const ref = `between-${randomBytes(3).toString('hex')}`;
    let call: ReturnType<typeof appendCaseMessages> | undefined;
    const other = await stack.owner.$transaction(async (tx) => {
      const row = await tx.caseMessage.create({
        data: {
          caseId,
          vendorId,
          direction: 'INBOUND',
          source: 'app',
          messageRef: ref,
          channel: 'IN_APP',
          authorKind: 'INTAKE',
          authorId: 'other-intake',
          body: 'I still cannot log in',
          sentAt: new Date(),
        },
      });
      // The call reads before this commits, and its write waits on the uncommitted row.
      call = appendCaseMessages(stack.gateway.prisma, intake, { caseId, messages: [message(ref)] });
      call.catch(() => {});
      await eventually(
        async () =>
          (
            await stack.owner.$queryRaw<{ n: number }[]>`
              SELECT count(*)::int AS n FROM pg_stat_activity
               WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO %CaseMessage%'`
          )[0]!.n > 0,
        { what: 'the call to wait on the row' },
      );
      return row;
    });
    const answer = await call!;
    expect(answer.messages).toEqual([
      { id: other.id, source: 'app', messageRef: ref, created: false },
    ]);
    // The other transaction's writer announces its own message; this call announces nothing.
    expect(await written(caseId)).toEqual({ messages: 1, announced: 0 });
  });

  it('writes only the new message of a batch that repeats a known one', async () => {
    const { id: caseId } = await stack.seed.case(vendorId);
    const [known, fresh] = ['known', 'fresh'].map((k) => `${k}-${randomBytes(3).toString('hex')}`);
    const first = await appendCaseMessages(stack.gateway.prisma, intake, {
      caseId,
      messages: [message(known!)],
    });
    const both = await appendCaseMessages(stack.gateway.prisma, intake, {
      caseId,
      messages: [message(known!), message(fresh!)],
    });
    expect(both.messages.map((m) => [m.messageRef, m.created])).toEqual([
      [known, false],
      [fresh, true],
    ]);
    expect(both.messages[0]!.id).toBe(first.messages[0]!.id);
    expect(await written(caseId)).toEqual({ messages: 2, announced: 2 });
    const audit = await stack.owner.auditEvent.findMany({
      where: { action: 'case.messages.append', targetId: caseId },
      orderBy: { occurredAt: 'asc' },
      select: { details: true },
    });
    expect(audit.map((a) => a.details)).toEqual([
      { messages: 1, repeated: 0, outcome: 'APPEND' },
      { messages: 1, repeated: 1, outcome: 'APPEND' },
    ]);
  });
});
