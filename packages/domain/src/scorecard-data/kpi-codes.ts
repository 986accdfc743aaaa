import type { KpiKey } from '@bvg/scorecards';
import { KPI_DEFINITIONS } from '@bvg/scorecards';

/**
 * Contracts name KPIs in SCREAMING_SNAKE (`SLA_FIRST_RESPONSE`); the scorecard core uses
 * `KpiKey`. Both spellings are accepted so contracts written either way work.
 */
export const CONTRACT_KPI_CODES: Readonly<Record<string, KpiKey>> = {
  VOLUME: 'volume',
  SLA_FIRST_RESPONSE: 'firstResponseSla',
  SLA_RESOLUTION: 'resolutionSla',
  FRT_MEDIAN_MINUTES: 'firstResponseMedianMinutes',
  FRT_P90_MINUTES: 'firstResponseP90Minutes',
  AHT_SECONDS: 'ahtSeconds',
  FCR_RATE: 'fcr',
  CSAT_AVERAGE: 'csatAverage',
  CSAT_SATISFIED_SHARE: 'csatSatisfiedShare',
  QA_SCORE: 'qaAverage',
  QA_CRITICAL_ERROR_RATE: 'qaCriticalErrorRate',
  CALIBRATION_GAP: 'calibrationGap',
  GRADER_AGREEMENT: 'graderAgreement',
  BACKLOG: 'backlog',
  AGED_BACKLOG: 'agedBacklog',
  ESCALATION_RATE: 'escalationRate',
  REOPEN_RATE: 'reopenRate',
  REJECTION_RATE: 'rejectionRate',
};

const KEYS = new Set<string>(KPI_DEFINITIONS.map((d) => d.key));

/** The core's key for a contract's KPI code, or null when the code is unknown. */
export function kpiKeyOf(code: string): KpiKey | null {
  if (KEYS.has(code)) return code as KpiKey;
  return CONTRACT_KPI_CODES[code.toUpperCase()] ?? null;
}
