// Conversations end to end, with every real part: intake appends the user's message → the
// partner's HTTP receiver gets a signed case.message_received → the partner reads the thread
// (bodies and attachment links redacted by its contract) and replies → the platform channel's
// receiver gets the signed message.outbound with the body → the user writes after resolution
// and the case reopens with the message in its thread; after closing, a new linked case.
// Hostile input changes nothing.
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
let partnerReceiver: Receiver;
let platformReceiver: Receiver;
let intake: string;

type Redactable = { value: string | null; redaction: string | null };
interface ThreadNode {
  id: string;
  direction: string;
  body: Redactable;
  attachments: { name: string; scanStatus: string; downloadUrl: Redactable }[];
}

const THREAD = `query($id: ID!) { case(id: $id) { id version status previousCaseId firstResponseAt
  messages(first: 50) { edges { node { id direction body { value redaction }
    attachments { name scanStatus downloadUrl { value redaction } } } } } } }`;

const APPEND = `mutation($i: AppendCaseMessagesInput!) { appendCaseMessages(input: $i) {
  caseId outcome previousCaseId status version messages { id messageRef created } } }`;

interface AppendAnswer {
  appendCaseMessages: {
    caseId: string;
    outcome: string;
    previousCaseId: string | null;
    status: string;
    version: number;
    messages: { id: string; messageRef: string; created: boolean }[];
  };
}

beforeAll(async () => {
  stack = await createTestStack({ ATTACHMENT_STORAGE_URL: 'https://files.example.test/support' });
  await seedDemoData(stack.owner, { casesPerDay: 1 });
  partnerReceiver = await startVerifyingReceiver();
  platformReceiver = await startVerifyingReceiver();
  // Every partner's endpoint points at the partner receiver; it knows every endpoint's secret.
  await stack.owner.webhookEndpoint.updateMany({ data: { url: partnerReceiver.url } });
  partnerReceiver.secrets = (await stack.owner.webhookSecret.findMany()).map((s) => s.secret);
  // Ops register the platform's channel service, which sends replies to users.
  const ops = await stack.internalToken(['ops'], 'ops.lena');
  const made = await stack.graphql<{
    createPlatformChannelEndpoint: { secret: string; endpoint: { id: string } };
  }>(
    'mutation($url: String!) { createPlatformChannelEndpoint(url: $url) { secret endpoint { id } } }',
    { url: platformReceiver.url },
    ops,
  );
  expect(made.errors).toBeUndefined();
  platformReceiver.secrets = [made.data!.createPlatformChannelEndpoint.secret];
  intake = await stack.internalToken(['intake'], 'in-app');
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
}, 90_000);
afterAll(async () => {
  await worker?.close();
  await removeKeysUnder(prefix);
  await partnerReceiver?.close();
  await platformReceiver?.close();
  await stack?.close();
});

/** A case submitted through intake (EU: the partner's contract grants description and messages, not attachments). */
async function submitted() {
  const externalRef = `chat-${randomBytes(4).toString('hex')}`;
  const res = await stack.graphql<{ submitCase: { caseId: string; vendorId: string } }>(
    'mutation($i: SubmitCaseInput!) { submitCase(input: $i) { caseId vendorId } }',
    {
      i: {
        source: 'in-app',
        externalRef,
        region: 'EU',
        scope: 'ACCOUNT_ACCESS',
        channel: 'IN_APP',
        language: 'de',
        subjectRef: `user-${externalRef}`,
        subject: { email: 'lena@example.test', description: 'Kann mich nicht anmelden' },
      },
    },
    intake,
  );
  expect(res.errors).toBeUndefined();
  const { caseId, vendorId } = res.data!.submitCase;
  const client = await stack.owner.apiClient.findFirstOrThrow({ where: { vendorId } });
  const token = await stack.vendorToken({ id: vendorId, clientId: client.clientId });
  const { version } = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });
  return { caseId, vendorId, externalRef, token, version };
}

const message = (messageRef: string, body: string, extra: Record<string, unknown> = {}) => ({
  source: 'in-app',
  messageRef,
  channel: 'IN_APP',
  sentAt: new Date().toISOString(),
  body,
  ...extra,
});

