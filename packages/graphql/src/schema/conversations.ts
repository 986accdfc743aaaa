// Conversations: the user's messages in (intake appends them), replies out (the holding
// partner or specialist), the case's thread and notes as the reader may see them. Resolvers
// only translate; the rules live in @bvg/domain's conversations.
import {
  type AppendMessagesResult,
  appendCaseMessages,
  type CaseMessageRow,
  type CaseNoteRow,
  type CaseView,
  createPlatformChannelEndpoint,
  listCaseMessages,
  listCaseNotes,
  listPlatformChannelEndpoints,
  readCase,
  replyToUser,
} from '@bvg/domain';
import { type ResolveCursorConnectionArgs, resolveCursorConnection } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';
import { checkForwardPage, type PageSize, pageSizeExtension } from '../pagination.ts';
import { caseWriters, NoteVisibilityEnum, workerOf } from './case-work.ts';
import { Case, ChannelEnum, caseReaders, RedactableString, redactable } from './cases.ts';
import { EndpointWithSecret, urlPolicyOf, WebhookEndpoint } from './webhooks.ts';

const intakeOnly = { role: 'intake' } as const;
const opsOnly = { role: 'ops' } as const;

const MessageDirectionEnum = builder.enumType('MessageDirection', {
  values: {
    INBOUND: { description: 'From the user (appended by the platform).' },
    OUTBOUND: { description: 'To the user (a reply through the gateway).' },
  } as const,
});
const ScanStatusEnum = builder.enumType('AttachmentScanStatus', {
  values: ['PENDING', 'CLEAN', 'INFECTED'] as const,
});

interface Read<T> {
  row: T;
  view: CaseView;
}

interface AttachmentShape {
  messageId: string;
  attachment: CaseMessageRow['attachments'][number];
  view: CaseView;
}

const Attachment = builder.objectRef<AttachmentShape>('Attachment').implement({
  description:
    "A file the user sent, by reference: the bytes stay in the platform's storage and are fetched through a short-lived signed link.",
  authScopes: caseReaders,
  fields: (t) => ({
    id: t.id({ authScopes: caseReaders, resolve: (a) => a.attachment.id }),
    name: t.string({ authScopes: caseReaders, resolve: (a) => a.attachment.name }),
    contentType: t.string({ authScopes: caseReaders, resolve: (a) => a.attachment.contentType }),
    sizeBytes: t.int({ authScopes: caseReaders, resolve: (a) => a.attachment.sizeBytes }),
    scanStatus: t.field({
      type: ScanStatusEnum,
      authScopes: caseReaders,
      resolve: (a) => a.attachment.scanStatus as 'PENDING' | 'CLEAN' | 'INFECTED',
    }),
    downloadUrl: t.field({
      type: RedactableString,
      description:
        'A link valid for a few minutes (ask again for a fresh one); null with a redaction reason when the contract does not grant attachments. Null without a reason while the file is not scanned clean.',
      authScopes: caseReaders,
      resolve: (a, _args, ctx) => {
        const decision = a.view.policy.ATTACHMENTS;
        const url =
          decision.allowed && a.attachment.scanStatus === 'CLEAN' && ctx.attachmentLinks
            ? ctx.attachmentLinks.sign({ messageId: a.messageId, attachmentId: a.attachment.id })
            : null;
        return redactable(decision, url);
      },
    }),
  }),
});

const CaseMessage = builder.objectRef<Read<CaseMessageRow>>('CaseMessage').implement({
  description:
    "One message of the case's thread: the user's, or a reply to the user. The body is redacted by the contract like the description.",
  authScopes: caseReaders,
  fields: (t) => ({
    id: t.id({ authScopes: caseReaders, resolve: (m) => m.row.id }),
    direction: t.field({
      type: MessageDirectionEnum,
      authScopes: caseReaders,
      resolve: (m) => m.row.direction,
    }),
    channel: t.field({
      type: ChannelEnum,
      authScopes: caseReaders,
      resolve: (m) => m.row.channel as 'IN_APP',
    }),
    source: t.string({ authScopes: caseReaders, resolve: (m) => m.row.source }),
    messageRef: t.string({ authScopes: caseReaders, resolve: (m) => m.row.messageRef }),
    authorKind: t.string({
      description: 'INTAKE for the user (through the platform), VENDOR or INTERNAL for a reply.',
      authScopes: caseReaders,
      resolve: (m) => m.row.authorKind,
    }),
    body: t.field({
      type: RedactableString,
      authScopes: caseReaders,
      resolve: (m) => redactable(m.view.policy.MESSAGES, m.row.body),
    }),
    attachments: t.field({
      type: [Attachment],
      authScopes: caseReaders,
      resolve: (m) =>
        m.row.attachments.map((attachment) => ({
          messageId: m.row.id,
          attachment,
          view: m.view,
        })),
    }),
    sentAt: t.field({ type: 'DateTime', authScopes: caseReaders, resolve: (m) => m.row.sentAt }),
    createdAt: t.field({
      type: 'DateTime',
      authScopes: caseReaders,
      resolve: (m) => m.row.createdAt,
    }),
    erasedAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: caseReaders,
      resolve: (m) => m.row.erasedAt,
    }),
  }),
});

