import { randomUUID } from 'node:crypto';
import { signAttachmentLink } from '@bvg/domain';
import { schema } from '@bvg/graphql';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseReachingFields } from '../support/case-fields.ts';

let stack: TestStack;
let vendorA: { id: string; clientId: string; slug: string };
let vendorB: { id: string; clientId: string; slug: string };
let tokenA: string;

const LINK_KEY = 'tenant-isolation-attachment-link-key-0123456789';
const STORAGE = 'https://files.example.test/support';

beforeAll(async () => {
  stack = await createTestStack({ ATTACHMENT_LINK_KEY: LINK_KEY, ATTACHMENT_STORAGE_URL: STORAGE });
  await stack.seed.referenceData();
  vendorA = await stack.seed.vendor();
  vendorB = await stack.seed.vendor();
  tokenA = await stack.vendorToken(vendorA);
});
afterAll(async () => stack?.close());

const call = (document: string, caseId: string, version: number) =>
  stack.graphql(document, document.includes('$version') ? { caseId, version } : { caseId }, tokenA);

describe('leak matrix: every field that reaches a case, vendor A against vendor B', () => {
  const fields = caseReachingFields(schema);

  it('covers the case fields the schema has today', () => {
    expect(fields.map((f) => f.name)).toContain('case');
  });

  for (const field of fields) {
    it(`${field.operation} ${field.name}: B's case is NOT_FOUND like a random id; A's own is reachable`, async () => {
      const own = await stack.seed.case(vendorA.id);
      const theirs = await stack.seed.case(vendorB.id);

      const onTheirs = await call(field.document, theirs.id, theirs.version);
      const onRandom = await call(field.document, randomUUID(), 1);
      expect(onTheirs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      // Indistinguishable: same code, same message, no data.
      expect(onTheirs.errors?.map((e) => [e.message, e.extensions?.code])).toEqual(
        onRandom.errors?.map((e) => [e.message, e.extensions?.code]),
      );
      expect(onTheirs.data?.result ?? null).toBeNull();

      const onOwn = await call(field.document, own.id, own.version);
      expect(onOwn.errors?.find((e) => e.extensions?.code === 'NOT_FOUND')).toBeUndefined();

      // B's case is untouched by A's attempt.
      const after = await stack.owner.case.findUniqueOrThrow({ where: { id: theirs.id } });
      expect(after.version).toBe(theirs.version);
      expect(after.vendorId).toBe(vendorB.id);
    });
  }
});

describe('cases connection', () => {
  it("lists only the caller's own cases, and every one it returns is audited as read", async () => {
    const vendor = await stack.seed.vendor();
    const other = await stack.seed.vendor();
    const mine = [await stack.seed.case(vendor.id), await stack.seed.case(vendor.id)];
    await stack.seed.case(other.id);
    const res = await stack.graphql<{
      cases: { edges: { node: { id: string; vendorId: string } }[] };
    }>(
      '{ cases(first: 50) { edges { node { id vendorId } } } }',
      {},
      await stack.vendorToken(vendor),
    );
    const ids = res.data!.cases.edges.map((e) => e.node.id).sort();
    expect(ids).toEqual(mine.map((c) => c.id).sort());
    const audits = await stack.owner.auditEvent.findMany({
      where: { action: 'case.read', vendorId: vendor.id },
    });
    expect(audits.map((a) => a.targetId).sort()).toEqual(ids);
  });

  it('pages forward with first/after without repeating or skipping', async () => {
    const vendor = await stack.seed.vendor();
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await stack.seed.case(vendor.id));
    const token = await stack.vendorToken(vendor);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const res: Awaited<
        ReturnType<
          typeof stack.graphql<{
            cases: {
              edges: { node: { id: string } }[];
              pageInfo: { hasNextPage: boolean; endCursor: string };
            };
          }>
        >
      > = await stack.graphql(
        'query($after: String) { cases(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        { after },
        token,
      );
      seen.push(...res.data!.cases.edges.map((e) => e.node.id));
      if (!res.data!.cases.pageInfo.hasNextPage) break;
      after = res.data!.cases.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual(created.map((c) => c.id).sort());
  });
});

