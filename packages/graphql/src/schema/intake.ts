// Intake: platform systems submit cases (idempotent on source + externalRef).
import {
  MAX_SUBMISSIONS_PER_BATCH,
  reopenCase,
  type SubmissionOutcome,
  type SubmitCaseInput as SubmitCaseData,
} from '@bvg/domain';
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

/** GraphQL's nulls are the domain's absent fields. */
function submissionOf(input: typeof SubmitCaseInput.$inferInput): SubmitCaseData {
  return {
    ...input,
    priority: input.priority ?? undefined,
    subject: input.subject
      ? Object.fromEntries(
          Object.entries(input.subject).filter(([, v]) => v !== null && v !== undefined),
        )
      : undefined,
  } as SubmitCaseData;
}

builder.mutationField('submitCase', (t) =>
  t.field({
    type: SubmitCasePayload,
    description:
      'Creates and routes one case. Concurrent submissions to one gateway share a transaction (group commit); each still gets its own answer.',
    authScopes: intakeOnly,
    args: { input: t.arg({ type: SubmitCaseInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.intake.submit(ctx.actor!, submissionOf(input), { requestId: ctx.requestId }),
  }),
);

interface ProblemShape {
  path: string;
  message: string;
}
const SubmissionProblem = builder.objectRef<ProblemShape>('SubmissionProblem').implement({
  authScopes: intakeOnly,
  fields: (t) => ({
    path: t.exposeString('path', { authScopes: intakeOnly }),
    message: t.exposeString('message', { authScopes: intakeOnly }),
  }),
});

interface SubmissionErrorShape {
  code: string;
  message: string;
  problems: ProblemShape[];
}
const SubmissionError = builder.objectRef<SubmissionErrorShape>('SubmissionError').implement({
  description: 'Why one submission of a batch was refused; nothing was written for it.',
  authScopes: intakeOnly,
  fields: (t) => ({
    code: t.exposeString('code', {
      description: 'VALIDATION for bad input.',
      authScopes: intakeOnly,
    }),
    message: t.exposeString('message', { authScopes: intakeOnly }),
    problems: t.field({
      type: [SubmissionProblem],
      description: 'Every problem with the input, by field path.',
      authScopes: intakeOnly,
      resolve: (e) => e.problems,
    }),
  }),
});

interface SubmissionResultShape {
  index: number;
  outcome: SubmissionOutcome;
}
const SubmissionResult = builder.objectRef<SubmissionResultShape>('SubmissionResult').implement({
  description: 'The answer to one submission: its case, or why it was refused.',
  authScopes: intakeOnly,
  fields: (t) => ({
    index: t.exposeInt('index', {
      description: 'Position of the submission in `inputs`.',
      authScopes: intakeOnly,
    }),
    case: t.field({
      type: SubmitCasePayload,
      nullable: true,
      authScopes: intakeOnly,
      resolve: (r) => (r.outcome.ok ? r.outcome.result : null),
    }),
    error: t.field({
      type: SubmissionError,
      nullable: true,
      authScopes: intakeOnly,
      resolve: (r) =>
        r.outcome.ok
          ? null
          : {
              code: r.outcome.error.code,
              message: r.outcome.error.message,
              problems: (r.outcome.error.details.problems as ProblemShape[] | undefined) ?? [],
            },
    }),
  }),
});

builder.mutationField('submitCases', (t) =>
  t.field({
    type: [SubmissionResult],
    description: `Creates and routes up to ${MAX_SUBMISSIONS_PER_BATCH} cases (backfills, batch imports, an intake service sending what arrived in the last moments). They are written together with other submissions arriving at the same time (group commit). Each submission is answered on its own, in order: a refused one writes nothing and does not stop the others. Idempotent per (source, externalRef) like submitCase, so a call that failed can be sent again as it was.`,
    authScopes: intakeOnly,
    args: { inputs: t.arg({ type: [SubmitCaseInput], required: true }) },
    resolve: async (_root, { inputs }, ctx) => {
      const outcomes = await ctx.intake.submitMany(ctx.actor!, inputs.map(submissionOf), {
        requestId: ctx.requestId,
      });
      return outcomes.map((outcome, index) => ({ index, outcome }));
    },
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
