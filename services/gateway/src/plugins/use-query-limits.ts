// Hostile queries (too deep, too costly, too many aliases, directives or tokens) are refused
// before execution, by graphql-armor.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  TypeInfo,
  ValidationContext,
} from 'graphql';

/**
 * Armor's validation rules throw a "Syntax Error" without a code. Reported to the validation
 * context instead, the refusal is the validation error it is, with GRAPHQL_VALIDATION_FAILED
 * like every other. Without a context (never for these rules) it is still thrown.
 */
function reportAsValidationError(context: ValidationContext | null, error: GraphQLError): void {
  const refusal = new GraphQLError(error.message.replace(/^Syntax Error: /, ''));
  if (!context) throw refusal;
  context.reportError(refusal);
}

const reported = { propagateOnRejection: false, onReject: [reportAsValidationError] };

/** The most an operation may cost; rate-limit tiers must allow at least this per window. */
export const MAX_QUERY_COST = 5000;

export const useQueryLimits = (options: { production: boolean }) =>
  EnvelopArmorPlugin({
    maxDepth: { n: 10, ...reported },
    maxAliases: { n: 15, ...reported },
    costLimit: { maxCost: MAX_QUERY_COST, ...reported },
    maxDirectives: { n: 20, ...reported },
    // Counted while parsing: refused as GRAPHQL_PARSE_FAILED.
    maxTokens: { n: 2000 },
    blockFieldSuggestion: { enabled: options.production },
  });

/**
 * The cost of the operation a request executes, by the same computation the cost limit
 * refuses on, so rate limits spend what the limit measures. Callers pass the variables the
 * operation runs with, so a computation that reads list sizes from them serves both.
 */
export function operationCost(args: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}): number {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return 0;
  let cost = 0;
  const context = new ValidationContext(
    args.schema,
    args.document,
    new TypeInfo(args.schema),
    () => {},
  );
  costLimitRule({
    maxCost: Number.POSITIVE_INFINITY,
    onAccept: [(_context, { n }) => (cost = n)],
  })(context).onOperationDefinitionEnter(operation);
  return cost;
}
