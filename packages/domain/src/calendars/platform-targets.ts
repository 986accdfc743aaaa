// The platform's SLA targets: the user's end-to-end clock, per region, scope and priority (null
// matches any; the most specific wins), each on a business calendar. Ops replace the set as a
// whole; a case keeps the due times it started with (they are on the case and its CREATED
// event), so a change counts from the next case on. Bad input changes nothing.
import type { Priority, PrismaClient, TenantTx } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { DomainError, type Problem, validationError } from '../shared/domain-error.ts';

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const satisfies readonly Priority[];

export interface PlatformSlaTargetInput {
  regionCode?: string | null;
  scopeCode?: string | null;
  priority?: string | null;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  /** Null: the clock runs round the clock. */
  calendarCode?: string | null;
}

export interface PlatformSlaTargetView {
  id: string;
  regionCode: string | null;
  scopeCode: string | null;
  priority: string | null;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  calendarCode: string | null;
}

function requireReader(actor: Actor): void {
  if (actor.kind !== 'INTERNAL' || !actor.roles.some((r) => r === 'ops' || r === 'auditor'))
    throw new DomainError('FORBIDDEN', 'Platform SLA targets are read by ops and auditors');
}

async function readTargets(tx: TenantTx): Promise<PlatformSlaTargetView[]> {
  const rows = await tx.platformSlaTarget.findMany({
    include: { calendar: { select: { code: true } } },
    orderBy: [{ regionCode: 'asc' }, { scopeCode: 'asc' }, { priority: 'asc' }, { id: 'asc' }],
  });
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.regionCode,
    scopeCode: r.scopeCode,
    priority: r.priority,
    firstResponseMinutes: r.firstResponseMinutes,
    resolutionMinutes: r.resolutionMinutes,
    calendarCode: r.calendar?.code ?? null,
  }));
}

export async function listPlatformSlaTargets(
  prisma: PrismaClient,
  actor: Actor,
): Promise<PlatformSlaTargetView[]> {
  requireReader(actor);
  return withActorScope(prisma, actor, 'read platform SLA targets', readTargets);
}

const terms = (t: Omit<PlatformSlaTargetView, 'id'>) =>
  JSON.stringify([
    t.regionCode,
    t.scopeCode,
    t.priority,
    t.firstResponseMinutes,
    t.resolutionMinutes,
    t.calendarCode,
  ]);

/**
 * Replaces the platform's SLA targets with `targets`. A target given unchanged keeps its row
 * (cases' CREATED events name it, and the replay reads it back); the others are removed.
 */
export async function setPlatformSlaTargets(
  prisma: PrismaClient,
  actor: Actor,
  input: { targets: PlatformSlaTargetInput[]; reason: string; requestId?: string | null },
): Promise<PlatformSlaTargetView[]> {
  if (actor.kind !== 'INTERNAL' || !actor.roles.includes('ops'))
    throw new DomainError('FORBIDDEN', 'Only ops change platform SLA targets');
  return withActorScope(prisma, actor, 'set platform SLA targets', async (tx) => {
    const problems: Problem[] = [];
    if (input.reason.trim().length === 0) problems.push({ path: 'reason', message: 'required' });
    else if (input.reason.length > 500)
      problems.push({ path: 'reason', message: 'at most 500 characters' });
    const regions = new Set(
      (await tx.region.findMany({ select: { code: true } })).map((r) => r.code),
    );
    const scopes = new Set(
      (await tx.scope.findMany({ select: { code: true } })).map((s) => s.code),
    );
    const calendars = new Map(
      (await tx.businessCalendar.findMany({ select: { id: true, code: true } })).map((c) => [
        c.code,
        c.id,
      ]),
    );
    const seen = new Map<string, number>();
    input.targets.forEach((t, i) => {
      const at = (field: string) => `targets.${i}.${field}`;
      if (t.regionCode != null && !regions.has(t.regionCode))
        problems.push({ path: at('regionCode'), message: `unknown region ${t.regionCode}` });
      if (t.scopeCode != null && !scopes.has(t.scopeCode))
        problems.push({ path: at('scopeCode'), message: `unknown scope ${t.scopeCode}` });
      if (t.priority != null && !(PRIORITIES as readonly string[]).includes(t.priority))
        problems.push({ path: at('priority'), message: `one of ${PRIORITIES.join(', ')}` });
      if (t.calendarCode != null && !calendars.has(t.calendarCode))
        problems.push({ path: at('calendarCode'), message: `unknown calendar ${t.calendarCode}` });
      for (const field of ['firstResponseMinutes', 'resolutionMinutes'] as const) {
        if (!Number.isInteger(t[field]) || t[field] <= 0)
          problems.push({ path: at(field), message: 'must be a whole number of minutes above 0' });
      }
      if (t.resolutionMinutes < t.firstResponseMinutes)
        problems.push({
          path: at('resolutionMinutes'),
          message: 'must not be before the first response',
        });
      const key = JSON.stringify([t.regionCode ?? null, t.scopeCode ?? null, t.priority ?? null]);
      const first = seen.get(key);
      if (first !== undefined)
        problems.push({
          path: at('regionCode'),
          message: `the same region, scope and priority as targets.${first}`,
        });
      else seen.set(key, i);
    });
    if (problems.length > 0) throw validationError(problems);

    const before = await readTargets(tx);
    const wanted = input.targets.map((t) => ({
      regionCode: t.regionCode ?? null,
      scopeCode: t.scopeCode ?? null,
      priority: t.priority ?? null,
      firstResponseMinutes: t.firstResponseMinutes,
      resolutionMinutes: t.resolutionMinutes,
      calendarCode: t.calendarCode ?? null,
    }));
    const kept = new Set(wanted.map(terms));
    const gone = before.filter((t) => !kept.has(terms(t))).map((t) => t.id);
    const existing = new Set(before.map(terms));
    if (gone.length > 0) await tx.platformSlaTarget.deleteMany({ where: { id: { in: gone } } });
    const added = wanted.filter((t) => !existing.has(terms(t)));
    if (added.length > 0) {
      await tx.platformSlaTarget.createMany({
        data: added.map(({ calendarCode, priority, ...t }) => ({
          ...t,
          priority: priority as Priority | null,
          calendarId: calendarCode === null ? null : calendars.get(calendarCode)!,
        })),
      });
    }
    const after = await readTargets(tx);
    await recordAudit(tx, {
      actor,
      action: 'platform_sla_targets.set',
      targetType: 'PlatformSlaTarget',
      targetId: null,
      requestId: input.requestId ?? null,
      details: { reason: input.reason, before, after },
    });
    return after;
  });
}
