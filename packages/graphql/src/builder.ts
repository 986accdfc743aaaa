// Configures the schema builder; defines no types (those live in schema/<domain>.ts).
import type { InternalRole, VendorScope } from '@bvg/auth';
import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { GraphQLContext } from './context.ts';
import { AppError } from './errors.ts';

export interface AuthScopes {
  /** Any valid principal. */
  authenticated: boolean;
  /** A partner system holding this OAuth scope. */
  vendor: VendorScope;
  /** An internal principal with this role. */
  role: InternalRole;
  /** An internal principal with any of these roles. */
  anyRole: readonly InternalRole[];
}

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({
      authenticated: ctx.principal !== null,
      vendor: (scope) => ctx.principal?.kind === 'vendor' && ctx.principal.scopes.includes(scope),
      role: (role) => ctx.principal?.kind === 'internal' && ctx.principal.roles.includes(role),
      anyRole: (roles) =>
        ctx.principal?.kind === 'internal' &&
        roles.some((r) => ctx.principal?.kind === 'internal' && ctx.principal.roles.includes(r)),
    }),
    // No principal at all is UNAUTHENTICATED; a principal without the right is FORBIDDEN.
    unauthorizedError: (_parent, ctx) =>
      ctx.principal ? new AppError('FORBIDDEN') : new AppError('UNAUTHENTICATED'),
    // A field without an explicit rule is refused, never open by default.
    defaultStrategy: 'any',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
});

builder.scalarType('DateTime', {
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new AppError('VALIDATION', 'Invalid DateTime');
    return date;
  },
});

builder.scalarType('JSON', {
  serialize: (value) => value,
  parseValue: (value) => value,
});

builder.queryType({});
builder.mutationType({});
