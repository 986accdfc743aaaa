/** Who acts, as the domain sees it (no GraphQL or HTTP types here). */
export type Actor =
  | { kind: 'VENDOR'; id: string; vendorId: string }
  | {
      kind: 'INTERNAL';
      id: string;
      roles: readonly string[];
      /** In-house team slugs the person belongs to (a specialist's identity-provider claim). */
      teams?: readonly string[];
    }
  | { kind: 'INTAKE'; id: string }
  | { kind: 'SYSTEM'; id: string };

export const actorVendorId = (actor: Actor): string | null =>
  actor.kind === 'VENDOR' ? actor.vendorId : null;