const CaseNote = builder.objectRef<Read<CaseNoteRow>>('CaseNote').implement({
  description: 'A note on the case, by a partner or an in-house team.',
  authScopes: caseReaders,
  fields: (t) => ({
    id: t.id({ authScopes: caseReaders, resolve: (n) => n.row.id }),
    authorKind: t.string({ authScopes: caseReaders, resolve: (n) => n.row.authorKind }),
    visibility: t.field({
      type: NoteVisibilityEnum,
      authScopes: caseReaders,
      resolve: (n) => n.row.visibility,
    }),
    body: t.string({
      description: 'Empty once the subject was erased (GDPR).',
      authScopes: caseReaders,
      resolve: (n) => n.row.body,
    }),
    createdAt: t.field({
      type: 'DateTime',
      authScopes: caseReaders,
      resolve: (n) => n.row.createdAt,
    }),
    erasedAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: caseReaders,
      resolve: (n) => n.row.erasedAt,
    }),
  }),
});

const THREAD_PAGE: PageSize = { default: 50, max: 100 };

builder.objectFields(Case, (t) => ({
  previousCaseId: t.id({
    nullable: true,
    description:
      'The case this one follows: the user wrote again after that one closed (or past the reopen window).',
    authScopes: caseReaders,
    resolve: (v) => v.row.previousCaseId,
  }),
  messages: t.connection({
    type: CaseMessage,
    extensions: pageSizeExtension(THREAD_PAGE),
    description: "The case's thread, oldest first: the user's messages and the replies.",
    authScopes: caseReaders,
    resolve: (view, args, ctx) => {
      checkForwardPage('messages', args, THREAD_PAGE);
      return resolveCursorConnection(
        {
          args,
          toCursor: (m: Read<CaseMessageRow>) => m.row.id,
          defaultSize: THREAD_PAGE.default,
          maxSize: THREAD_PAGE.max,
        },
        async ({ after, limit }: ResolveCursorConnectionArgs) => {
          const rows = await listCaseMessages(ctx.db, ctx.actor!, {
            caseId: view.row.id,
            first: limit,
            after: after ?? null,
          });
          return rows.map((row) => ({ row, view }));
        },
      );
    },
  }),
  notes: t.connection({
    type: CaseNote,
    extensions: pageSizeExtension(THREAD_PAGE),
    description:
      "Notes on the case, oldest first: shared ones and your own team's; another team's internal notes are never listed.",
    authScopes: caseReaders,
    resolve: (view, args, ctx) => {
      checkForwardPage('notes', args, THREAD_PAGE);
      return resolveCursorConnection(
        {
          args,
          toCursor: (n: Read<CaseNoteRow>) => n.row.id,
          defaultSize: THREAD_PAGE.default,
          maxSize: THREAD_PAGE.max,
        },
        async ({ after, limit }: ResolveCursorConnectionArgs) => {
          const rows = await listCaseNotes(ctx.db, ctx.actor!, {
            caseId: view.row.id,
            first: limit,
            after: after ?? null,
          });
          return rows.map((row) => ({ row, view }));
        },
      );
    },
  }),
}));

// ── intake: the user's messages in ──

const AttachmentRefInput = builder.inputType('AttachmentRefInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    contentType: t.string({ required: true }),
    sizeBytes: t.int({ required: true }),
    storageKey: t.string({
      required: true,
      description: "Where the platform's storage keeps the bytes (below its base URL).",
    }),
    scanStatus: t.field({ type: ScanStatusEnum, required: false }),
  }),
});

const InboundMessageInput = builder.inputType('InboundMessageInput', {
  fields: (t) => ({
    source: t.string({ required: true, description: 'The system the message came through.' }),
    messageRef: t.string({
      required: true,
      description: "That system's id of the message; sending it again returns the stored one.",
    }),
    channel: t.field({ type: ChannelEnum, required: true }),
    sentAt: t.field({ type: 'DateTime', required: true }),
    body: t.string({ required: true }),
    attachments: t.field({ type: [AttachmentRefInput], required: false }),
  }),
});

const AppendCaseMessagesInput = builder.inputType('AppendCaseMessagesInput', {
  fields: (t) => ({
    caseId: t.id({ required: false, description: 'The case, by id…' }),
    source: t.string({ required: false, description: '…or by the submitting system…' }),
    externalRef: t.string({ required: false, description: "…and that system's id of it." }),
    messages: t.field({ type: [InboundMessageInput], required: true }),
  }),
});

const FollowUpEnum = builder.enumType('MessageOutcome', {
  values: {
    APPEND: { description: 'Added to the thread.' },
    REOPEN: { description: 'The case was resolved within the reopen window: it reopened.' },
    NEW_CASE: {
      description:
        'The case was closed (or resolved longer ago than the window): a new case follows it.',
    },
  } as const,
});

