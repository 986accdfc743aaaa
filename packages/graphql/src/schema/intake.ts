// Intake: platform systems submit cases (idempotent on source + externalRef).
import { reopenCase, submitCase } from '@bvg/domain';
import { builder } from '../builder.ts';
import { ChannelEnum, PriorityEnum } from './cases.ts';

const intakeOnly = { role: 'intake' } as const;

const AttachmentInput = builder.inputType('AttachmentInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    contentType: t.string({ required: true }),
    sizeBytes: t.int({ required: true }),
  }),
});

const SubjectInput = builder.inputType('CaseSubjectInput', {
  description:
    "The user's personal data; stored apart from the case and shown to vendors per policy.",
  fields: (t) => ({
    displayName: t.string({ required: false }),
    email: t.string({ required: false }),
    phone: t.string({ required: false }),
    description: t.string({ required: false }),
    minorSafetyDetail: t.field({ type: 'JSON', required: false }),
    attachments: t.field({ type: [AttachmentInput], required: false }),
  }),
});

const SubmitCaseInput = builder.inputType('SubmitCaseInput', {
  fields: (t) => ({
    source: t.string({
      required: true,
      description: 'The submitting system, e.g. in-app-feedback.',
    }),
    externalRef: t.string({
      required: true,
      description: "The submitting system's id; resubmitting returns the same case.",
    }),
    region: t.string({ required: true }),
    scope: t.string({ required: true }),
    channel: t.field({ type: ChannelEnum, required: true }),
    language: t.string({ required: true }),
    priority: t.field({ type: PriorityEnum, required: false }),
    subjectRef: t.string({
      required: true,
      description: 'Pseudonymous user reference (the key for erasure).',
    }),
    subject: t.field({ type: SubjectInput, required: false }),
  }),
});

interface SubmitCasePayloadShape {
  caseId: string;
  created: boolean;
  status: string;
  vendorId: string | null;
}

const SubmitCasePayload = builder.objectRef<SubmitCasePayloadShape>('SubmitCasePayload').implement({
  description: 'The case and its routing decision.',
  authScopes: intakeOnly,
  fields: (t) => ({
    caseId: t.exposeID('caseId', { authScopes: intakeOnly }),
    created: t.exposeBoolean('created', {
      description: 'False when this submission was already known.',
      authScopes: intakeOnly,
    }),
    status: t.exposeString('status', {
      description: 'OFFERED to a vendor, or UNROUTED (ops are alerted).',
      authScopes: intakeOnly,
    }),
    vendorId: t.exposeID('vendorId', { nullable: true, authScopes: intakeOnly }),
  }),
});

builder.mutationField('submitCase', (t) =>
  t.field({
    type: SubmitCasePayload,
    authScopes: intakeOnly,
    args: { input: t.arg({ type: SubmitCaseInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      submitCase(
        ctx.db,
        ctx.actor!,
        {
          ...input,
          priority: input.priority ?? undefined,
          subject: input.subject
            ? Object.fromEntries(
                Object.entries(input.subject).filter(([, v]) => v !== null && v !== undefined),
              )
            : undefined,
        } as Parameters<typeof submitCase>[2],
        { requestId: ctx.requestId },
      ),
  }),
);

interface ReopenedShape {
  caseId: string;
  status: string;
  version: number;
}
const ReopenedCase = builder.objectRef<ReopenedShape>('ReopenedCase').implement({
  authScopes: intakeOnly,
  fields: (t) => ({
    caseId: t.exposeID('caseId', { authScopes: intakeOnly }),
    status: t.exposeString('status', { authScopes: intakeOnly }),
    version: t.exposeInt('version', { authScopes: intakeOnly }),
  }),
});

builder.mutationField('reopenCase', (t) =>
  t.field({
    type: ReopenedCase,
    description:
      'The user wrote back on a resolved case: it reopens with the vendor that resolved it (counts against first-contact resolution).',
    authScopes: intakeOnly,
    args: {
      source: t.arg.string({ required: true }),
      externalRef: t.arg.string({ required: true }),
      reason: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      reopenCase(ctx.db, ctx.actor!, { ...args, requestId: ctx.requestId }),
  }),
);
