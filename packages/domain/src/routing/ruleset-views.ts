// Read side of routing rulesets: plain views for the API and the admin functions.
import type { TenantTx } from '@bvg/db';
import type { RuleMatch } from '@bvg/routing';
import { DomainError } from '../shared/domain-error.ts';
import { type RulesetRow, rulesetFromRows } from './ruleset-rows.ts';

export type RulesetStatus = 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';

export interface RoutingRuleView {
  id: string;
  position: number;
  name: string;
  match: RuleMatch;
  targets: { vendorId: string; weight: number }[];
  fallbacks: string[];
  allowRestricted: boolean;
  requireBusinessHours: boolean;
}

export interface RoutingRulesetView {
  id: string;
  version: number;
  name: string;
  description: string;
  status: RulesetStatus;
  shadowUntil: Date | null;
  createdBy: string;
  createdAt: Date;
  publishedAt: Date | null;
  publishedBy: string | null;
  archivedAt: Date | null;
  rules: RoutingRuleView[];
}

export const RULESET_INCLUDE = {
  rules: { orderBy: { position: 'asc' as const }, include: { targets: true } },
};

type RulesetRecord = RulesetRow & Omit<RoutingRulesetView, 'rules'>;

export function toRulesetView(row: RulesetRecord): RoutingRulesetView {
  const engine = rulesetFromRows(row);
  const positions = new Map(row.rules.map((r) => [r.id, r.position]));
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    description: row.description,
    status: row.status,
    shadowUntil: row.shadowUntil,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    publishedAt: row.publishedAt,
    publishedBy: row.publishedBy,
    archivedAt: row.archivedAt,
    rules: engine.rules.map((r) => ({
      id: r.id,
      position: positions.get(r.id) ?? 0,
      name: r.name,
      match: r.match,
      targets: r.targets.map((t) => ({ ...t })),
      fallbacks: [...r.fallbacks],
      allowRestricted: r.allowRestricted === true,
      requireBusinessHours: r.requireBusinessHours === true,
    })),
  };
}

/** Newest first; optionally only one status. */
export async function listRoutingRulesets(
  tx: TenantTx,
  filter: { status?: RulesetStatus } = {},
): Promise<RoutingRulesetView[]> {
  const rows = await tx.routingRuleset.findMany({
    where: filter.status ? { status: filter.status } : {},
    orderBy: { version: 'desc' },
    include: RULESET_INCLUDE,
  });
  return rows.map(toRulesetView);
}

export async function getRoutingRuleset(
  tx: TenantTx,
  version: number,
): Promise<RoutingRulesetView | null> {
  const row = await tx.routingRuleset.findUnique({ where: { version }, include: RULESET_INCLUDE });
  return row === null ? null : toRulesetView(row);
}

export async function requireRuleset(tx: TenantTx, version: number): Promise<RoutingRulesetView> {
  const view = await getRoutingRuleset(tx, version);
  if (view === null)
    throw new DomainError('NOT_FOUND', `Routing ruleset version ${version} not found`);
  return view;
}
