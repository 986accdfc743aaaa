import type { TenantTx } from '@bvg/db';
import {
  type CalibrationDisagreement,
  calibration,
  DEFAULT_CALIBRATION_THRESHOLD,
  type Figure,
  type Period,
} from '@bvg/scorecards';
import { loadCaseFacts, validatePeriod } from '../scorecard-data/index.ts';
import { DomainError } from '../shared/domain-error.ts';

export interface QaCalibration {
  vendorId: string;
  period: Period;
  threshold: number;
  /** Cases resolved in the period scored by both the vendor's QA and internal QA. */
  calibratedCases: number;
  /** Mean |vendor − internal| in QA points. */
  gap: Figure;
  /** Share of calibrated cases within the threshold. */
  agreement: Figure;
  /** Cases further apart than the threshold, largest gap first: the review list. */
  disagreements: CalibrationDisagreement[];
}

/** Grader agreement between a vendor's QA and internal QA, with the cases to review. */
export async function listQaCalibration(
  tx: TenantTx,
  input: { vendorId: string; period: Period; threshold?: number },
): Promise<QaCalibration> {
  validatePeriod(input.period);
  const threshold = input.threshold ?? DEFAULT_CALIBRATION_THRESHOLD;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100) {
    throw new DomainError('VALIDATION', 'The threshold is not valid', {
      problems: [{ path: 'threshold', message: 'must be between 0 and 100 points' }],
    });
  }
  const vendor = await tx.vendor.findUnique({
    where: { id: input.vendorId },
    select: { id: true },
  });
  if (!vendor) throw new DomainError('NOT_FOUND', 'Vendor not found');
  const facts = await loadCaseFacts(tx, { vendorId: input.vendorId, period: input.period });
  const c = calibration(facts, input.period, threshold);
  return {
    vendorId: input.vendorId,
    period: input.period,
    threshold,
    calibratedCases: c.gap.denominator ?? 0,
    gap: c.gap,
    agreement: c.agreement,
    disagreements: c.disagreements,
  };
}
