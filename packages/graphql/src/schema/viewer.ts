import { builder } from '../builder.ts';

const PrincipalKind = builder.enumType('PrincipalKind', {
  values: ['VENDOR', 'INTERNAL'] as const,
});

interface ViewerShape {
  kind: 'VENDOR' | 'INTERNAL';
  subject: string;
  vendorId: string | null;
  roles: string[];
  scopes: string[];
}

const Viewer = builder.objectRef<ViewerShape>('Viewer').implement({
  description: 'Who is calling: a partner system (vendor) or an internal person or system.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    kind: t.field({ type: PrincipalKind, resolve: (v) => v.kind }),
    subject: t.exposeString('subject', { description: 'OAuth client id or internal subject.' }),
    vendorId: t.exposeID('vendorId', { nullable: true }),
    roles: t.exposeStringList('roles', {
      description: 'Internal roles (ops, vendor_manager, auditor, intake).',
    }),
    scopes: t.exposeStringList('scopes', {
      description: 'OAuth scopes granted to a partner system.',
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: Viewer,
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx): ViewerShape => {
      const p = ctx.principal!;
      return p.kind === 'vendor'
        ? { kind: 'VENDOR', subject: p.clientId, vendorId: p.vendorId, roles: [], scopes: p.scopes }
        : { kind: 'INTERNAL', subject: p.subject, vendorId: null, roles: p.roles, scopes: [] };
    },
  }),
);
