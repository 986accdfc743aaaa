// Finds every root field of the schema that can reach a case by id, and builds a call to it
// with the case id and minimal, well-typed values for every other required argument — so a
// field added tomorrow is covered by the leak matrix without anyone remembering to add it.
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';

const CASE_ID_NAMES = new Set(['id', 'caseId']);

export interface CaseField {
  operation: 'query' | 'mutation';
  name: string;
  /** The operation text; `$caseId` (and `$version` where a field takes one) are its variables. */
  document: string;
}

function reachesCase(type: GraphQLInputType, depth = 0): boolean {
  const named = getNamedType(type);
  if (!isInputObjectType(named) || depth > 2) return false;
  return Object.values(named.getFields()).some(
    (f) => CASE_ID_NAMES.has(f.name) || reachesCase(f.type, depth + 1),
  );
}

export function literal(type: GraphQLInputType, name: string): string {
  if (isNonNullType(type)) return literal(type.ofType, name);
  if (isListType(type)) return `[${literal(type.ofType, name)}]`;
  if (CASE_ID_NAMES.has(name)) return '$caseId';
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields())
      .filter((f) => isNonNullType(f.type) || CASE_ID_NAMES.has(f.name))
      .map((f) => `${f.name}: ${literal(f.type, f.name)}`);
    return `{ ${fields.join(', ')} }`;
  }
  if (isScalarType(type)) {
    if (name === 'version' || name === 'expectedVersion') return '$version';
    switch (type.name) {
      case 'Int':
        return '1';
      case 'Float':
        return '1.0';
      case 'Boolean':
        return 'false';
      case 'DateTime':
        return '"2026-01-01T00:00:00Z"';
      case 'JSON':
        return '{}';
      default:
        return '"leak-matrix"';
    }
  }
  throw new Error(`cannot build a value for ${String(type)}`);
}

function selection(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  return isObjectType(named) || isUnionType(named) || isInterfaceType(named)
    ? '{ __typename }'
    : '';
}

/** True when the field's scope rule admits a partner system (any `vendor` scope). */
export function vendorCallable(field: GraphQLField<unknown, unknown>): boolean {
  const scopes = (field.extensions?.pothosOptions as { authScopes?: unknown } | undefined)
    ?.authScopes;
  const mentionsVendor = (value: unknown): boolean =>
    typeof value === 'object' &&
    value !== null &&
    Object.entries(value).some(
      ([k, v]) => k === 'vendor' || ((k === '$any' || k === '$all') && mentionsVendor(v)),
    );
  return mentionsVendor(scopes);
}

/** Root fields a partner system may call that take a case id (directly or in an input). */
export function caseReachingFields(schema: GraphQLSchema): CaseField[] {
  const out: CaseField[] = [];
  for (const operation of ['query', 'mutation'] as const) {
    const root = operation === 'query' ? schema.getQueryType() : schema.getMutationType();
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const takesCase = field.args.some(
        (a: GraphQLArgument) =>
          (CASE_ID_NAMES.has(a.name) &&
            getNamedType(a.type).name === 'ID' &&
            /case/i.test(field.name)) ||
          a.name === 'caseId' ||
          reachesCase(a.type),
      );
      if (!takesCase || !vendorCallable(field)) continue;
      const args = field.args
        .filter((a) => isNonNullType(a.type) || CASE_ID_NAMES.has(a.name))
        .map((a) => `${a.name}: ${literal(a.type, a.name)}`);
      const argText = args.length ? `(${args.join(', ')})` : '';
      out.push({
        operation,
        name: field.name,
        document: `${operation} Leak($caseId: ID!${argText.includes('$version') ? ', $version: Int!' : ''}) { result: ${field.name}${argText} ${selection(field)} }`,
      });
    }
  }
  return out;
}

/** A call to any root field with minimal well-typed arguments (ids are random). */
export function minimalCall(
  operation: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
): string {
  const args = field.args
    .filter((a) => isNonNullType(a.type))
    .map((a) => `${a.name}: ${literal(a.type, a.name)}`);
  const argText = args.length ? `(${args.join(', ')})` : '';
  const vars = [
    argText.includes('$caseId') ? '$caseId: ID!' : '',
    argText.includes('$version') ? '$version: Int!' : '',
  ]
    .filter(Boolean)
    .join(', ');
  const named = getNamedType(field.type);
  const isConnection = isObjectType(named) && named.name.endsWith('Connection');
  const sel = isConnection ? '{ __typename }' : selection(field);
  return `${operation} Matrix${vars ? `(${vars})` : ''} { result: ${field.name}${argText} ${sel} }`;
}
