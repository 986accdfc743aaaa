// Ruleset administration: drafts are edited, published after validation, archived when a
// newer one is published, and rolled back by publishing a copy of an earlier version. Every
// change is audited with who and why, in the same transaction as the change.
import { randomUUID } from 'node:crypto';
import type { TenantTx } from '@bvg/db';
import {
  type Problem as EngineProblem,
  type ExpectedVolume,
  type Ruleset,
  validateRuleset,
} from '@bvg/routing';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { DomainError, type Problem, validationError } from '../shared/domain-error.ts';
import { defaultRoutingStateCache, loadRoutingState } from './routing-state.ts';
import { matchToJson, type ParsedRule, parseRules, type RuleInput } from './ruleset-rows.ts';
import {
  type RoutingRulesetView,
  type RoutingRuleView,
  RULESET_INCLUDE,
  requireRuleset,
  toRulesetView,
} from './ruleset-views.ts';

/** Who changes routing and why; the reason goes into the audit record. */
export interface RoutingChange {
  actor: Actor;
  reason: string;
  requestId?: string | null;
}

/** A validation problem as the API reports it: where, what, and the engine's code. */
export interface RulesetProblem extends Problem {
  code: string;
  ruleId?: string;
  vendorId?: string;
  region?: string;
  scope?: string;
}

export interface RulesetValidation {
  errors: RulesetProblem[];
  warnings: RulesetProblem[];
}

// Ruleset versions and the published slot are changed by one transaction at a time.
const RULESET_LOCK = 4_242_104;
const EXPECTED_VOLUME_DAYS = 28;