async function work(token: string, name: string, input: Record<string, unknown>) {
  const type = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  const res = await stack.graphql<Record<string, { version: number }>>(
    `mutation($i: ${type}!) { ${name}(input: $i) { version } }`,
    { i: input },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data![name]!.version;
}

async function thread(token: string, caseId: string) {
  const res = await stack.graphql<{
    case: {
      version: number;
      status: string;
      previousCaseId: string | null;
      firstResponseAt: string | null;
      messages: { edges: { node: ThreadNode }[] };
    };
  }>(THREAD, { id: caseId }, token);
  expect(res.errors).toBeUndefined();
  return { ...res.data!.case, nodes: res.data!.case.messages.edges.map((e) => e.node) };
}

describe('a conversation through the gateway', () => {
  it('delivers the user message to the partner, the reply to the platform, and reopens on a reply after resolution', async () => {
    const offered = await submitted();
    const { caseId, vendorId, externalRef, token } = offered;
    let version = await work(token, 'acceptCase', { caseId, version: offered.version });

    // 1. The user writes; intake names the case by its own reference.
    const appended = await stack.graphql<AppendAnswer>(
      APPEND,
      {
        i: {
          source: 'in-app',
          externalRef,
          messages: [
            message('m-1', 'Ich habe mein Telefon gewechselt', {
              attachments: [
                {
                  name: 'screenshot.png',
                  contentType: 'image/png',
                  sizeBytes: 48_213,
                  storageKey: 'cases/abc/screenshot.png',
                  scanStatus: 'CLEAN',
                },
              ],
            }),
          ],
        },
      },
      intake,
    );
    expect(appended.errors).toBeUndefined();
    const first = appended.data!.appendCaseMessages;
    expect(first).toMatchObject({ caseId, outcome: 'APPEND', status: 'ACCEPTED' });
    const messageId = first.messages[0]!.id;

    // 2. The partner's receiver gets a signed, thin case.message_received.
    const received = await eventually(
      () =>
        partnerReceiver.received.find(
          (r) =>
            r.payload.type === 'case.message_received' && r.payload.data.messageId === messageId,
        ),
      { what: 'case.message_received' },
    );
    expect(received.verified).toBe(true);
    expect(received.payload.data).toMatchObject({ caseId, vendorId, messageId });
    expect(received.body).not.toContain('Telefon');

    // 3. The partner reads it: the body (granted like the description), the attachment's
    // link withheld (its contract does not grant attachments in the EU).
    const read = await thread(token, caseId);
    expect(read.nodes).toEqual([
      {
        id: messageId,
        direction: 'INBOUND',
        body: { value: 'Ich habe mein Telefon gewechselt', redaction: null },
        attachments: [
          {
            name: 'screenshot.png',
            scanStatus: 'CLEAN',
            downloadUrl: { value: null, redaction: 'NOT_IN_CONTRACT' },
          },
        ],
      },
    ]);
    expect(read.firstResponseAt).toBeNull();

    // 4. The partner replies: the first response is recorded as recordResponse records it.
    const reply = await stack.graphql<{
      replyToUser: {
        messageId: string;
        case: { version: number; status: string; firstResponseAt: string };
      };
    }>(
      'mutation($i: ReplyToUserInput!) { replyToUser(input: $i) { messageId case { version status firstResponseAt } } }',
      { i: { caseId, version: read.version, body: 'Bitte bestätigen Sie Ihre E-Mail-Adresse.' } },
      token,
    );
    expect(reply.errors).toBeUndefined();
    const { messageId: replyId, case: afterReply } = reply.data!.replyToUser;
    expect(afterReply.status).toBe('IN_PROGRESS');
    expect(afterReply.firstResponseAt).not.toBeNull();
    version = afterReply.version;

    // 5. The platform's channel gets the signed message.outbound, with what it needs to send it.
    const outbound = await eventually(
      () =>
        platformReceiver.received.find(
          (r) => r.payload.type === 'message.outbound' && r.payload.data.messageId === replyId,
        ),
      { what: 'message.outbound' },
    );
    expect(outbound.verified).toBe(true);
    expect(outbound.payload.data).toMatchObject({
      caseId,
      messageId: replyId,
      source: 'in-app',
      externalRef,
      channel: 'IN_APP',
      body: 'Bitte bestätigen Sie Ihre E-Mail-Adresse.',
    });
    // Only the platform hears it: no partner endpoint got the body.
    expect(partnerReceiver.received.some((r) => r.payload.type === 'message.outbound')).toBe(false);
    // It is in the platform channel's delivery log like any delivery.
    const logged = await eventually(
      async () =>
        (await stack.owner.webhookDelivery.findFirst({
          where: { eventType: 'message.outbound', caseId, status: 'SUCCEEDED' },
          include: { endpoint: true },
        })) ?? undefined,
      { what: 'the delivery logged as SUCCEEDED' },
    );
    expect(logged.endpoint.url).toBe(platformReceiver.url);

    // 6. Resolved; then the user writes back within the window: the case reopens.
    version = await work(token, 'resolveCase', {
      caseId,
      version,
      resolutionCode: 'ACCOUNT_RECOVERED',
      firstContactResolution: true,
    });
    const again = await stack.graphql<AppendAnswer>(
      APPEND,
      { i: { caseId, messages: [message('m-2', 'Es geht immer noch nicht')] } },
      intake,
    );
    expect(again.errors).toBeUndefined();
    expect(again.data!.appendCaseMessages).toMatchObject({
      caseId,
      outcome: 'REOPEN',
      status: 'REOPENED',
      version: version + 1,
    });
    const reopenedNotice = await eventually(
      () =>
        partnerReceiver.received.find(
          (r) =>
            r.payload.type === 'case.updated' &&
            r.payload.data.caseId === caseId &&
            r.payload.data.status === 'REOPENED',
        ),
      { what: 'case.updated REOPENED' },
    );
    expect(reopenedNotice.verified).toBe(true);

    const reopened = await thread(token, caseId);
    expect(reopened.status).toBe('REOPENED');
    expect(reopened.nodes.map((n) => [n.direction, n.body.value])).toEqual([
      ['INBOUND', 'Ich habe mein Telefon gewechselt'],
      ['OUTBOUND', 'Bitte bestätigen Sie Ihre E-Mail-Adresse.'],
      ['INBOUND', 'Es geht immer noch nicht'],
    ]);
    // The reopening is on the case's history, where first-contact resolution reads it.
    const events = await stack.owner.caseEvent.findMany({
      where: { caseId },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.type).slice(-3)).toEqual(['RESPONDED', 'RESOLVED', 'REOPENED']);
    expect(events.at(-1)!.vendorId).toBe(vendorId);
  });

  it('resumes a case waiting for the user when the user writes, giving the pause back to both clocks', async () => {
    const offered = await submitted();
    const { caseId, vendorId, externalRef, token } = offered;
    let version = await work(token, 'acceptCase', { caseId, version: offered.version });
    version = await work(token, 'recordResponse', { caseId, version });
    version = await work(token, 'setCasePending', { caseId, version });
    // The partner has waited two hours (the pause moved back, on the case and its history).
    const pausedAt = new Date(Date.now() - 2 * 3600_000);
    await stack.owner.case.update({ where: { id: caseId }, data: { slaPausedAt: pausedAt } });
    await stack.owner.caseEvent.updateMany({
      where: { caseId, type: 'PENDING_USER' },
      data: { occurredAt: pausedAt },
    });
    const paused = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });

    const res = await stack.graphql<AppendAnswer>(
      APPEND,
      { i: { source: 'in-app', externalRef, messages: [message('w-1', 'Hier ist der Code')] } },
      intake,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.appendCaseMessages).toMatchObject({
      caseId,
      outcome: 'APPEND',
      status: 'IN_PROGRESS',
      version: version + 1,
    });
    const messageId = res.data!.appendCaseMessages.messages[0]!.id;

    // The clocks: the pause is over and its time given back, as the partner's resume gives it.
    const resumed = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });
    const event = await stack.owner.caseEvent.findFirstOrThrow({
      where: { caseId, type: 'RESUMED' },
    });
    expect(event).toMatchObject({ fromStatus: 'PENDING_USER', toStatus: 'IN_PROGRESS' });
    expect(resumed.slaPausedAt).toBeNull();
    expect(resumed.slaPausedSeconds).toBe(
      paused.slaPausedSeconds +
        Math.round((event.occurredAt.getTime() - pausedAt.getTime()) / 1000),
    );
    expect(resumed.resolutionDueAt!.getTime()).toBeGreaterThanOrEqual(
      paused.resolutionDueAt!.getTime(),
    );
    expect(resumed.userResolutionDueAt!.getTime()).toBeGreaterThan(
      paused.userResolutionDueAt!.getTime(),
    );
    // The replay of the case's history (the same rules a partner's resume follows) gives the
    // stored due times.
    const ops = await stack.internalToken(['ops'], 'ops.lena');
    const replay = await stack.graphql<{
      slaTimeline: {
        clocks: {
          clock: string;
          vendorId: string | null;
          firstResponseDueAt: string | null;
          resolutionDueAt: string | null;
          entries: { kind: string }[];
        }[];
      };
    }>(
      `query($id: ID!) { slaTimeline(caseId: $id) { clocks { clock vendorId firstResponseDueAt
        resolutionDueAt entries { kind } } } }`,
      { id: caseId },
      ops,
    );
    expect(replay.errors).toBeUndefined();
    const clocks = replay.data!.slaTimeline.clocks;
    const user = clocks.find((k) => k.clock === 'USER')!;
    const holder = clocks.find((k) => k.vendorId === vendorId)!;
    expect([user.firstResponseDueAt, user.resolutionDueAt]).toEqual([
      resumed.userFirstResponseDueAt!.toISOString(),
      resumed.userResolutionDueAt!.toISOString(),
    ]);
    expect([holder.firstResponseDueAt, holder.resolutionDueAt]).toEqual([
      resumed.firstResponseDueAt?.toISOString() ?? null,
      resumed.resolutionDueAt?.toISOString() ?? null,
    ]);
    expect(holder.entries.map((e) => e.kind)).toContain('RESUME');

    // The partner's receiver hears both: the status change and the message.
    const updated = await eventually(
      () =>
        partnerReceiver.received.find(
          (r) =>
            r.payload.type === 'case.updated' &&
            r.payload.data.caseId === caseId &&
            r.payload.data.status === 'IN_PROGRESS',
        ),
      { what: 'case.updated IN_PROGRESS' },
    );
    expect(updated.verified).toBe(true);
    expect(updated.payload.data).toMatchObject({ vendorId, version: version + 1 });
    const received = await eventually(
      () =>
        partnerReceiver.received.find(
          (r) =>
            r.payload.type === 'case.message_received' && r.payload.data.messageId === messageId,
        ),
      { what: 'case.message_received' },
    );
    expect(received.payload.data).toMatchObject({ caseId, vendorId, version: version + 1 });

    // A repeat of the same message changes nothing more.
    const repeat = await stack.graphql<AppendAnswer>(
      APPEND,
      { i: { caseId, messages: [message('w-1', 'Hier ist der Code')] } },
      intake,
    );
    expect(repeat.data!.appendCaseMessages).toMatchObject({
      status: 'IN_PROGRESS',
      version: version + 1,
    });
  });

  it('reads a batch stored at once in the order its messages were sent', async () => {
    const { caseId, token } = await submitted();
    const sent = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    // Given newest first: the thread still reads oldest first.
    const batch = [3, 2, 1].map((n) =>
      message(`batch-${randomBytes(3).toString('hex')}-${n}`, `written ${n} min ago`, {
        sentAt: sent(n),
      }),
    );
    const res = await stack.graphql(APPEND, { i: { caseId, messages: batch.reverse() } }, intake);
    expect(res.errors).toBeUndefined();
    const { nodes } = await thread(token, caseId);
    expect(nodes.map((n) => n.body.value)).toEqual([
      'written 3 min ago',
      'written 2 min ago',
      'written 1 min ago',
    ]);
  });

  it('starts a new case linked to a closed one, routed through intake', async () => {
    const { caseId, token } = await submitted();
    await stack.owner.case.update({
      where: { id: caseId },
      data: {
        status: 'CLOSED',
        resolvedAt: new Date(),
        closedAt: new Date(),
        version: { increment: 1 },
      },
    });
    const res = await stack.graphql<AppendAnswer>(
      APPEND,
      {
        i: { caseId, messages: [message(`m-${randomBytes(3).toString('hex')}`, 'Neues Problem')] },
      },
      intake,
    );
    expect(res.errors).toBeUndefined();
    const answer = res.data!.appendCaseMessages;
    expect(answer.outcome).toBe('NEW_CASE');
    expect(answer.previousCaseId).toBe(caseId);
    expect(answer.caseId).not.toBe(caseId);
    expect(answer.status).toBe('OFFERED');

    const followUp = await stack.owner.case.findUniqueOrThrow({
      where: { id: answer.caseId },
      include: { subject: true, messages: true },
    });
    expect(followUp.previousCaseId).toBe(caseId);
    expect(followUp.subject?.description).toBe('Neues Problem');
    expect(followUp.messages.map((m) => m.body)).toEqual(['Neues Problem']);
    // The old case is untouched, and its thread gained nothing.
    const old = await stack.owner.case.findUniqueOrThrow({
      where: { id: caseId },
      include: { messages: true },
    });
    expect(old.status).toBe('CLOSED');
    expect(old.messages).toEqual([]);

    // Whoever holds the new case sees the link.
    const client = await stack.owner.apiClient.findFirstOrThrow({
      where: { vendorId: followUp.vendorId! },
    });
    const holder = await stack.vendorToken({ id: followUp.vendorId!, clientId: client.clientId });
    expect((await thread(holder, answer.caseId)).previousCaseId).toBe(caseId);
    expect(token).toBeTruthy();
  });
});

