// Closing a billing month's credits into a statement, and reading statements. Vendor managers
// close (in system scope); a partner reads its own statements in its tenant scope, where
// row-level security hides every other vendor's.
import { Prisma, type PrismaClient, type TenantTx } from '@bvg/db';
import { recordAudit } from '../audit/index.ts';
import { announceCredit } from '../dispatch/index.ts';
import { getScorecard, loadPeriodContract } from '../scorecard-data/index.ts';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { DomainError, validationError } from '../shared/domain-error.ts';
import {
  type CloseStatementInput,
  closeStatementProblems,
  isUuid,
  monthPeriod,
  statementLines,
} from './rules.ts';

const lineInclude = {
  lines: { orderBy: { position: 'asc' }, include: { dispute: true } },
} as const satisfies Prisma.CreditStatementInclude;

export type CreditStatementView = Prisma.CreditStatementGetPayload<{ include: typeof lineInclude }>;
export type CreditStatementLineView = CreditStatementView['lines'][number];
export type CreditDisputeView = NonNullable<CreditStatementLineView['dispute']>;

// Exact scorecards over a month aggregate many events.
const SCOPE_OPTIONS = { timeout: 60_000 };

export const isVendorManager = (actor: Actor) =>
  actor.kind === 'INTERNAL' && actor.roles.includes('vendor_manager');

/**
 * The month's credits as a statement, in the caller's transaction: the exact scorecard's
 * credits, line by line with the cases behind each figure and the contract terms that priced
 * them. A month already closed is issued again as the next version; the one before is kept,
 * marked SUPERSEDED.
 */
export async function closeStatement(
  tx: TenantTx,
  actor: Actor,
  input: CloseStatementInput,
): Promise<CreditStatementView> {
  const period = monthPeriod(input.period)!;
  // One read of the contract: the version pricing the statement and the scorecard's terms.
  const { inForce: contract, terms } = await loadPeriodContract(tx, input.vendorId, period);
  const card = await getScorecard(
    tx,
    { vendorId: input.vendorId, period, source: 'EXACT' },
    { contract: terms },
  );
  const credits = card.serviceCredits;
  if (!contract || !credits) {
    throw new DomainError('CONFLICT', 'No contract with valid credit terms covers this month', {
      problems: [{ path: 'period', message: 'no credit terms in force for this month' }],
    });
  }
  const current = await tx.creditStatement.findFirst({
    where: { vendorId: input.vendorId, period: input.period, status: 'CURRENT' },
    select: { id: true, version: true },
  });
  const last = await tx.creditStatement.aggregate({
    where: { vendorId: input.vendorId, period: input.period },
    _max: { version: true },
  });
  const version = (last._max.version ?? 0) + 1;
  let statementId: string;
  try {
    const created = await tx.creditStatement.create({
      data: {
        vendorId: input.vendorId,
        period: input.period,
        periodStart: period.start,
        periodEnd: period.end,
        version,
        contractId: contract.contractId,
        contractReference: contract.reference,
        contractVersion: contract.version,
        creditTerms: (contract.creditTerms ?? Prisma.JsonNull) as Prisma.InputJsonValue,
        currency: contract.currency,
        feesCents: credits.feesCents,
        subtotalCents: credits.subtotalCents,
        capCents: credits.capCents,
        totalCents: credits.totalCents,
        earnBackCents: credits.earnBackCents,
        netCents: credits.netCents,
        explanation: credits.explanation,
        reason: input.reason,
        closedBy: actor.id,
      },
      select: { id: true },
    });
    statementId = created.id;
  } catch (e) {
    // Two managers closing the same month at once: one wins the version, the other is told.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
      throw new DomainError('CONFLICT', 'This month was closed at the same time; read it again');
    }
    throw e;
  }
  const rows = statementLines(credits.lines, card.totals.kpis);
  if (rows.length > 0) {
    await tx.creditStatementLine.createMany({
      data: rows.map((r) => ({ ...r, statementId, vendorId: input.vendorId })),
    });
  }
  if (current) {
    await tx.creditStatement.update({
      where: { id: current.id },
      data: { status: 'SUPERSEDED', supersededById: statementId, supersededAt: new Date() },
      select: { id: true },
    });
  }
  await recordAudit(tx, {
    actor,
    action: 'credit_statement.close',
    targetType: 'CreditStatement',
    targetId: statementId,
    details: {
      vendorId: input.vendorId,
      period: input.period,
      version,
      reason: input.reason,
      supersedes: current?.id ?? null,
      contractId: contract.contractId,
      contractVersion: contract.version,
      netCents: credits.netCents,
    },
  });
  await announceCredit(tx, 'credit.statement_closed', {
    statementId,
    vendorId: input.vendorId,
    period: input.period,
    version,
  });
  return tx.creditStatement.findUniqueOrThrow({ where: { id: statementId }, include: lineInclude });
}

