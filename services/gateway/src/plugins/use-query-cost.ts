// Refuses an operation whose estimated cost is over the limit, after validation and before any
// resolver runs. Priced here rather than as a validation rule because the cost depends on the
// request's variables (`cases(first: $n)`), and validation results are cached per document.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { estimateQueryCost } from './query-cost.ts';

/** The same answer as the other query limits: a validation failure, HTTP 400. */
function refusal(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { spec: true, status: 400 } },
  });
}

function check(
  args: Parameters<typeof estimateQueryCost>[0],
  maxCost: number,
): GraphQLError | null {
  let cost: number | null;
  try {
    cost = estimateQueryCost(args);
  } catch (error) {
    // A document that cannot be priced is not run (fail closed).
    return refusal(
      `Query cost could not be estimated: ${error instanceof Error ? error.message : 'unknown'}`,
    );
  }
  if (cost === null || cost <= maxCost) return null;
  return refusal(`Query Cost limit of ${maxCost} exceeded, found ${cost}.`);
}

export function useQueryCost(options: { maxCost: number }): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = check(
        {
          schema: args.schema,
          document: args.document,
          variables: args.variableValues,
          operationName: args.operationName,
        },
        options.maxCost,
      );
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = check(
        {
          schema: args.schema,
          document: args.document,
          variables: args.variableValues,
          operationName: args.operationName,
        },
        options.maxCost,
      );
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
