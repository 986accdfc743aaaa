// Synthetic cases for a sandbox tenant, made on demand (by the sandbox client itself or ops) or
// by the schedule. Each is created already offered to the sandbox tenant, through the same
// write as real intake (case, subject, events, assignment, SLA due times, `case.assigned`
// outbox message, audit), so the partner sees exactly the flow production will give it. The
// routing engine never sees them: they are assigned to their tenant by construction.
import { randomUUID } from 'node:crypto';
import { type PrismaClient, sqlTxOf, systemScope, type TenantTx, withScope } from '@bvg/db';
import type { AssignedDecision } from '@bvg/routing';
import {
  calendarVersionsInclude,
  calendarVersionsOf,
  type VendorCalendarSource,
  vendorCalendar,
} from '../calendars/index.ts';
import { slaDueTimesFor } from '../offers/index.ts';
import type { RoutingState } from '../routing/index.ts';
import {
  bookDecisions,
  contractSlaTargets,
  DEFAULT_OFFER_LEASE_MS,
  type NewCase,
  type RouteItem,
} from '../routing/index.ts';
import type { Actor } from '../shared/actor.ts';
import { DomainError, type Problem, validationError } from '../shared/domain-error.ts';
import {
  MAX_SYNTHETIC_CASES_PER_CALL,
  planSyntheticCases,
  SYNTHETIC_CASE_SOURCE,
  type SyntheticCaseRequest,
} from './synthetic-cases.ts';

const CHANNELS = ['IN_APP', 'WEBFORM', 'EMAIL', 'APPEAL', 'INTERNAL_FORM'] as const;
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
/** Not a routing rule: the decision's rule id says where a synthetic case came from. */
const SANDBOX_RULE_ID = 'sandbox';

export interface GenerateSandboxCasesInput extends SyntheticCaseRequest {
  /** The sandbox tenant; a sandbox client passes none (it gets its own). */
  vendorId?: string | null;
  count: number;
  requestId?: string | null;
}

export interface GeneratedSandboxCase {
  caseId: string;
  version: number;
  status: 'OFFERED';
  region: string;
  scope: string;
  offerExpiresAt: Date;
}

export interface GenerateOptions {
  now?: Date;
  random?: () => number;
}

/** The sandbox tenant the actor generates for; NOT_FOUND for anyone else's. */
function targetSandbox(actor: Actor, vendorId: string | null | undefined): string {
  if (actor.kind === 'VENDOR') {
    if (vendorId && vendorId !== actor.vendorId) throw new DomainError('NOT_FOUND', 'Not found');
    return actor.vendorId;
  }
  if (!vendorId) throw validationError([{ path: 'vendorId', message: 'is required' }]);
  return vendorId;
}

function requestProblems(input: GenerateSandboxCasesInput): Problem[] {
  const problems: Problem[] = [];
  if (
    !Number.isInteger(input.count) ||
    input.count < 1 ||
    input.count > MAX_SYNTHETIC_CASES_PER_CALL
  ) {
    problems.push({
      path: 'count',
      message: `between 1 and ${MAX_SYNTHETIC_CASES_PER_CALL}`,
    });
  }
  if (input.channel != null && !(CHANNELS as readonly string[]).includes(input.channel)) {
    problems.push({ path: 'channel', message: `one of ${CHANNELS.join(', ')}` });
  }
  if (input.priority != null && !(PRIORITIES as readonly string[]).includes(input.priority)) {
    problems.push({ path: 'priority', message: `one of ${PRIORITIES.join(', ')}` });
  }
  if (input.language != null && !LANGUAGE.test(input.language)) {
    problems.push({ path: 'language', message: 'a BCP 47 language tag such as en or pt-BR' });
  }
  return problems;
}

/**
 * Makes `count` synthetic cases offered to the sandbox tenant. A sandbox client makes them for
 * itself (a real partner's client is FORBIDDEN: it has no sandbox); ops and the schedule name
 * the tenant. Unknown or inactive scopes and regions, and regions whose data rules the partner
 * does not meet (a real case there would never reach it), are VALIDATION with every problem.
 */
