import { CASE_STATUSES } from '@bvg/case-status';
import {
  type CaseDataField,
  type CaseEventRow,
  type CaseView,
  encodeSyncCursor,
  type FieldDecision,
  isSyncCursor,
  listCases,
  listEventsOfCases,
  readCase,
} from '@bvg/domain';
import { type ResolveCursorConnectionArgs, resolveCursorConnection } from '@pothos/plugin-relay';
import DataLoader from 'dataloader';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { checkForwardPage, type PageSize, pageSizeExtension } from '../pagination.ts';
import { selects } from '../selection.ts';

// `Case.events` of cases read without their history (e.g. a mutation's result): every parent
// of one request in one transaction and one statement.
const eventLoaders = new WeakMap<GraphQLContext, DataLoader<string, CaseEventRow[]>>();
function caseEvents(ctx: GraphQLContext, caseId: string): Promise<CaseEventRow[]> {
  let loader = eventLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids: readonly string[]) => {
      const byCase = await listEventsOfCases(ctx.db, ctx.actor!, ids);
      return ids.map((id) => byCase.get(id) ?? []);
    });
    eventLoaders.set(ctx, loader);
  }
  return loader.load(caseId);
}

// Who may read cases: a partner system with cases:read (its own only), ops and auditors (all),
// in-house specialists (their teams' cases). (Scopes in one object are alternatives.)
export const caseReaders = {
  vendor: 'cases:read',
  anyRole: ['ops', 'auditor', 'specialist'],
} as const;
const internalCaseReaders = { anyRole: ['ops', 'auditor', 'specialist'] } as const;

export const CaseStatusEnum = builder.enumType('CaseStatus', { values: CASE_STATUSES });
export const ChannelEnum = builder.enumType('Channel', {
  values: ['IN_APP', 'WEBFORM', 'EMAIL', 'APPEAL', 'INTERNAL_FORM'] as const,
});
export const PriorityEnum = builder.enumType('Priority', {
  values: ['P1', 'P2', 'P3', 'P4'] as const,
});
export const TierEnum = builder.enumType('Tier', { values: ['T1', 'T2'] as const });
const RedactionReasonEnum = builder.enumType('RedactionReason', {
  description: 'Why a field of a case is withheld from this caller.',
  values: {
    NOT_IN_CONTRACT: {
      description:
        "The vendor's contract does not grant this data for the case's region and scope.",
    },
    RESTRICTED_SCOPE: { description: 'Minor-safety detail stays with cleared teams.' },
    ROLE_NOT_ALLOWED: { description: "The caller's role does not work cases." },
    SUBJECT_ERASED: { description: "The subject's personal data was erased (GDPR)." },
  } as const,
});

interface Redactable<T> {
  value: T | null;
  decision: FieldDecision;
}
export const redactable = <T>(
  decision: FieldDecision,
  value: T | null | undefined,
): Redactable<T> => ({
  value: decision.allowed ? (value ?? null) : null,
  decision,
});

/** A value wrapper that carries, instead of the value, the reason it is withheld. */
function redactableType<T>(name: string, description: string, valueType: 'String' | 'JSON') {
  return builder.objectRef<Redactable<T>>(name).implement({
    description,
    authScopes: caseReaders,
    fields: (t) => ({
      value: t.field({
        type: valueType,
        nullable: true,
        authScopes: caseReaders,
        resolve: (r) => r.value as never,
      }),
      redaction: t.field({
        type: RedactionReasonEnum,
        nullable: true,
        authScopes: caseReaders,
        resolve: (r) => (r.decision.allowed ? null : r.decision.reason),
      }),
    }),
  });
}
export const RedactableString = redactableType<string>(
  'RedactableString',
  'A value that may be withheld: `value` is null and `redaction` says why.',
  'String',
);
const RedactableJson = redactableType<unknown>(
  'RedactableJSON',
  'Structured data that may be withheld: `value` is null and `redaction` says why.',
  'JSON',
);

const field = (view: CaseView, f: CaseDataField) => view.policy[f];