describe('hostile input changes nothing', () => {
  // Messages anywhere (only appends and replies write them); the case's own outbox rows and
  // events (the worker's sweeps write others' meanwhile).
  const counts = async (caseId?: string) => ({
    messages: await stack.owner.caseMessage.count(),
    outbox: caseId ? await stack.owner.outboxMessage.count({ where: { caseId } }) : 0,
    events: caseId ? await stack.owner.caseEvent.count({ where: { caseId } }) : 0,
  });

  it('refuses a 10 MB request with a typed error before reading it', async () => {
    const before = await counts();
    const body = JSON.stringify({
      query: APPEND,
      variables: {
        i: {
          caseId: crypto.randomUUID(),
          messages: [message('big', 'x'.repeat(10 * 1024 * 1024))],
        },
      },
    });
    const response = await stack.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${intake}` },
      body,
    });
    expect(response.status).toBe(413);
    const answer = (await response.json()) as {
      errors: { extensions: { code: string; maxBytes: number } }[];
    };
    expect(answer.errors[0]!.extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(answer.errors[0]!.extensions.maxBytes).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
  });

  it('refuses a body over the message limit, naming the field (VALIDATION)', async () => {
    const { caseId } = await submitted();
    const before = await counts(caseId);
    const res = await stack.graphql(
      APPEND,
      { i: { caseId, messages: [message('long', 'x'.repeat(20_001)), message('', '')] } },
      intake,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const paths = (res.errors![0]!.extensions!.problems as { path: string }[]).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['messages.0.body', 'messages.1.messageRef']));
    expect(await counts(caseId)).toEqual(before);
  });

  it('answers a message for an unknown case NOT_FOUND', async () => {
    const before = await counts();
    const byId = await stack.graphql(
      APPEND,
      { i: { caseId: crypto.randomUUID(), messages: [message('lost-1', 'hello')] } },
      intake,
    );
    expect(byId.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const byRef = await stack.graphql(
      APPEND,
      {
        i: {
          source: 'in-app',
          externalRef: 'never-submitted',
          messages: [message('lost-2', 'hello')],
        },
      },
      intake,
    );
    expect(byRef.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
  });

  it('answers a repeated message with the stored one and writes nothing', async () => {
    const { caseId } = await submitted();
    const ref = `dup-${randomBytes(3).toString('hex')}`;
    const first = await stack.graphql<AppendAnswer>(
      APPEND,
      { i: { caseId, messages: [message(ref, 'once')] } },
      intake,
    );
    expect(first.data!.appendCaseMessages.messages[0]!.created).toBe(true);
    const before = await counts(caseId);
    const again = await stack.graphql<AppendAnswer>(
      APPEND,
      { i: { caseId, messages: [message(ref, 'once')] } },
      intake,
    );
    expect(again.errors).toBeUndefined();
    expect(again.data!.appendCaseMessages.messages).toEqual([
      { id: first.data!.appendCaseMessages.messages[0]!.id, messageRef: ref, created: false },
    ]);
    expect(await counts(caseId)).toEqual(before);
  });

  it('refuses a reply on a stale version (CONFLICT) and sends nothing', async () => {
    const offered = await submitted();
    const { caseId, token } = offered;
    const version = await work(token, 'acceptCase', { caseId, version: offered.version });
    const before = await counts(caseId);
    const res = await stack.graphql(
      'mutation($i: ReplyToUserInput!) { replyToUser(input: $i) { messageId } }',
      { i: { caseId, version: version - 1, body: 'too late' } },
      token,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await counts(caseId)).toEqual(before);
    const c = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(c.version).toBe(version);
    expect(c.firstResponseAt).toBeNull();
  });
});