export async function generateSandboxCases(
  prisma: PrismaClient,
  actor: Actor,
  input: GenerateSandboxCasesInput,
  options: GenerateOptions = {},
): Promise<GeneratedSandboxCase[]> {
  const vendorId = targetSandbox(actor, input.vendorId);
  const now = options.now ?? new Date();
  // System scope, as intake: the one statement that creates a case also writes its subject and
  // events, which a tenant-scoped statement could not yet see. The tenant is fixed above.
  return withScope(prisma, systemScope('generate synthetic sandbox cases'), (tx) =>
    generateIn(tx, actor, vendorId, input, now, options.random ?? Math.random),
  );
}

/** The same, inside the caller's system-scoped transaction (the schedule's sweep). */
export async function generateIn(
  tx: TenantTx,
  actor: Actor,
  vendorId: string,
  input: GenerateSandboxCasesInput,
  now: Date,
  random: () => number,
): Promise<GeneratedSandboxCase[]> {
  const sandbox = /^[0-9a-f-]{36}$/i.test(vendorId)
    ? await tx.vendor.findUnique({
        where: { id: vendorId },
        select: {
          id: true,
          sandboxOfId: true,
          usDataCleared: true,
          gdprAgreement: true,
          timeZone: true,
          holidays: true,
          businessHours: true,
          calendarId: true,
          calendar: { include: calendarVersionsInclude },
          sandboxOf: {
            select: {
              certifications: { select: { regionCode: true, scopeCode: true, language: true } },
            },
          },
          contracts: contractSlaTargets,
        },
      })
    : null;
  if (!sandbox) throw new DomainError('NOT_FOUND', 'Not found');
  if (sandbox.sandboxOfId === null) {
    if (actor.kind === 'VENDOR') {
      throw new DomainError(
        'FORBIDDEN',
        'Only a sandbox client can generate synthetic cases; ask ops for sandbox credentials',
      );
    }
    throw validationError([{ path: 'vendorId', message: 'is not a sandbox tenant' }]);
  }

  const regions = await tx.region.findMany();
  const scopes = await tx.scope.findMany({ where: { active: true } });
  const problems = requestProblems(input);
  if (input.region != null && !regions.some((r) => r.code === input.region)) {
    problems.push({ path: 'region', message: `unknown region ${input.region}` });
  }
  if (input.scope != null && !scopes.some((s) => s.code === input.scope)) {
    problems.push({ path: 'scope', message: `unknown or inactive scope ${input.scope}` });
  }
  // Only what production could send the partner: its data rules hold for synthetic data too.
  const allowedRegion = (code: string) => {
    const r = regions.find((x) => x.code === code);
    return (
      r !== undefined &&
      (!r.requiresUsClearance || sandbox.usDataCleared) &&
      (!r.requiresGdprAgreement || sandbox.gdprAgreement)
    );
  };
  if (input.region != null && problems.length === 0 && !allowedRegion(input.region)) {
    problems.push({
      path: 'region',
      message: `the partner does not meet ${input.region}'s data rules: no ${input.region} case would reach it`,
    });
  }
  const certified = (sandbox.sandboxOf?.certifications ?? [])
    .filter((c) => allowedRegion(c.regionCode) && scopes.some((s) => s.code === c.scopeCode))
    .map((c) => ({ region: c.regionCode, scope: c.scopeCode, language: c.language }));
  const fallbackRegion = regions.map((r) => r.code).find(allowedRegion);
  const fallbackScope =
    scopes.find((s) => s.code === 'GENERAL')?.code ??
    scopes.find((s) => s.sensitivity === 'STANDARD')?.code;
  if (fallbackRegion === undefined || fallbackScope === undefined) {
    problems.push({ path: 'region', message: 'no region and scope to generate cases in' });
  }
  if (problems.length > 0) throw validationError(problems);

  const planned = planSyntheticCases({
    count: input.count,
    request: input,
    certified,
    fallback: { region: fallbackRegion!, scope: fallbackScope! },
    random,
    token: randomUUID,
  });

  // The part of the routing state the write reads: this tenant's calendar and SLA targets.
  const state: RoutingState = {
    published: null,
    regions: [],
    scopes: [],
    vendors: [],
    vendorTimeZones: new Map([[sandbox.id, sandbox.timeZone]]),
    vendorTerms: new Map([
      [
        sandbox.id,
        {
          ...sandboxCalendar(sandbox),
          timeZone: sandbox.timeZone,
          holidays: sandbox.holidays,
          businessHours: sandbox.businessHours,
          contracts: sandbox.contracts,
        },
      ],
    ]),
    shadowing: false,
    // Synthetic cases keep no user clock: there is no user.
    userClock: { platform: [], calendars: new Map() },
  };
  const leaseExpiresAt = new Date(now.getTime() + DEFAULT_OFFER_LEASE_MS);
  const create = new Map<string, NewCase>();
  const items: RouteItem[] = [];
  const decisions: AssignedDecision[] = [];
  for (const c of planned) {
    const caseId = randomUUID();
    create.set(caseId, {
      source: SYNTHETIC_CASE_SOURCE,
      externalRef: c.externalRef,
      subjectRef: c.subjectRef,
      subject: { ...c.subject, minorSafetyDetail: null, attachments: [] },
      event: { source: SYNTHETIC_CASE_SOURCE, channel: c.attrs.channel, synthetic: true },
      sandbox: true,
    });
    items.push({
      caseId,
      current: { caseAttrs: c.attrs, status: 'NEW', version: 1, routingAttempts: 0 },
      actor,
      requestId: input.requestId ?? null,
      assignmentId: randomUUID(),
      leaseExpiresAt,
      audit: { action: 'case.generate_synthetic', details: { sandboxVendorId: sandbox.id } },
    });
    const region = regions.find((r) => r.code === c.attrs.region)!;
    decisions.push({
      outcome: 'ASSIGNED',
      vendorId: sandbox.id,
      ruleId: SANDBOX_RULE_ID,
      rulesetId: SANDBOX_RULE_ID,
      rulesetVersion: 0,
      selection: 'FALLBACK',
      allocationKey: null,
      residencyCheck: {
        region: region.code,
        requirement:
          region.requiresUsClearance && region.requiresGdprAgreement
            ? 'US_CLEARANCE_AND_GDPR_AGREEMENT'
            : region.requiresUsClearance
              ? 'US_CLEARANCE'
              : region.requiresGdprAgreement
                ? 'GDPR_AGREEMENT'
                : 'NONE',
        vendorUsDataCleared: sandbox.usDataCleared,
        vendorGdprAgreement: sandbox.gdprAgreement,
        passed: true,
      },
      explanation: {
        rulesetId: SANDBOX_RULE_ID,
        rulesetVersion: 0,
        case: c.attrs,
        rules: [],
        summary: 'Synthetic case, offered to the sandbox tenant that asked for it',
      },
    });
  }
  const written = await bookDecisions(
    sqlTxOf(tx),
    { state, now, items, dueTimes: slaDueTimesFor, announce: true, create },
    decisions,
  );
  return items
    .filter((item) => written.has(item.caseId))
    .map((item) => ({
      caseId: item.caseId,
      version: item.current.version + 1,
      status: 'OFFERED' as const,
      region: item.current.caseAttrs.region,
      scope: item.current.caseAttrs.scope,
      offerExpiresAt: leaseExpiresAt,
    }));
}

function sandboxCalendar(
  sandbox: VendorCalendarSource & {
    calendar: Parameters<typeof calendarVersionsOf>[0] | null;
  },
) {
  const calendars = new Map(
    sandbox.calendar ? [[sandbox.calendar.id, calendarVersionsOf(sandbox.calendar)]] : [],
  );
  const { calendarId, versions } = vendorCalendar(sandbox, calendars);
  return { calendarId, calendarVersions: versions };
}