const CaseSubject = builder.objectRef<CaseView>('CaseSubject').implement({
  description:
    "The case's subject: a pseudonymous reference plus personal data, each part redacted per policy.",
  authScopes: caseReaders,
  fields: (t) => ({
    subjectRef: t.string({ authScopes: caseReaders, resolve: (v) => v.row.subjectRef }),
    displayName: t.field({
      type: RedactableString,
      authScopes: caseReaders,
      resolve: (v) => redactable(field(v, 'SUBJECT_PII'), v.row.subject?.displayName),
    }),
    email: t.field({
      type: RedactableString,
      authScopes: caseReaders,
      resolve: (v) => redactable(field(v, 'SUBJECT_PII'), v.row.subject?.email),
    }),
    phone: t.field({
      type: RedactableString,
      authScopes: caseReaders,
      resolve: (v) => redactable(field(v, 'SUBJECT_PII'), v.row.subject?.phone),
    }),
    description: t.field({
      type: RedactableString,
      authScopes: caseReaders,
      resolve: (v) => redactable(field(v, 'DESCRIPTION'), v.row.subject?.description),
    }),
    minorSafetyDetail: t.field({
      type: RedactableJson,
      authScopes: caseReaders,
      resolve: (v) => redactable(field(v, 'MINOR_SAFETY_DETAIL'), v.row.subject?.minorSafetyDetail),
    }),
    attachments: t.field({
      type: RedactableJson,
      authScopes: caseReaders,
      resolve: (v) => redactable(field(v, 'ATTACHMENTS'), v.row.subject?.attachments),
    }),
  }),
});

const CaseEventType = builder.objectRef<CaseEventRow>('CaseEvent').implement({
  description: 'One entry of the append-only case history.',
  authScopes: caseReaders,
  fields: (t) => ({
    id: t.id({ authScopes: caseReaders, resolve: (e) => e.id.toString() }),
    type: t.string({ authScopes: caseReaders, resolve: (e) => e.type }),
    fromStatus: t.field({
      type: CaseStatusEnum,
      nullable: true,
      authScopes: caseReaders,
      resolve: (e) => e.fromStatus,
    }),
    toStatus: t.field({
      type: CaseStatusEnum,
      nullable: true,
      authScopes: caseReaders,
      resolve: (e) => e.toStatus,
    }),
    version: t.int({ authScopes: caseReaders, resolve: (e) => e.version }),
    actorKind: t.string({ authScopes: caseReaders, resolve: (e) => e.actorKind }),
    occurredAt: t.field({
      type: 'DateTime',
      authScopes: caseReaders,
      resolve: (e) => e.occurredAt,
    }),
  }),
});

export const Case = builder.objectRef<CaseView>('Case').implement({
  description: 'One unit of support work, as the caller may see it.',
  authScopes: caseReaders,
  fields: (t) => ({
    id: t.id({ authScopes: caseReaders, resolve: (v) => v.row.id }),
    source: t.string({ authScopes: caseReaders, resolve: (v) => v.row.source }),
    externalRef: t.string({ authScopes: caseReaders, resolve: (v) => v.row.externalRef }),
    sandbox: t.boolean({
      description:
        "A sandbox tenant's synthetic case (fake subject, counted in no real figure); false for real work.",
      authScopes: caseReaders,
      resolve: (v) => v.row.sandbox,
    }),
    region: t.string({ authScopes: caseReaders, resolve: (v) => v.row.regionCode }),
    scope: t.string({ authScopes: caseReaders, resolve: (v) => v.row.scopeCode }),
    channel: t.field({ type: ChannelEnum, authScopes: caseReaders, resolve: (v) => v.row.channel }),
    language: t.string({ authScopes: caseReaders, resolve: (v) => v.row.language }),
    priority: t.field({
      type: PriorityEnum,
      authScopes: caseReaders,
      resolve: (v) => v.row.priority,
    }),
    tier: t.field({ type: TierEnum, authScopes: caseReaders, resolve: (v) => v.row.tier }),
    status: t.field({
      type: CaseStatusEnum,
      authScopes: caseReaders,
      resolve: (v) => v.row.status,
    }),
    vendorId: t.id({ nullable: true, authScopes: caseReaders, resolve: (v) => v.row.vendorId }),
    claimedBy: t.string({
      nullable: true,
      description:
        'The in-house specialist working the case (Tier 2); null while it waits in its team queue.',
      authScopes: internalCaseReaders,
      resolve: (v) => v.row.claimedBy,
    }),
    claimedAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: internalCaseReaders,
      resolve: (v) => v.row.claimedAt,
    }),
    version: t.int({
      description: 'Pass this to mutations: a stale version is a CONFLICT.',
      authScopes: caseReaders,
      resolve: (v) => v.row.version,
    }),
    firstResponseDueAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: caseReaders,
      resolve: (v) => v.row.firstResponseDueAt,
    }),
    resolutionDueAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: caseReaders,
      resolve: (v) => v.row.resolutionDueAt,
    }),
    firstResponseAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: caseReaders,
      resolve: (v) => v.row.firstResponseAt,
    }),
    resolvedAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: caseReaders,
      resolve: (v) => v.row.resolvedAt,
    }),
    createdAt: t.field({
      type: 'DateTime',
      authScopes: caseReaders,
      resolve: (v) => v.row.createdAt,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      authScopes: caseReaders,
      resolve: (v) => v.row.updatedAt,
    }),
    subject: t.field({ type: CaseSubject, authScopes: caseReaders, resolve: (v) => v }),
    events: t.field({
      type: [CaseEventType],
      authScopes: caseReaders,
      resolve: (v, _args, ctx) => v.events ?? caseEvents(ctx, v.row.id),
    }),
  }),
});

