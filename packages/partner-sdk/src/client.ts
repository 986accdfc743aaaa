// The partner client: typed operations of the partner work flow, each a generated document
// sent through the transport (token, typed errors, retries).
import { setTimeout as delay } from 'node:timers/promises';
import {
  AcceptCaseDocument,
  type AcceptCaseInput,
  AddCaseNoteDocument,
  type AddCaseNoteInput,
  CaseDocument,
  type CaseFilter,
  CaseMessagesDocument,
  type CaseMessagesQuery,
  CaseNotesDocument,
  type CaseNotesQuery,
  type CaseQuery,
  CasesDocument,
  type CasesQuery,
  EscalateCaseDocument,
  type EscalateCaseInput,
  type PartnerCaseSummaryFragment,
  type PartnerWebhookDeliveryFragment,
  type PeriodInput,
  RecordResponseDocument,
  type RecordResponseInput,
  RedeliverWebhookDocument,
  RejectCaseDocument,
  type RejectCaseInput,
  ReplyToUserDocument,
  type ReplyToUserInput,
  ResolveCaseDocument,
  type ResolveCaseInput,
  ResumeCaseDocument,
  type ResumeCaseInput,
  type ScorecardDimension,
  ScorecardDocument,
  type ScorecardQuery,
  type ScorecardSource,
  SetCasePendingDocument,
  type SetCasePendingInput,
  type TypedDocumentString,
  ViewerDocument,
  type ViewerQuery,
  WebhookDeliveriesDocument,
  type WebhookDeliveriesQuery,
  type WebhookDeliveryFilter,
} from './generated/graphql.ts';
import { type Page, paginate } from './paginate.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.ts';
import { type ClientCredentials, TokenSource } from './token-source.ts';
import { GraphQLTransport } from './transport.ts';

/**
 * Page size of the async iterators. The gateway limits a query's cost, counting every item a
 * list may return: 25 of these pages cost about half the limit.
 */
export const DEFAULT_PAGE_SIZE = 25;

/** A case as lists and mutations return it; `case(id)` adds the subject and the history. */
export type PartnerCase = PartnerCaseSummaryFragment;
export type PartnerCaseDetail = CaseQuery['case'];
export type PartnerWebhookDelivery = PartnerWebhookDeliveryFragment;
export type PartnerScorecard = ScorecardQuery['scorecard'];
export type Viewer = ViewerQuery['viewer'];

export interface PartnerClientOptions {
  /** The gateway's base URL, e.g. `https://vendor-gateway.example.com`. */
  gatewayUrl: string;
  /** Your OAuth client: `{ clientId, clientSecret }` or `{ clientId, privateKey }` (a JWK). */
  credentials: ClientCredentials;
  /** Scopes to ask for (space-separated or a list); by default all your client is allowed. */
  scope?: string | readonly string[];
  /** The gateway's issuer identifier when it differs from `gatewayUrl`. */
  issuer?: string;
  /** Retry limits for HTTP 429/503 (safe operations only). */
  retry?: Partial<RetryPolicy>;
  /** Renew the access token this long before it expires; 60 s by default. */
  renewTokenBeforeMs?: number;
  /** A fetch of your own (proxies, instrumentation); the global one by default. */
  fetch?: typeof fetch;
  /** The clock the token cache reads; `Date.now` by default. */
  now?: () => number;
  /** How the client waits between attempts; an abortable timer by default. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Options of one call. */
export interface CallOptions {
  /** Abort the call (and any wait between retries). */
  signal?: AbortSignal;
}

export class PartnerClient {
  /** The client's access tokens (`requests` counts token requests sent). */
  readonly tokens: TokenSource;
  readonly #transport: GraphQLTransport;

