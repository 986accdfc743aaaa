// In-house Tier 2 specialists: internal principals with the `specialist` role, members of the
// in-house teams their identity-provider token names (`teams` claim, team slugs). Membership
// lives in the identity provider, like roles, so there is one place to grant and withdraw it;
// the gateway only checks that each named team exists and is in-house.
import { type PrismaClient, systemScope, type TenantTx, withScope } from '@bvg/db';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { DomainError } from '../shared/domain-error.ts';

export type Specialist = Extract<Actor, { kind: 'INTERNAL' }>;

export interface TeamRef {
  id: string;
  slug: string;
  name: string;
}

export const isSpecialist = (actor: Actor): actor is Specialist =>
  actor.kind === 'INTERNAL' && actor.roles.includes('specialist');

/** The in-house teams the specialist belongs to (unknown or non-in-house slugs are ignored). */
export async function specialistTeams(tx: TenantTx, actor: Specialist): Promise<TeamRef[]> {
  if (!actor.roles.includes('specialist')) {
    throw new DomainError('FORBIDDEN', 'Only in-house specialists work cases internally');
  }
  const slugs = actor.teams ?? [];
  if (slugs.length === 0) return [];
  return tx.vendor.findMany({
    where: { slug: { in: [...slugs] }, kind: 'IN_HOUSE' },
    select: { id: true, slug: true, name: true },
    orderBy: { slug: 'asc' },
  });
}

/** One in-house team by id or slug, or NOT_FOUND. */
export async function findTeam(tx: TenantTx, idOrSlug: string): Promise<TeamRef> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSlug);
  const team = await tx.vendor.findFirst({
    where: { kind: 'IN_HOUSE', ...(isUuid ? { id: idOrSlug } : { slug: idOrSlug }) },
    select: { id: true, slug: true, name: true },
  });
  if (!team) throw new DomainError('NOT_FOUND', 'In-house team not found');
  return team;
}

/** The calling specialist's teams: team membership is read across tenants (in-house vendors). */
export function readSpecialistTeams(prisma: PrismaClient, actor: Specialist): Promise<TeamRef[]> {
  return withActorScope(prisma, actor, 'list my teams', (tx) => specialistTeams(tx, actor));
}

/**
 * Every active in-house team, by slug: what a development sign-in as a specialist belongs to
 * (production membership comes from the company's identity provider).
 */
export function listActiveInHouseTeams(prisma: PrismaClient): Promise<TeamRef[]> {
  return withScope(prisma, systemScope('list in-house teams'), (tx) =>
    tx.vendor.findMany({
      where: { kind: 'IN_HOUSE', state: 'ACTIVE' },
      select: { id: true, slug: true, name: true },
      orderBy: { slug: 'asc' },
    }),
  );
}