/** `closeStatement` for a vendor manager: validated, in one system-scope transaction. */
export async function closeCreditStatement(
  prisma: PrismaClient,
  actor: Actor,
  input: CloseStatementInput & { now?: Date },
): Promise<CreditStatementView> {
  if (!isVendorManager(actor)) throw new DomainError('FORBIDDEN', 'Not allowed');
  const problems = closeStatementProblems(input, input.now ?? new Date());
  if (problems.length > 0) throw validationError(problems);
  return withActorScope(
    prisma,
    actor,
    `close credit statement ${input.vendorId} ${input.period}`,
    async (tx) => {
      const vendor = await tx.vendor.findUnique({ where: { id: input.vendorId } });
      if (!vendor) throw new DomainError('NOT_FOUND', 'Vendor not found');
      return closeStatement(tx, actor, input);
    },
    SCOPE_OPTIONS,
  );
}

export interface ReadStatementsInput {
  vendorId?: string | null;
  period?: string | null;
}

/**
 * Statements, newest month first and the latest version first: a partner its own (naming
 * another vendor is NOT_FOUND), a vendor manager any vendor's or all.
 */
export async function readCreditStatements(
  prisma: PrismaClient,
  actor: Actor,
  input: ReadStatementsInput,
): Promise<CreditStatementView[]> {
  if (actor.kind === 'VENDOR' && input.vendorId != null && input.vendorId !== actor.vendorId) {
    throw new DomainError('NOT_FOUND', 'Credit statements not found');
  }
  if (input.period != null && !monthPeriod(input.period)) {
    throw validationError([{ path: 'period', message: 'must be a month, YYYY-MM' }]);
  }
  return withActorScope(prisma, actor, 'credit statements', async (tx) => {
    const statements = await tx.creditStatement.findMany({
      where: {
        ...(input.vendorId != null && { vendorId: input.vendorId }),
        ...(input.period != null && { period: input.period }),
      },
      orderBy: [{ period: 'desc' }, { vendorId: 'asc' }, { version: 'desc' }],
      include: lineInclude,
      take: 500,
    });
    await recordAudit(tx, {
      actor,
      action: 'credit_statement.list',
      targetType: 'CreditStatement',
      details: { vendorId: input.vendorId ?? null, period: input.period ?? null },
    });
    return statements;
  });
}

/** One statement with its lines; another vendor's is NOT_FOUND (row-level security hides it). */
export async function readCreditStatement(
  prisma: PrismaClient,
  actor: Actor,
  input: { id: string },
): Promise<CreditStatementView> {
  if (!isUuid(input.id)) throw new DomainError('NOT_FOUND', 'Credit statement not found');
  return withActorScope(prisma, actor, `credit statement ${input.id}`, async (tx) => {
    const statement = await tx.creditStatement.findUnique({
      where: { id: input.id },
      include: lineInclude,
    });
    if (!statement) throw new DomainError('NOT_FOUND', 'Credit statement not found');
    await recordAudit(tx, {
      actor,
      action: 'credit_statement.read',
      targetType: 'CreditStatement',
      targetId: statement.id,
    });
    return statement;
  });
}
