// Spends each GraphQL operation's query cost from its caller's rate limit before it executes.
// Over the limit: HTTP 429, `Retry-After` and the error code RATE_LIMITED, nothing executed.
// Every GraphQL response carries `RateLimit-Policy` and `RateLimit` so a partner can pace itself.
import type { Principal } from '@bvg/auth';
import { AppError, type GraphQLContext } from '@bvg/graphql';
import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLLimits, GraphQLSpend } from '../rate-limits/graphql-limits.ts';
import { rateLimitHeaders, secondsUntil } from '../rate-limits/policies.ts';

export interface RateLimitPluginOptions {
  limits: GraphQLLimits;
  /** The cost of the operation a request executes (the query-limit computation). */
  cost(args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName?: string | null;
    variables?: Record<string, unknown> | null;
  }): number;
  /** Records where a request came from, for the limits keyed by address. */
  rememberAddress(request: Request, serverContext: unknown): void;
  addressOf(request: Request): string;
  onRefused(policy: string): void;
}

type OperationArgs = {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
  contextValue: unknown;
};

export function useRateLimits(options: RateLimitPluginOptions): Plugin<GraphQLContext> {
  const spent = new WeakMap<Request, GraphQLSpend>();

  /** The refusal to answer with, or undefined when the operation may run. */
  async function check(args: OperationArgs): Promise<ExecutionResult | undefined> {
    const context = args.contextValue as GraphQLContext & { request: Request };
    const cost = options.cost({
      schema: args.schema,
      document: args.document,
      operationName: args.operationName,
      variables: args.variableValues,
    });
    const principal: Principal | null = context.principal;
    const outcome = await options.limits.spend(principal, options.addressOf(context.request), cost);
    spent.set(context.request, outcome);
    if (outcome.retryAfterMs === undefined) return undefined;
    options.onRefused(outcome.policy.id);
    const seconds = secondsUntil(outcome.retryAfterMs);
    const { policy } = outcome;
    return {
      errors: [
        new AppError(
          'RATE_LIMITED',
          `Rate limit exceeded: this operation costs ${outcome.points} of the ${policy.points} query-cost points allowed per ${policy.windowSec} s; retry after ${seconds} s`,
          {
            http: { status: 429 },
            retryAfter: seconds,
            policy: policy.id,
            cost: outcome.points,
          },
        ),
      ],
    };
  }

  return {
    onRequest({ request, serverContext }) {
      options.rememberAddress(request, serverContext);
    },
    async onExecute({ args, setResultAndStopExecution }) {
      const refusal = await check(args);
      if (refusal) setResultAndStopExecution(refusal);
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const refusal = await check(args);
      if (refusal) setResultAndStopExecution(refusal);
    },
    onResponse({ request, response }) {
      const outcome = spent.get(request);
      if (!outcome) return;
      const headers = rateLimitHeaders(
        [{ policy: outcome.policy, state: outcome.state }],
        outcome.retryAfterMs,
      );
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    },
  };
}
