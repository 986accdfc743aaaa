// Auditors: the audit trail and GDPR erasure.
import { eraseSubject, listAuditEvents } from '@bvg/domain';
import { type ResolveCursorConnectionArgs, resolveCursorConnection } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';
import { checkForwardPage, type PageSize, pageSizeExtension } from '../pagination.ts';

const auditors = { role: 'auditor' } as const;

type AuditRow = Awaited<ReturnType<typeof listAuditEvents>>[number];

const AuditEvent = builder.objectRef<AuditRow>('AuditEvent').implement({
  description:
    'Who did what to which target, when (reads of case data, changes, authentication failures).',
  authScopes: auditors,
  fields: (t) => ({
    id: t.id({ authScopes: auditors, resolve: (e) => e.id.toString() }),
    occurredAt: t.field({ type: 'DateTime', authScopes: auditors, resolve: (e) => e.occurredAt }),
    actorKind: t.string({ authScopes: auditors, resolve: (e) => e.actorKind }),
    actorId: t.exposeString('actorId', { authScopes: auditors }),
    vendorId: t.exposeID('vendorId', { nullable: true, authScopes: auditors }),
    action: t.exposeString('action', { authScopes: auditors }),
    targetType: t.exposeString('targetType', { authScopes: auditors }),
    targetId: t.exposeString('targetId', { nullable: true, authScopes: auditors }),
    requestId: t.exposeString('requestId', { nullable: true, authScopes: auditors }),
    outcome: t.exposeString('outcome', { authScopes: auditors }),
    details: t.field({ type: 'JSON', authScopes: auditors, resolve: (e) => e.details }),
  }),
});

const AuditFilter = builder.inputType('AuditEventFilter', {
  fields: (t) => ({
    actorId: t.string({ required: false }),
    vendorId: t.id({ required: false }),
    action: t.string({ required: false }),
    targetType: t.string({ required: false }),
    targetId: t.string({ required: false }),
    from: t.field({ type: 'DateTime', required: false }),
    to: t.field({ type: 'DateTime', required: false }),
  }),
});

interface ErasureShape {
  subjectRefHash: string;
  casesErased: number;
  notesErased: number;
  messagesErased: number;
}
const Erasure = builder.objectRef<ErasureShape>('SubjectErasure').implement({
  description: 'What an erasure removed. The subject reference is replaced by this pseudonym.',
  authScopes: auditors,
  fields: (t) => ({
    subjectRefHash: t.exposeString('subjectRefHash', { authScopes: auditors }),
    casesErased: t.exposeInt('casesErased', { authScopes: auditors }),
    notesErased: t.exposeInt('notesErased', { authScopes: auditors }),
    messagesErased: t.exposeInt('messagesErased', { authScopes: auditors }),
  }),
});

const AUDIT_EVENTS_PAGE: PageSize = { default: 50, max: 500 };

builder.queryField('auditEvents', (t) =>
  t.connection({
    type: AuditEvent,
    extensions: pageSizeExtension(AUDIT_EVENTS_PAGE),
    authScopes: auditors,
    args: { filter: t.arg({ type: AuditFilter, required: false }) },
    resolve: (_root, args, ctx) => {
      checkForwardPage('auditEvents', args, AUDIT_EVENTS_PAGE);
      const f = args.filter ?? {};
      return resolveCursorConnection(
        {
          args,
          toCursor: (e: AuditRow) => e.id.toString(),
          defaultSize: AUDIT_EVENTS_PAGE.default,
          maxSize: AUDIT_EVENTS_PAGE.max,
        },
        ({ after, limit }: ResolveCursorConnectionArgs) =>
          listAuditEvents(ctx.db, {
            filter: {
              actorId: f.actorId ?? undefined,
              vendorId: f.vendorId ? String(f.vendorId) : undefined,
              action: f.action ?? undefined,
              targetType: f.targetType ?? undefined,
              targetId: f.targetId ?? undefined,
              from: f.from ?? undefined,
              to: f.to ?? undefined,
            },
            first: limit,
            after: after ?? null,
          }),
      );
    },
  }),
);

builder.mutationField('eraseSubject', (t) =>
  t.field({
    type: Erasure,
    description:
      "GDPR erasure: the subject's personal data is removed everywhere; cases, events and KPIs stay.",
    authScopes: auditors,
    args: {
      subjectRef: t.arg.string({ required: true }),
      reason: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      eraseSubject(ctx.db, ctx.actor!, { ...args, requestId: ctx.requestId }),
  }),
);