describe('field-level data scoping', () => {
  it('redacts what the contract does not grant, with a reason, and shows what it does', async () => {
    const vendor = await stack.seed.vendor({ usDataCleared: true });
    const contract = await stack.owner.contract.create({
      data: {
        vendorId: vendor.id,
        reference: `CTR-${vendor.slug}`,
        periodStart: new Date('2026-01-01'),
        periodEnd: new Date('2026-12-31'),
        pricePerCaseMinor: 500,
        creditTerms: {},
        dataAccess: { create: [{ regionCode: 'US', scopeCode: null, fields: ['SUBJECT_PII'] }] },
      },
    });
    expect(contract.id).toBeTruthy();
    const us = await stack.seed.case(
      vendor.id,
      { regionCode: 'US' },
      { email: 'jo@example.test', description: 'secret text' },
    );
    const india = await stack.seed.case(
      vendor.id,
      { regionCode: 'IN' },
      { email: 'ravi@example.test' },
    );
    const token = await stack.vendorToken(vendor);
    const q =
      'query($id: ID!) { case(id: $id) { subject { email { value redaction } description { value redaction } minorSafetyDetail { value redaction } } } }';

    const onUs = await stack.graphql<{
      case: { subject: Record<string, { value: unknown; redaction: string | null }> };
    }>(q, { id: us.id }, token);
    expect(onUs.data!.case.subject.email).toEqual({ value: 'jo@example.test', redaction: null });
    expect(onUs.data!.case.subject.description).toEqual({
      value: null,
      redaction: 'NOT_IN_CONTRACT',
    });
    expect(onUs.data!.case.subject.minorSafetyDetail).toEqual({
      value: null,
      redaction: 'RESTRICTED_SCOPE',
    });

    const onIndia = await stack.graphql<{
      case: { subject: Record<string, { value: unknown; redaction: string | null }> };
    }>(q, { id: india.id }, token);
    expect(onIndia.data!.case.subject.email).toEqual({ value: null, redaction: 'NOT_IN_CONTRACT' });
  });

  it('shows ops everything and vendor managers no case data at all', async () => {
    const vendor = await stack.seed.vendor();
    const c = await stack.seed.case(vendor.id, {}, { email: 'ops-can-see@example.test' });
    const q = 'query($id: ID!) { case(id: $id) { subject { email { value redaction } } } }';
    const ops = await stack.graphql<{ case: { subject: { email: { value: string } } } }>(
      q,
      { id: c.id },
      await stack.internalToken(['ops']),
    );
    expect(ops.data!.case.subject.email.value).toBe('ops-can-see@example.test');
    const manager = await stack.graphql(
      q,
      { id: c.id },
      await stack.internalToken(['vendor_manager']),
    );
    expect(manager.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('conversations: messages, notes and attachment links', () => {
  type Redactable = { value: string | null; redaction: string | null };
  const THREAD = `query($id: ID!) { case(id: $id) {
    messages { edges { node { id body { value redaction }
      attachments { name downloadUrl { value redaction } } } } }
    notes { edges { node { body visibility } } } } }`;
  interface Thread {
    case: {
      messages: {
        edges: {
          node: {
            id: string;
            body: Redactable;
            attachments: { name: string; downloadUrl: Redactable }[];
          };
        }[];
      };
      notes: { edges: { node: { body: string; visibility: string } }[] };
    };
  }

  /** A message with one clean attachment, written as intake writes it. */
  async function userMessage(caseId: string, vendorId: string, body: string) {
    const attachmentId = randomUUID();
    const message = await stack.owner.caseMessage.create({
      data: {
        caseId,
        vendorId,
        direction: 'INBOUND',
        source: 'in-app',
        messageRef: randomUUID(),
        channel: 'IN_APP',
        authorKind: 'INTAKE',
        authorId: 'in-app',
        body,
        sentAt: new Date(),
        attachments: [
          {
            id: attachmentId,
            name: 'receipt.pdf',
            contentType: 'application/pdf',
            sizeBytes: 1200,
            storageKey: `cases/${caseId}/receipt.pdf`,
            scanStatus: 'CLEAN',
          },
        ],
      },
    });
    return { messageId: message.id, attachmentId };
  }

  async function grant(vendorId: string, fields: ('MESSAGES' | 'ATTACHMENTS' | 'DESCRIPTION')[]) {
    await stack.owner.contract.create({
      data: {
        vendorId,
        reference: `CTR-${randomUUID()}`,
        periodStart: new Date('2026-01-01'),
        periodEnd: new Date('2027-12-31'),
        pricePerCaseMinor: 500,
        creditTerms: {},
        dataAccess: { create: [{ regionCode: 'IN', scopeCode: null, fields }] },
      },
    });
  }

  it("keeps another vendor's thread NOT_FOUND and redacts bodies the contract does not grant", async () => {
    const withGrant = await stack.seed.vendor();
    const without = await stack.seed.vendor();
    await grant(withGrant.id, ['MESSAGES', 'ATTACHMENTS']);
    const own = await stack.seed.case(withGrant.id);
    const theirs = await stack.seed.case(without.id);
    await userMessage(own.id, withGrant.id, 'My card was charged twice');
    await userMessage(theirs.id, without.id, 'Please delete my account');
    const token = await stack.vendorToken(withGrant);

    const onTheirs = await stack.graphql<Thread>(THREAD, { id: theirs.id }, token);
    expect(onTheirs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(onTheirs.data?.case ?? null).toBeNull();
    expect(JSON.stringify(onTheirs)).not.toContain('delete my account');

    const onOwn = await stack.graphql<Thread>(THREAD, { id: own.id }, token);
    expect(onOwn.errors).toBeUndefined();
    const [mine] = onOwn.data!.case.messages.edges.map((e) => e.node);
    expect(mine!.body).toEqual({ value: 'My card was charged twice', redaction: null });
    expect(mine!.attachments[0]!.downloadUrl.value).toMatch(/\/attachments\/download\?/);

    // The vendor without the grants holds its case, but sees reasons instead of the body and link.
    const theirToken = await stack.vendorToken(without);
    const redacted = await stack.graphql<Thread>(THREAD, { id: theirs.id }, theirToken);
    const [node] = redacted.data!.case.messages.edges.map((e) => e.node);
    expect(node!.body).toEqual({ value: null, redaction: 'NOT_IN_CONTRACT' });
    expect(node!.attachments[0]!.downloadUrl).toEqual({
      value: null,
      redaction: 'NOT_IN_CONTRACT',
    });
  });

  it("lists shared notes and the reader's own, never another team's internal ones (Tier 2 included)", async () => {
    const tier1 = await stack.seed.vendor();
    const previous = await stack.seed.vendor();
    const tier2 = await stack.seed.vendor({ kind: 'IN_HOUSE' });
    // A case back with Tier 1 after Tier 2 worked it, and after another partner held it.
    const c = await stack.seed.case(tier1.id, { status: 'IN_PROGRESS' });
    const note = (vendorId: string, body: string, visibility: 'INTERNAL' | 'SHARED') => ({
      caseId: c.id,
      vendorId,
      authorKind: 'VENDOR' as const,
      authorId: vendorId,
      body,
      visibility,
    });
    await stack.owner.caseNote.createMany({
      data: [
        note(tier2.id, 'T2 internal: account linked to a fraud ring', 'INTERNAL'),
        note(tier2.id, 'T2 shared: verified identity, safe to restore', 'SHARED'),
        note(previous.id, 'previous partner internal', 'INTERNAL'),
        note(tier1.id, 'tier 1 own internal', 'INTERNAL'),
      ],
    });
    const read = await stack.graphql<Thread>(THREAD, { id: c.id }, await stack.vendorToken(tier1));
    expect(read.errors).toBeUndefined();
    expect(read.data!.case.notes.edges.map((e) => e.node.body).sort()).toEqual([
      'T2 shared: verified identity, safe to restore',
      'tier 1 own internal',
    ]);
    // Ops see every note.
    const ops = await stack.graphql<Thread>(
      THREAD,
      { id: c.id },
      await stack.internalToken(['ops']),
    );
    expect(ops.data!.case.notes.edges).toHaveLength(4);

    // A partner's note written through the API is its own unless shared.
    const token = await stack.vendorToken(tier1);
    const { version } = await stack.owner.case.findUniqueOrThrow({ where: { id: c.id } });
    const added = await stack.graphql(
      'mutation($i: AddCaseNoteInput!) { addCaseNote(input: $i) { version } }',
      {
        i: {
          caseId: c.id,
          version,
          body: 'shared with whoever holds it next',
          visibility: 'SHARED',
        },
      },
      token,
    );
    expect(added.errors).toBeUndefined();
    const stored = await stack.owner.caseNote.findFirstOrThrow({
      where: { caseId: c.id, body: 'shared with whoever holds it next' },
    });
    expect(stored.visibility).toBe('SHARED');
  });

  it('serves an attachment only through a fresh, unaltered link', async () => {
    const vendor = await stack.seed.vendor();
    await grant(vendor.id, ['MESSAGES', 'ATTACHMENTS']);
    const c = await stack.seed.case(vendor.id);
    const { messageId, attachmentId } = await userMessage(c.id, vendor.id, 'see attached');
    const read = await stack.graphql<Thread>(THREAD, { id: c.id }, await stack.vendorToken(vendor));
    const link = read.data!.case.messages.edges[0]!.node.attachments[0]!.downloadUrl.value!;

    // A fresh link redirects to the storage; the bytes never pass through the gateway.
    const ok = await stack.fetch(link, { redirect: 'manual' });
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe(`${STORAGE}/cases/${c.id}/receipt.pdf`);

    const refusal = async (url: string) => {
      const res = await stack.fetch(url, { redirect: 'manual' });
      const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
      return { status: res.status, ...body.errors[0]!.extensions };
    };
    // Altered: another attachment id, or a signature changed by one character.
    const url = new URL(link);
    const otherAttachment = new URL(link);
    otherAttachment.searchParams.set('a', randomUUID());
    expect(await refusal(otherAttachment.toString())).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
      reason: 'LINK_INVALID',
    });
    const signature = url.searchParams.get('s')!;
    url.searchParams.set('s', `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`);
    expect(await refusal(url.toString())).toMatchObject({ status: 403, reason: 'LINK_INVALID' });
    // Later expiry with the old signature: refused as altered.
    const extended = new URL(link);
    extended.searchParams.set('e', String(Number(extended.searchParams.get('e')) + 3600));
    expect(await refusal(extended.toString())).toMatchObject({
      status: 403,
      reason: 'LINK_INVALID',
    });
    // Correctly signed but expired.
    const expired = signAttachmentLink(
      { messageId, attachmentId, expires: Math.floor(Date.now() / 1000) - 1 },
      LINK_KEY,
    );
    expect(await refusal(`/attachments/download?${expired}`)).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
      reason: 'LINK_EXPIRED',
    });
  });
});