async function lockRulesets(tx: TenantTx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RULESET_LOCK}::bigint)`;
}

function requireReason(change: RoutingChange): void {
  if (change.reason.trim().length === 0) {
    throw validationError([{ path: 'reason', message: 'say why the change is made' }]);
  }
}

async function audit(
  tx: TenantTx,
  change: RoutingChange,
  action: string,
  ruleset: { id: string; version: number },
  details: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(tx, {
    actor: change.actor,
    action,
    targetType: 'RoutingRuleset',
    targetId: ruleset.id,
    requestId: change.requestId ?? null,
    details: { version: ruleset.version, reason: change.reason, ...details },
  });
}

/** Rule views back into the input shape, to copy a version. */
function asInputs(rules: readonly RoutingRuleView[]): RuleInput[] {
  return rules.map((r) => ({
    name: r.name,
    match: r.match as RuleInput['match'],
    targets: r.targets,
    fallbacks: r.fallbacks,
    allowRestricted: r.allowRestricted,
    requireBusinessHours: r.requireBusinessHours,
  }));
}

/** Shape checks plus vendor existence (targets are foreign keys), every problem at once. */
async function checkRules(tx: TenantTx, rules: readonly unknown[]): Promise<ParsedRule[]> {
  const { rules: parsed, problems } = parseRules(rules);
  const ids = [
    ...new Set(
      parsed.flatMap(({ rule }) => [...rule.targets.map((t) => t.vendorId), ...rule.fallbacks]),
    ),
  ];
  // A sandbox tenant is no routing target: rules name real vendors only.
  const known = new Set(
    (
      await tx.vendor.findMany({
        where: { id: { in: ids }, sandboxOfId: null },
        select: { id: true },
      })
    ).map((v) => v.id),
  );
  for (const { index: i, rule } of parsed) {
    rule.targets.forEach((t, j) => {
      if (!known.has(t.vendorId)) {
        problems.push({
          path: `rules.${i}.targets.${j}.vendorId`,
          message: `vendor ${t.vendorId} does not exist (or is a sandbox tenant)`,
        });
      }
    });
    rule.fallbacks.forEach((id, j) => {
      if (!known.has(id)) {
        problems.push({
          path: `rules.${i}.fallbacks.${j}`,
          message: `vendor ${id} does not exist (or is a sandbox tenant)`,
        });
      }
    });
  }
  if (problems.length > 0) throw validationError(problems, 'The rules are not valid');
  return parsed.map((p) => p.rule);
}

async function writeRules(
  tx: TenantTx,
  rulesetId: string,
  rules: readonly ParsedRule[],
): Promise<void> {
  if (rules.length === 0) return;
  // Ids made here so rules and their targets go in two statements, whatever the rule count.
  const ids = rules.map(() => randomUUID());
  await tx.routingRule.createMany({
    data: rules.map((r, i) => ({
      id: ids[i]!,
      rulesetId,
      position: i + 1,
      name: r.name,
      match: matchToJson(r.match),
      fallbackVendorIds: r.fallbacks,
      allowRestricted: r.allowRestricted,
      requireBusinessHours: r.requireBusinessHours,
    })),
  });
  const targets = rules.flatMap((r, i) => r.targets.map((t) => ({ ruleId: ids[i]!, ...t })));
  if (targets.length > 0) await tx.routingRuleTarget.createMany({ data: targets });
}

async function reload(tx: TenantTx, id: string): Promise<RoutingRulesetView> {
  return toRulesetView(
    await tx.routingRuleset.findUniqueOrThrow({ where: { id }, include: RULESET_INCLUDE }),
  );
}

export interface CreateRoutingRulesetInput extends RoutingChange {
  name: string;
  description?: string;
  /** Start from the rules of this version; otherwise from `rules` (or none). */
  copyFromVersion?: number;
  rules?: readonly RuleInput[];
}

/** A new DRAFT with the next version number. */
export async function createRoutingRuleset(
  tx: TenantTx,
  input: CreateRoutingRulesetInput,
): Promise<RoutingRulesetView> {
  requireReason(input);
  if (input.name.trim().length === 0) {
    throw validationError([{ path: 'name', message: 'give the ruleset a name' }]);
  }
  if (input.copyFromVersion !== undefined && input.rules !== undefined) {
    throw validationError([
      { path: 'rules', message: 'give either rules or a version to copy from, not both' },
    ]);
  }
  await lockRulesets(tx);
  const source =
    input.copyFromVersion === undefined ? null : await requireRuleset(tx, input.copyFromVersion);
  const rules = await checkRules(tx, source ? asInputs(source.rules) : (input.rules ?? []));
  const last = await tx.routingRuleset.aggregate({ _max: { version: true } });
  const created = await tx.routingRuleset.create({
    data: {
      version: (last._max.version ?? 0) + 1,
      name: input.name.trim(),
      description: input.description ?? '',
      status: 'DRAFT',
      createdBy: input.actor.id,
    },
  });
  await writeRules(tx, created.id, rules);
  await audit(tx, input, 'routingRuleset.create', created, {
    copiedFromVersion: source?.version ?? null,
    rules: rules.length,
  });
  return reload(tx, created.id);
}

export interface UpdateRoutingRulesetInput extends RoutingChange {
  version: number;
  name?: string;
  description?: string;
  /** Replaces every rule of the draft, in this order. */
  rules: readonly RuleInput[];
}

/** Replaces the rules of a DRAFT. Published and archived versions never change. */
export async function updateRoutingRuleset(
  tx: TenantTx,
  input: UpdateRoutingRulesetInput,
): Promise<RoutingRulesetView> {
  requireReason(input);
  await lockRulesets(tx);
  const current = await requireRuleset(tx, input.version);
  if (current.status !== 'DRAFT') {
    throw new DomainError(
      'INVALID_TRANSITION',
      `Version ${current.version} is ${current.status} and cannot change; create a new draft from it instead`,
      { status: current.status },
    );
  }
  const rules = await checkRules(tx, input.rules);
  await tx.routingRule.deleteMany({ where: { rulesetId: current.id } });
  await writeRules(tx, current.id, rules);
  await tx.routingRuleset.update({
    where: { id: current.id },
    data: {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
    },
  });
  await audit(tx, input, 'routingRuleset.update', current, {
    rulesBefore: current.rules.length,
    rulesAfter: rules.length,
  });
  return reload(tx, current.id);
}

function engineRuleset(view: RoutingRulesetView): Ruleset {
  return { id: view.id, version: view.version, rules: view.rules };
}

function toProblem(p: EngineProblem, positions: Map<string, number>): RulesetProblem {
  const index = p.ruleId === undefined ? undefined : positions.get(p.ruleId);
  const path =
    index !== undefined
      ? `rules.${index}`
      : p.region !== undefined && p.scope !== undefined
        ? `coverage.${p.region}.${p.scope}`
        : 'rules';
  const { message, code, ...rest } = p;
  return { path, message, code, ...rest };
}

/**
 * Checks a version against today's reference data, vendors and certifications, with
 * capacity warnings from the average daily intake of the last 28 days.
 */
export async function validateRoutingRuleset(
  tx: TenantTx,
  input: { version: number; now: Date },
): Promise<RulesetValidation> {
  const view = await requireRuleset(tx, input.version);
  return validateView(tx, view, input.now);
}

/** What validation checks every ruleset against: loaded once, however many are checked. */
export interface ValidationContext {
  state: Awaited<ReturnType<typeof loadRoutingState>>;
  volume: ExpectedVolume[];
}

export async function loadValidationContext(tx: TenantTx, now: Date): Promise<ValidationContext> {
  const state = await loadRoutingState(tx, { now });
  const since = new Date(now.getTime() - EXPECTED_VOLUME_DAYS * 86_400_000);
  const volume = await tx.$queryRaw<ExpectedVolume[]>`
    SELECT "regionCode" AS region, "scopeCode" AS scope,
           (count(*)::float8 / ${EXPECTED_VOLUME_DAYS}) AS "casesPerDay"
      FROM "Case" WHERE "createdAt" >= ${since} AND "createdAt" < ${now} AND NOT sandbox
     GROUP BY 1, 2`;
  return { state, volume };
}

/** Checks one ruleset against a loaded context (no I/O). */
export function validateAgainst(
  view: RoutingRulesetView,
  { state, volume }: ValidationContext,
): RulesetValidation {
  const result = validateRuleset(engineRuleset(view), {
    vendors: state.vendors,
    regions: state.regions,
    scopes: state.scopes,
    expectedDailyVolume: volume.map((v) => ({ ...v, casesPerDay: Math.ceil(v.casesPerDay) })),
  });
  const positions = new Map(view.rules.map((r, i) => [r.id, i]));
  return {
    errors: result.errors.map((p) => toProblem(p, positions)),
    warnings: result.warnings.map((p) => toProblem(p, positions)),
  };
}

async function validateView(
  tx: TenantTx,
  view: RoutingRulesetView,
  now: Date,
): Promise<RulesetValidation> {
  return validateAgainst(view, await loadValidationContext(tx, now));
}

export interface PublishRoutingRulesetInput extends RoutingChange {
  version: number;
  now: Date;
}

export interface PublishResult {
  ruleset: RoutingRulesetView;
  /** The version that was published before, now archived. */
  archivedVersion: number | null;
  warnings: RulesetProblem[];
}

/**
 * Publishes a DRAFT: validated first (any error refuses it with VALIDATION and the full list
 * in `problems`), then the published version is archived and this one published, in the
 * caller's transaction and under a lock so only one is ever published.
 */
export async function publishRoutingRuleset(
  tx: TenantTx,
  input: PublishRoutingRulesetInput,
): Promise<PublishResult> {
  requireReason(input);
  await lockRulesets(tx);
  const draft = await requireRuleset(tx, input.version);
  if (draft.status !== 'DRAFT') {
    throw new DomainError(
      'INVALID_TRANSITION',
      `Version ${draft.version} is ${draft.status}; only a draft can be published (use rollback for an earlier version)`,
      { status: draft.status },
    );
  }
  return publishDraft(tx, draft, input, 'routingRuleset.publish', {});
}

async function publishDraft(
  tx: TenantTx,
  draft: RoutingRulesetView,
  input: PublishRoutingRulesetInput,
  action: string,
  details: Record<string, unknown>,
): Promise<PublishResult> {
  const validation = await validateView(tx, draft, input.now);
  if (validation.errors.length > 0) {
    const n = validation.errors.length;
    throw new DomainError(
      'VALIDATION',
      `Version ${draft.version} cannot be published: ${n} problem${n === 1 ? '' : 's'} to fix`,
      { problems: validation.errors, warnings: validation.warnings },
    );
  }
  const previous = await tx.routingRuleset.findFirst({ where: { status: 'PUBLISHED' } });
  if (previous !== null) {
    await tx.routingRuleset.updateMany({
      where: { status: 'PUBLISHED' },
      data: { status: 'ARCHIVED', archivedAt: input.now },
    });
  }
  await tx.routingRuleset.update({
    where: { id: draft.id },
    data: {
      status: 'PUBLISHED',
      publishedAt: input.now,
      publishedBy: input.actor.id,
      shadowUntil: null,
    },
  });
  await audit(tx, input, action, draft, {
    ...details,
    archivedVersion: previous?.version ?? null,
    warnings: validation.warnings.map((w) => w.code),
  });
  // Other processes see the new version through the cache stamp; this one at once.
  defaultRoutingStateCache.clear();
  return {
    ruleset: await reload(tx, draft.id),
    archivedVersion: previous?.version ?? null,
    warnings: validation.warnings,
  };
}

export interface RollbackRoutingRulesetInput extends RoutingChange {
  /** The earlier (archived) version to go back to. */
  version: number;
  now: Date;
}

/**
 * Goes back to an earlier version by publishing a copy of it as a new version: history stays
 * append-only (the audit trail and every assignment keep pointing at the versions they used),
 * the copy is validated against today's vendors like any draft, and its split counters start
 * fresh. The copy's description names the version it restores.
 */
export async function rollbackRoutingRuleset(
  tx: TenantTx,
  input: RollbackRoutingRulesetInput,
): Promise<PublishResult> {
  requireReason(input);
  await lockRulesets(tx);
  const source = await requireRuleset(tx, input.version);
  if (source.status !== 'ARCHIVED') {
    throw new DomainError(
      'INVALID_TRANSITION',
      source.status === 'PUBLISHED'
        ? `Version ${source.version} is already the published one`
        : `Version ${source.version} was never published; publish the draft instead`,
      { status: source.status },
    );
  }
  const rules = await checkRules(tx, asInputs(source.rules));
  const last = await tx.routingRuleset.aggregate({ _max: { version: true } });
  const copy = await tx.routingRuleset.create({
    data: {
      version: (last._max.version ?? 0) + 1,
      name: source.name,
      description: `Rollback to version ${source.version}: ${input.reason}`,
      status: 'DRAFT',
      createdBy: input.actor.id,
    },
  });
  await writeRules(tx, copy.id, rules);
  return publishDraft(tx, await reload(tx, copy.id), input, 'routingRuleset.rollback', {
    restoredVersion: source.version,
  });
}