  constructor(options: PartnerClientOptions) {
    const base = options.gatewayUrl.replace(/\/+$/, '');
    const fetch = options.fetch ?? globalThis.fetch;
    const retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    const sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
    const now = options.now ?? Date.now;
    const scope = Array.isArray(options.scope) ? options.scope.join(' ') : options.scope;
    this.tokens = new TokenSource({
      issuer: options.issuer ?? base,
      tokenEndpoint: `${base}/oauth/token`,
      credentials: options.credentials,
      ...(scope ? { scope: scope as string } : {}),
      fetch,
      now,
      renewBeforeMs: options.renewTokenBeforeMs ?? 60_000,
      retry,
      sleep,
    });
    this.#transport = new GraphQLTransport({
      graphqlUrl: `${base}/graphql`,
      tokens: this.tokens,
      fetch,
      retry,
      now,
      sleep,
    });
  }

  /** Who the gateway thinks you are: your client id, vendor id and granted scopes. */
  async viewer(options?: CallOptions): Promise<Viewer> {
    return (await this.execute(ViewerDocument, {}, { safe: true, ...options })).viewer;
  }

  /** One page of your cases, newest first (`filter.status: ['OFFERED']` for new offers). */
  async cases(
    args: { filter?: CaseFilter; first?: number; after?: string | null } = {},
    options?: CallOptions,
  ): Promise<CasesQuery['cases']> {
    return (await this.execute(CasesDocument, args, { safe: true, ...options })).cases;
  }

  /** Every page of your cases matching `filter`, fetched as you iterate. */
  casePages(
    args: { filter?: CaseFilter; pageSize?: number; after?: string | null } = {},
    options?: CallOptions,
  ): AsyncGenerator<Page<PartnerCase>> {
    return paginate(
      args.after ?? null,
      async (after) =>
        await this.cases(
          { filter: args.filter ?? {}, first: args.pageSize ?? DEFAULT_PAGE_SIZE, after },
          options,
        ),
    );
  }

  /** One case with its history. Another partner's case is `NotFoundError`, like a missing one. */
  async case(id: string, options?: CallOptions): Promise<PartnerCaseDetail> {
    return (await this.execute(CaseDocument, { id }, { safe: true, ...options })).case;
  }

  /** Accept an offered case before its offer lapses. */
  async acceptCase(input: AcceptCaseInput, options?: CallOptions): Promise<PartnerCase> {
    return (await this.#mutate(AcceptCaseDocument, input, options)).acceptCase;
  }

  /** Decline an offered case; it is routed again without you. */
  async rejectCase(input: RejectCaseInput, options?: CallOptions): Promise<PartnerCase> {
    return (await this.#mutate(RejectCaseDocument, input, options)).rejectCase;
  }

  /** Record a response to the user; the first stops the first-response clock. */
  async recordResponse(input: RecordResponseInput, options?: CallOptions): Promise<PartnerCase> {
    return (await this.#mutate(RecordResponseDocument, input, options)).recordResponse;
  }

  /** Wait on the user: the SLA clocks pause until `resumeCase`. */
  async setCasePending(input: SetCasePendingInput, options?: CallOptions): Promise<PartnerCase> {
    return (await this.#mutate(SetCasePendingDocument, input, options)).setCasePending;
  }

  /** The user answered: the SLA clocks run again. */
  async resumeCase(input: ResumeCaseInput, options?: CallOptions): Promise<PartnerCase> {
    return (await this.#mutate(ResumeCaseDocument, input, options)).resumeCase;
  }

  /** Resolve the case with a resolution code and whether the first contact resolved it. */
  async resolveCase(input: ResolveCaseInput, options?: CallOptions): Promise<PartnerCase> {
    return (await this.#mutate(ResolveCaseDocument, input, options)).resolveCase;
  }

  /** Hand the case to the in-house Tier 2 team. */
  async escalateCase(input: EscalateCaseInput, options?: CallOptions): Promise<PartnerCase> {
    return (await this.#mutate(EscalateCaseDocument, input, options)).escalateCase;
  }

  /** Add a note to the case history. */
  async addCaseNote(input: AddCaseNoteInput, options?: CallOptions): Promise<PartnerCase> {
    return (await this.#mutate(AddCaseNoteDocument, input, options)).addCaseNote;
  }

  /** One page of the case's thread, oldest first (bodies redacted by your contract). */
  async caseMessages(
    args: { caseId: string; first?: number; after?: string | null },
    options?: CallOptions,
  ): Promise<CaseMessagesQuery['case']['messages']> {
    const variables = { id: args.caseId, first: args.first, after: args.after ?? null };
    return (await this.execute(CaseMessagesDocument, variables, { safe: true, ...options })).case
      .messages;
  }

  /** One page of the case's notes you may read, oldest first. */
  async caseNotes(
    args: { caseId: string; first?: number; after?: string | null },
    options?: CallOptions,
  ): Promise<CaseNotesQuery['case']['notes']> {
    const variables = { id: args.caseId, first: args.first, after: args.after ?? null };
    return (await this.execute(CaseNotesDocument, variables, { safe: true, ...options })).case
      .notes;
  }

  /**
   * Reply to the user through the gateway: the platform sends it on the case's channel. The
   * first reply records the first response, as `recordResponse` does.
   */
  async replyToUser(
    input: ReplyToUserInput,
    options?: CallOptions,
  ): Promise<{ messageId: string; case: PartnerCase }> {
    return (await this.#mutate(ReplyToUserDocument, input, options)).replyToUser;
  }

  /** One page of your webhook delivery log, newest first, with every attempt. */
  async webhookDeliveries(
    args: { filter?: WebhookDeliveryFilter; first?: number; after?: string | null } = {},
    options?: CallOptions,
  ): Promise<WebhookDeliveriesQuery['webhookDeliveries']> {
    // The argument defaults to {} and refuses an explicit null.
    const variables = { ...args, filter: args.filter ?? {} };
    return (await this.execute(WebhookDeliveriesDocument, variables, { safe: true, ...options }))
      .webhookDeliveries;
  }

  /** Every page of your delivery log matching `filter`. */
  webhookDeliveryPages(
    args: { filter?: WebhookDeliveryFilter; pageSize?: number; after?: string | null } = {},
    options?: CallOptions,
  ): AsyncGenerator<Page<PartnerWebhookDelivery>> {
    return paginate(args.after ?? null, (after) =>
      this.webhookDeliveries(
        { filter: args.filter ?? {}, first: args.pageSize ?? DEFAULT_PAGE_SIZE, after },
        options,
      ),
    );
  }

  /**
   * Send a delivery again (same webhook-id). Not retried on 429/503: the API takes no
   * idempotency key here, and a second redelivery would be a second message.
   */
  async redeliverWebhook(
    deliveryId: string,
    options?: CallOptions,
  ): Promise<PartnerWebhookDelivery> {
    return (
      await this.execute(RedeliverWebhookDocument, { deliveryId }, { safe: false, ...options })
    ).redeliverWebhook;
  }

  /** Your own scorecard for a period ([start, end)), optionally grouped. */
  async scorecard(
    args: { period: PeriodInput; groupBy?: ScorecardDimension[]; source?: ScorecardSource },
    options?: CallOptions,
  ): Promise<PartnerScorecard> {
    return (await this.execute(ScorecardDocument, args, { safe: true, ...options })).scorecard;
  }

  /** A case mutation: safe to repeat only when it carries an idempotency key. */
  #mutate<R, I extends { idempotencyKey?: string | null }>(
    document: TypedDocumentString<R, { input: I }>,
    input: I,
    options?: CallOptions,
  ): Promise<R> {
    return this.execute(document, { input }, { safe: Boolean(input.idempotencyKey), ...options });
  }

  /**
   * Runs any typed document (see the exported `…Document`s) against the gateway. `safe`:
   * whether sending it twice does no harm — only then are 429/503 retried.
   */
  execute<R, V>(
    document: TypedDocumentString<R, V>,
    variables: V,
    options: CallOptions & { safe: boolean },
  ): Promise<R> {
    return this.#transport.execute(document, variables, options);
  }
}

export function createPartnerClient(options: PartnerClientOptions): PartnerClient {
  return new PartnerClient(options);
}
