import type { Principal } from '@bvg/auth';
import type { Actor } from '@bvg/domain';

/** Maps an authenticated principal to the domain's actor. */
export function actorOf(principal: Principal | null): Actor | null {
  if (!principal) return null;
  if (principal.kind === 'vendor') {
    return { kind: 'VENDOR', id: principal.clientId, vendorId: principal.vendorId };
  }
  if (principal.roles.length === 1 && principal.roles[0] === 'intake') {
    return { kind: 'INTAKE', id: principal.subject };
  }
  return {
    kind: 'INTERNAL',
    id: principal.subject,
    roles: principal.roles,
    teams: principal.teams ?? [],
  };
}
