// The cost of an operation, estimated before it runs from the document and the request's
// variables. graphql-query-complexity walks the document (fragments, @skip/@include, variable
// values and defaults coerced as execution will); the estimators below say what a field costs.
import { pageSizeOf } from '@bvg/graphql';
import {
  type DocumentNode,
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isCompositeType,
  isListType,
  isObjectType,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';

/** How many items a plain list field (one without a page size) is assumed to return. */
export const ASSUMED_LIST_LENGTH = 10;

/**
 * A paged connection costs its page (`first`, or the field's default page size when absent)
 * times what each item selects. A size outside the field's range prices as the size asked
 * (never below zero); the field refuses it anyway, but a huge one is refused here first.
 */
const pagedConnection: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const size = pageSizeOf(field as GraphQLField<unknown, unknown>);
  if (!size) return undefined;
  const requested = typeof args.first === 'number' ? args.first : size.default;
  return 1 + Math.max(0, requested) * childComplexity;
};

/**
 * A list of objects costs an assumed length times what each item selects — except a
 * connection's `edges` (Relay: beside `pageInfo`), which the connection's page already prices.
 */
const plainList: ComplexityEstimator = ({ type: parent, field, childComplexity }) => {
  const type = getNullableType(field.type);
  if (!isListType(type) || !isCompositeType(getNamedType(type))) return undefined;
  if (field.name === 'edges' && isObjectType(parent) && 'pageInfo' in parent.getFields()) {
    return undefined;
  }
  return 1 + ASSUMED_LIST_LENGTH * childComplexity;
};

/** Any other field: itself plus what it selects. */
const singleField: ComplexityEstimator = ({ childComplexity }) => 1 + childComplexity;

export const QUERY_COST_ESTIMATORS = [pagedConnection, plainList, singleField];

export interface CostRequest {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables: Record<string, unknown> | null | undefined;
  operationName?: string | null | undefined;
}

/**
 * The estimated cost of the operation a request runs, or null when execution will refuse the
 * request before running anything (no such operation, variables that do not fit their types),
 * so that refusal is the one the caller sees. Throws when the document cannot be priced.
 */
export function estimateQueryCost(request: CostRequest): number | null {
  const operation = getOperationAST(request.document, request.operationName);
  if (!operation) return null;
  const coerced = getVariableValues(
    request.schema,
    operation.variableDefinitions ?? [],
    request.variables ?? {},
  );
  if (coerced.errors) return null;
  return getComplexity({
    schema: request.schema,
    query: request.document,
    variables: request.variables ?? {},
    ...(request.operationName ? { operationName: request.operationName } : {}),
    estimators: QUERY_COST_ESTIMATORS,
  });
}
