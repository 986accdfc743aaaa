// Why a case went where it went: every assignment with the decision stored when it was made
// (ruleset version, rule, candidates with their exclusion reasons, residency check) and where
// the chosen vendor stood in the rule's split. For ops and auditors, never for vendors.
import type { PrismaClient } from '@bvg/db';
import { systemScope, withScope } from '@bvg/db';
import type {
  CandidateEvaluation,
  Explanation,
  ResidencyCheck,
  RuleEvaluation,
  Selection,
} from '@bvg/routing';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';

/** Where the chosen vendor stood in the selected rule. */
export interface SplitPosition {
  selection: Selection;
  /** The chosen target's weight, for a weighted pick. */
  weight: number | null;
  /** Sum of the weights of the rule's eligible targets (the split the pick was made in). */
  eligibleWeight: number | null;
  /** Its share of the eligible split: weight / eligibleWeight. */
  share: number | null;
  /** 1-based position among the rule's fallbacks, for a fallback pick. */
  fallbackPosition: number | null;
  /** Candidates considered before it in the rule. */
  candidatesConsidered: number;
}

export interface AssignmentView {
  id: string;
  caseId: string;
  vendorId: string;
  vendorName: string;
  attempt: number;
  status: string;
  offeredAt: Date;
  leaseExpiresAt: Date | null;
  acceptedAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
  rulesetVersion: number | null;
  ruleId: string | null;
  ruleName: string | null;
  summary: string;
  residencyCheck: ResidencyCheck | null;
  /** Rules looked at, in order; the last one chose (unless ops or the in-house default did). */
  rules: RuleEvaluation[];
  /** Candidates of the restricted-scope in-house default or of an ops choice, when used. */
  otherCandidates: CandidateEvaluation[];
  split: SplitPosition;
}

/** Every assignment of a case, oldest first. Unknown cases give an empty list. */
export async function listCaseAssignments(
  prisma: PrismaClient,
  actor: Actor,
  input: { caseId: string; requestId?: string | null },
): Promise<AssignmentView[]> {
  return withScope(prisma, systemScope('ops: assignment explanations'), async (tx) => {
    const rows = await tx.assignment.findMany({
      where: { caseId: input.caseId },
      orderBy: { attempt: 'asc' },
      include: { vendor: { select: { name: true } } },
    });
    await recordAudit(tx, {
      actor,
      action: 'case.assignments.read',
      targetType: 'Case',
      targetId: input.caseId,
      requestId: input.requestId ?? null,
      details: { count: rows.length },
    });
    return rows.map((a) => {
      const explanation = (a.explanation ?? {}) as Partial<Explanation>;
      const rules = [...(explanation.rules ?? [])];
      const selected = rules.find((r) => r.outcome === 'SELECTED') ?? null;
      return {
        id: a.id,
        caseId: a.caseId,
        vendorId: a.vendorId,
        vendorName: a.vendor.name,
        attempt: a.attempt,
        status: a.status,
        offeredAt: a.offeredAt,
        leaseExpiresAt: a.leaseExpiresAt,
        acceptedAt: a.acceptedAt,
        endedAt: a.endedAt,
        endReason: a.endReason,
        rulesetVersion: a.rulesetVersion,
        ruleId: a.ruleId,
        ruleName: selected?.ruleName ?? null,
        summary: explanation.summary ?? '',
        residencyCheck: isResidency(a.residencyCheck) ? a.residencyCheck : null,
        rules,
        otherCandidates: [
          ...(explanation.inHouseDefault?.candidates ?? []),
          ...(explanation.manual?.candidates ?? []),
        ],
        split: splitPosition(a.vendorId, explanation, selected),
      };
    });
  });
}

function isResidency(value: unknown): value is ResidencyCheck {
  return typeof value === 'object' && value !== null && 'requirement' in value;
}

/** Where the chosen vendor stood, read back from the stored explanation. */
export function splitPosition(
  vendorId: string,
  explanation: Partial<Explanation>,
  selected: RuleEvaluation | null,
): SplitPosition {
  const none = { weight: null, eligibleWeight: null, share: null, fallbackPosition: null };
  if (explanation.manual) {
    return { selection: 'OPS_ASSIGNED', ...none, candidatesConsidered: 0 };
  }
  if (selected === null) {
    return {
      selection: 'IN_HOUSE_DEFAULT',
      ...none,
      candidatesConsidered: explanation.inHouseDefault?.candidates.length ?? 0,
    };
  }
  const index = selected.candidates.findIndex((c) => c.vendorId === vendorId && c.eligible);
  const chosen = selected.candidates[index];
  if (chosen?.role === 'TARGET') {
    const eligibleWeight = selected.candidates
      .filter((c) => c.role === 'TARGET' && c.eligible)
      .reduce((sum, c) => sum + (c.weight ?? 0), 0);
    const weight = chosen.weight ?? null;
    return {
      selection: 'WEIGHTED',
      weight,
      eligibleWeight,
      share: weight !== null && eligibleWeight > 0 ? weight / eligibleWeight : null,
      fallbackPosition: null,
      candidatesConsidered: selected.candidates.filter((c) => c.role === 'TARGET').length,
    };
  }
  const fallbacks = selected.candidates.filter((c) => c.role === 'FALLBACK');
  return {
    selection: 'FALLBACK',
    ...none,
    fallbackPosition: fallbacks.findIndex((c) => c.vendorId === vendorId) + 1 || null,
    candidatesConsidered: index + 1,
  };
}
