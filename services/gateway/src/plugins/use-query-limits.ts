// Hostile queries (too deep, too costly, too many aliases, directives or tokens) are refused
// before execution: by graphql-armor, and the cost by useQueryCost (armor's cost limit prices
// only sizes written inline, never `first: $n`, so it is off).
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { estimateQueryCost } from './query-cost.ts';
import { useQueryCost } from './use-query-cost.ts';

/** The most an operation may cost (see query-cost.ts for what a field costs). */
export const MAX_QUERY_COST = 5000;

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

export const useQueryLimits = (options: { production: boolean }): Plugin[] => [
  EnvelopArmorPlugin({
    maxDepth: { n: 10, ...reported },
    maxAliases: { n: 15, ...reported },
    costLimit: { enabled: false },
    maxDirectives: { n: 20, ...reported },
    // Counted while parsing: refused as GRAPHQL_PARSE_FAILED.
    maxTokens: { n: 2000 },
    blockFieldSuggestion: { enabled: options.production },
  }),
  useQueryCost({ maxCost: MAX_QUERY_COST }),
];

/**
 * The cost of the operation a request executes, by the same estimate the cost limit refuses
 * on (variables included), so rate limits spend what the limit measures.
 */
export function operationCost(args: Parameters<typeof estimateQueryCost>[0]): number {
  try {
    return estimateQueryCost(args) ?? 0;
  } catch {
    // Unpriceable documents are refused by the cost limit; they spend nothing here.
    return 0;
  }
}