const AppendedMessage = builder
  .objectRef<AppendMessagesResult['messages'][number]>('AppendedMessage')
  .implement({
    authScopes: intakeOnly,
    fields: (t) => ({
      id: t.exposeID('id', { authScopes: intakeOnly }),
      source: t.exposeString('source', { authScopes: intakeOnly }),
      messageRef: t.exposeString('messageRef', { authScopes: intakeOnly }),
      created: t.exposeBoolean('created', {
        description: 'False when the message was already stored: nothing was written.',
        authScopes: intakeOnly,
      }),
    }),
  });

const AppendCaseMessagesPayload = builder
  .objectRef<AppendMessagesResult>('AppendCaseMessagesPayload')
  .implement({
    authScopes: intakeOnly,
    fields: (t) => ({
      caseId: t.exposeID('caseId', {
        description: 'The case the messages are on (a new one for NEW_CASE).',
        authScopes: intakeOnly,
      }),
      outcome: t.field({ type: FollowUpEnum, authScopes: intakeOnly, resolve: (r) => r.outcome }),
      previousCaseId: t.exposeID('previousCaseId', { nullable: true, authScopes: intakeOnly }),
      status: t.exposeString('status', { authScopes: intakeOnly }),
      version: t.exposeInt('version', { authScopes: intakeOnly }),
      messages: t.field({
        type: [AppendedMessage],
        authScopes: intakeOnly,
        resolve: (r) => r.messages,
      }),
    }),
  });

builder.mutationField('appendCaseMessages', (t) =>
  t.field({
    type: AppendCaseMessagesPayload,
    description:
      "The user wrote: add their messages to the case's thread (idempotent per source + messageRef). The holding partner hears case.message_received. On a resolved case within the reopen window the case reopens; on a closed one a new case is routed that follows it.",
    authScopes: intakeOnly,
    args: { input: t.arg({ type: AppendCaseMessagesInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      appendCaseMessages(
        ctx.db,
        ctx.actor!,
        {
          ...(input.caseId ? { caseId: String(input.caseId) } : {}),
          ...(input.source ? { source: input.source } : {}),
          ...(input.externalRef ? { externalRef: input.externalRef } : {}),
          messages: input.messages.map((m) => ({
            ...m,
            attachments: (m.attachments ?? []).map((a) => ({
              ...a,
              scanStatus: a.scanStatus ?? undefined,
            })),
          })),
        },
        { requestId: ctx.requestId, reopenWindowMs: ctx.reopenWindowMs },
      ),
  }),
);

// ── replies out ──

const ReplyToUserInput = builder.inputType('ReplyToUserInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    version: t.int({
      required: true,
      description: 'The case version you read; a stale one is a CONFLICT.',
    }),
    body: t.string({ required: true }),
    idempotencyKey: t.string({
      required: false,
      description: 'Same key and same input return the first result.',
    }),
  }),
});

interface ReplyShape {
  messageId: string;
  case: CaseView;
}
const ReplyToUserPayload = builder.objectRef<ReplyShape>('ReplyToUserPayload').implement({
  authScopes: caseWriters,
  fields: (t) => ({
    messageId: t.exposeID('messageId', { authScopes: caseWriters }),
    case: t.field({ type: Case, authScopes: caseWriters, resolve: (r) => r.case }),
  }),
});

builder.mutationField('replyToUser', (t) =>
  t.field({
    type: ReplyToUserPayload,
    description:
      'Reply to the user through the gateway: stored in the thread, counted as a response (the first one stops the first-response clock, as recordResponse), and sent to the platform as message.outbound.',
    authScopes: caseWriters,
    args: { input: t.arg({ type: ReplyToUserInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const actor = workerOf(ctx);
      const result = await replyToUser(ctx.db, actor, {
        caseId: String(input.caseId),
        version: input.version,
        body: input.body,
        idempotencyKey: input.idempotencyKey ?? null,
        requestId: ctx.requestId,
      });
      return {
        messageId: result.messageId,
        case: await readCase(ctx.db, actor, { caseId: result.caseId, requestId: ctx.requestId }),
      };
    },
  }),
);

// ── the platform channel's endpoints ──

builder.queryField('platformChannelEndpoints', (t) =>
  t.field({
    type: [WebhookEndpoint],
    description:
      'Where replies to users are sent (message.outbound, Standard Webhooks). Rotate, pause or redeliver them with the webhook endpoint mutations.',
    authScopes: opsOnly,
    resolve: (_root, _args, ctx) => listPlatformChannelEndpoints(ctx.db, ctx.actor!),
  }),
);

builder.mutationField('createPlatformChannelEndpoint', (t) =>
  t.field({
    type: EndpointWithSecret,
    description:
      "Send replies to users (message.outbound: case reference, message id, body, channel) to the platform's channel service: Standard Webhooks signed with the returned secret (shown once), with the partners' retry schedule and delivery log.",
    authScopes: opsOnly,
    args: {
      url: t.arg.string({ required: true }),
      description: t.arg.string({ required: false }),
    },
    resolve: (_root, args, ctx) =>
      createPlatformChannelEndpoint(
        ctx.db,
        ctx.actor!,
        { url: args.url, description: args.description ?? null, requestId: ctx.requestId },
        urlPolicyOf(ctx),
      ),
  }),
);