const CaseFilter = builder.inputType('CaseFilter', {
  fields: (t) => ({
    status: t.field({ type: [CaseStatusEnum], required: false }),
    scope: t.stringList({ required: false }),
    region: t.stringList({ required: false }),
    dueBefore: t.field({
      type: 'DateTime',
      required: false,
      description: 'Resolution due before this time.',
    }),
    vendorId: t.id({
      required: false,
      description: 'Internal callers only; a vendor always sees its own.',
    }),
    sandbox: t.boolean({
      required: false,
      description:
        "Internal callers only: true lists sandbox tenants' synthetic cases instead of real ones (the default). A vendor sees its own.",
    }),
    updatedSince: t.field({
      type: 'DateTime',
      required: false,
      description:
        'Incremental sync: cases changed at or after this instant, oldest change first (not newest first). Page with `after: pageInfo.endCursor` and keep the last endCursor: polling with it later returns only cases changed since, with no gaps or repeats, even under concurrent writes. A case changed again is returned again, in its new place. A change is listed once every transaction that began before it has ended (normally within a second).',
    }),
  }),
});

const CASES_PAGE: PageSize = { default: 20, max: 100 };

builder.queryFields((t) => ({
  case: t.field({
    type: Case,
    description:
      "One case. Another vendor's case is NOT_FOUND, exactly like a case that does not exist.",
    authScopes: caseReaders,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx, info) =>
      readCase(ctx.db, ctx.actor!, {
        caseId: String(args.id),
        requestId: ctx.requestId,
        withEvents: selects(info, ['events']),
      }),
  }),
  cases: t.connection({
    type: Case,
    extensions: pageSizeExtension(CASES_PAGE),
    description:
      'Cases the caller may see, newest first; with `filter.updatedSince`, in the order they changed (incremental sync). A vendor sees only its own.',
    authScopes: caseReaders,
    args: { filter: t.arg({ type: CaseFilter, required: false }) },
    resolve: (_root, args, ctx, info) => {
      checkForwardPage('cases', args, CASES_PAGE);
      // The same rule as the domain's: the sync order when asked for, or when continuing it.
      const sync = args.filter?.updatedSince != null || (!!args.after && isSyncCursor(args.after));
      const toCursor = (view: CaseView) =>
        sync
          ? encodeSyncCursor({ changeTxid: view.row.changeTxid, caseId: view.row.id })
          : view.row.id;
      return resolveCursorConnection(
        {
          args,
          toCursor,
          defaultSize: CASES_PAGE.default,
          maxSize: CASES_PAGE.max,
        },
        async ({ after, limit }: ResolveCursorConnectionArgs) => {
          const result = await listCases(ctx.db, ctx.actor!, {
            filter: {
              status: args.filter?.status ?? undefined,
              scopeCode: args.filter?.scope ?? undefined,
              regionCode: args.filter?.region ?? undefined,
              dueBefore: args.filter?.dueBefore ?? undefined,
              vendorId: args.filter?.vendorId ? String(args.filter.vendorId) : undefined,
              sandbox: args.filter?.sandbox ?? undefined,
              updatedSince: args.filter?.updatedSince ?? undefined,
            },
            page: { first: limit, after: after ?? null },
            requestId: ctx.requestId,
            withEvents: selects(info, ['edges', 'node', 'events']),
          });
          return result;
        },
      );
    },
  }),
}));
