import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let auditor: string;
beforeAll(async () => {
  stack = await createTestStack();
  auditor = await stack.internalToken(['auditor'], 'auditor.kim');
});
afterAll(async () => stack?.close());

describe('GDPR erasure', () => {
  it("removes the subject's personal data everywhere, keeps cases, events and KPIs, and is idempotent", async () => {
    const vendor = await stack.seed.vendor();
    const a = await stack.seed.case(
      vendor.id,
      { subjectRef: 'user-erase-me', status: 'RESOLVED', resolvedAt: new Date() },
      { email: 'erase@example.test', description: 'my phone number is 555' },
    );
    const b = await stack.seed.case(vendor.id, { subjectRef: 'user-erase-me' });
    const other = await stack.seed.case(
      vendor.id,
      { subjectRef: 'user-keep-me' },
      { email: 'keep@example.test' },
    );
    await stack.owner.caseNote.create({
      data: {
        caseId: a.id,
        authorKind: 'VENDOR',
        authorId: 'x',
        body: 'Called Jo on +44 7700 900123',
      },
    });
    const message = (caseId: string, body: string) => ({
      caseId,
      vendorId: vendor.id,
      direction: 'INBOUND' as const,
      source: 'in-app',
      messageRef: `${caseId}-1`,
      channel: 'IN_APP' as const,
      authorKind: 'INTAKE' as const,
      authorId: 'in-app',
      body,
      sentAt: new Date(),
      attachments: [{ id: 'att-1', name: 'id-card.jpg', storageKey: 'k', scanStatus: 'CLEAN' }],
    });
    await stack.owner.caseMessage.createMany({
      data: [message(a.id, 'My name is Jo, born 1990'), message(other.id, 'Keep this one')],
    });
    await stack.owner.csatResponse.create({
      data: {
        caseId: a.id,
        vendorId: vendor.id,
        score: 2,
        comment: 'Jo here, not happy',
        respondedAt: new Date(),
      },
    });

    const erase = () =>
      stack.graphql<{
        eraseSubject: {
          casesErased: number;
          notesErased: number;
          messagesErased: number;
          subjectRefHash: string;
        };
      }>(
        'mutation { eraseSubject(subjectRef: "user-erase-me", reason: "DSAR #812") { casesErased notesErased messagesErased subjectRefHash } }',
        {},
        auditor,
      );
    const res = await erase();
    expect(res.data?.eraseSubject).toMatchObject({
      casesErased: 2,
      notesErased: 1,
      messagesErased: 1,
    });
    // The thread keeps its shape (direction, times) with the words and attachments gone.
    const erasedMessage = await stack.owner.caseMessage.findFirstOrThrow({
      where: { caseId: a.id },
    });
    expect([erasedMessage.body, erasedMessage.attachments, erasedMessage.direction]).toEqual([
      '',
      [],
      'INBOUND',
    ]);
    expect(erasedMessage.erasedAt).not.toBeNull();
    const keptMessage = await stack.owner.caseMessage.findFirstOrThrow({
      where: { caseId: other.id },
    });
    expect([keptMessage.body, keptMessage.erasedAt]).toEqual(['Keep this one', null]);

    const subjects = await stack.owner.caseSubject.findMany({
      where: { caseId: { in: [a.id, b.id] } },
    });
    expect(
      subjects.every(
        (s) => s.email === null && s.description === null && s.displayName === null && s.erasedAt,
      ),
    ).toBe(true);
    expect((await stack.owner.caseNote.findFirstOrThrow({ where: { caseId: a.id } })).body).toBe(
      '[erased]',
    );
    const csat = await stack.owner.csatResponse.findUniqueOrThrow({ where: { caseId: a.id } });
    expect([csat.score, csat.comment]).toEqual([2, null]); // the KPI stays, the words go
    const kept = await stack.owner.case.findUniqueOrThrow({ where: { id: a.id } });
    expect([kept.status, kept.subjectRef]).toEqual([
      'RESOLVED',
      res.data!.eraseSubject.subjectRefHash,
    ]);
    expect(
      (await stack.owner.caseSubject.findUniqueOrThrow({ where: { caseId: other.id } })).email,
    ).toBe('keep@example.test');
    // The trail records the erasure without the reference itself.
    const trail = await stack.owner.auditEvent.findFirstOrThrow({
      where: { action: 'subject.erase' },
    });
    expect(JSON.stringify({ ...trail, id: String(trail.id) })).not.toContain('user-erase-me');

    expect((await erase()).data?.eraseSubject.casesErased).toBe(0);

    // What a vendor now sees: the fields are withheld as erased, not empty strings.
    const seen = await stack.graphql<{
      case: { subject: { email: { value: string | null; redaction: string } } };
    }>(
      'query($id: ID!) { case(id: $id) { subject { email { value redaction } } } }',
      { id: a.id },
      await stack.internalToken(['ops']),
    );
    expect(seen.data?.case.subject.email).toEqual({ value: null, redaction: 'SUBJECT_ERASED' });
  });

  it('is for auditors only', async () => {
    const res = await stack.graphql(
      'mutation { eraseSubject(subjectRef: "x", reason: "y") { casesErased } }',
      {},
      await stack.internalToken(['ops']),
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('audit trail', () => {
  it('shows auditors every read of a case, with who and which request', async () => {
    const vendor = await stack.seed.vendor();
    const c = await stack.seed.case(vendor.id);
    const token = await stack.vendorToken(vendor);
    await stack.fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-request-id': 'req-audit-1',
      },
      body: JSON.stringify({
        query: 'query($id: ID!) { case(id: $id) { id } }',
        variables: { id: c.id },
      }),
    });
    const res = await stack.graphql<{
      auditEvents: {
        edges: { node: { actorId: string; action: string; requestId: string; vendorId: string } }[];
      };
    }>(
      'query($t: String) { auditEvents(first: 10, filter: { targetId: $t }) { edges { node { actorId action requestId vendorId } } } }',
      { t: c.id },
      auditor,
    );
    expect(res.data?.auditEvents.edges.map((e) => e.node)).toEqual([
      {
        actorId: vendor.clientId,
        action: 'case.read',
        requestId: 'req-audit-1',
        vendorId: vendor.id,
      },
    ]);
    const asVendor = await stack.graphql(
      '{ auditEvents(first: 1) { edges { node { id } } } }',
      {},
      token,
    );
    expect(asVendor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
