// A small period worked out by hand in the tests. Period: Mon 3 March – Mon 17 March 2025
// (ISO weeks 2025-W10 and 2025-W11), vendor v-acme.
import type { CaseFact, ContractTerms, Period } from './types.ts';

export const VENDOR = 'v-acme';
export const PERIOD: Period = {
  start: new Date('2025-03-03T00:00:00Z'),
  end: new Date('2025-03-17T00:00:00Z'),
};

/** 2025-03-<day> at hh:mm UTC. */
export const at = (day: number, hh: number, mm = 0): Date =>
  new Date(Date.UTC(2025, 2, day, hh, mm));
export const minutes = (n: number) => n * 60_000;

export function fact(
  caseId: string,
  assignedAt: Date,
  overrides: Partial<CaseFact> = {},
): CaseFact {
  return {
    caseId,
    vendorId: VENDOR,
    scope: 'ACCOUNT_ACCESS',
    region: 'IN',
    priority: 'P2',
    createdAt: assignedAt,
    assignedAt,
    firstResponseDueAt: new Date(assignedAt.getTime() + minutes(60)),
    resolutionDueAt: new Date(assignedAt.getTime() + minutes(24 * 60)),
    pausedMs: 0,
    escalated: false,
    reopened: false,
    rejectedByVendor: false,
    status: 'CLOSED',
    qa: [],
    ...overrides,
  };
}

const V = (score: number, criticalError = false) => ({
  score,
  criticalError,
  evaluatorKind: 'VENDOR' as const,
});
const I = (score: number, criticalError = false) => ({
  score,
  criticalError,
  evaluatorKind: 'INTERNAL' as const,
});

// Defaults: first response due 60 min after assignment, resolution due 24 h after.
export const FACTS: CaseFact[] = [
  // FRT 20, FR met, resolved same day (met), FCR, CSAT 5, calibrated: |90 − 85| = 5
  fact('c01', at(3, 9), {
    firstResponseAt: at(3, 9, 20),
    resolvedAt: at(3, 15),
    handleSeconds: 600,
    firstContactResolution: true,
    csat: 5,
    qa: [V(90), I(85)],
  }),
  // FRT 90, FR breached (due 11:00), resolution met (due 4 Mar 10:00), not FCR, CSAT 3
  fact('c02', at(3, 10), {
    firstResponseAt: at(3, 11, 30),
    resolvedAt: at(4, 8),
    handleSeconds: 900,
    firstContactResolution: false,
    csat: 3,
  }),
  // FRT 5, resolution breached (due 5 Mar 09:00, resolved 12:00), reopened → not FCR, CSAT 2,
  // calibrated: |80 − 60| = 20 > 10 → disagreement; the internal review found a critical error
  fact('c03', at(4, 9), {
    region: 'MY',
    firstResponseAt: at(4, 9, 5),
    resolvedAt: at(5, 12),
    handleSeconds: 1200,
    firstContactResolution: true,
    reopened: true,
    csat: 2,
    status: 'RESOLVED',
    qa: [V(80), I(60, true)],
  }),
  // FRT 30, resolution met, FCR, CSAT 4, internal QA only
  fact('c04', at(5, 14), {
    region: 'MY',
    firstResponseAt: at(5, 14, 30),
    resolvedAt: at(5, 16),
    handleSeconds: 300,
    firstContactResolution: true,
    csat: 4,
    qa: [I(95)],
  }),
  // 15 min PENDING_USER before the first response: FRT 45 − 15 = 30; due pushed to 10:15.
  // Calibrated: |70 − 75| = 5; the vendor's own QA flagged a critical error
  fact('c05', at(6, 9), {
    scope: 'APPEALS',
    firstResponseAt: at(6, 9, 45),
    firstResponseDueAt: at(6, 10, 15),
    pausedBeforeFirstResponseMs: minutes(15),
    pausedMs: minutes(180),
    resolvedAt: at(7, 9),
    resolutionDueAt: at(7, 9, 15),
    handleSeconds: 1500,
    firstContactResolution: false,
    csat: 4,
    qa: [V(70, true), I(75)],
  }),
  // Escalated to Tier 2: FRT 10 (met), no resolution by the vendor → out of resolution SLA
  fact('c06', at(10, 9), {
    scope: 'APPEALS',
    firstResponseAt: at(10, 9, 10),
    escalated: true,
    status: 'ESCALATED',
  }),
  // Rejected by the vendor: only in the rejection rate
  fact('c07', at(10, 10), {
    scope: 'APPEALS',
    region: 'MY',
    rejectedByVendor: true,
    status: 'REJECTED',
  }),
  // No response at all: FR breached (due 11 Mar 10:00) and resolution breached (due 12 Mar 09:00); open
  fact('c08', at(11, 9), { status: 'ACCEPTED' }),
  // Assigned 1 March (before the period): not in volume, its FR (due 1 Mar) not in the period,
  // but resolution due 3 Mar 09:00 is, and it is still open → breached; aged backlog (> 7 days)
  fact('c09', at(1, 9), {
    createdAt: at(1, 8),
    firstResponseAt: at(1, 9, 30),
    resolutionDueAt: at(3, 9),
    status: 'IN_PROGRESS',
  }),
  // FRT 50 (met), resolved in 2 h, FCR, CSAT 5, calibrated: |100 − 88| = 12 > 10 → disagreement
  fact('c10', at(12, 9), {
    region: 'MY',
    firstResponseAt: at(12, 9, 50),
    resolvedAt: at(12, 11),
    handleSeconds: 450,
    firstContactResolution: true,
    csat: 5,
    qa: [V(100), I(88)],
  }),
  // FRT 100 (breached), waiting on the user at period end; resolution due after the period
  fact('c11', at(13, 9), {
    scope: 'APPEALS',
    region: 'MY',
    firstResponseAt: at(13, 10, 40),
    resolutionDueAt: at(18, 9),
    status: 'PENDING_USER',
  }),
  // FRT 15, resolved within the hour, FCR, no survey answer, vendor QA only
  fact('c12', at(14, 9), {
    firstResponseAt: at(14, 9, 15),
    resolvedAt: at(14, 10),
    handleSeconds: 240,
    firstContactResolution: true,
    qa: [V(92)],
  }),
  // P1 late on Sunday: FRT 90 (breached, due 23:00); resolution due 17 Mar 22:00 (after period)
  fact('c13', at(16, 22), {
    priority: 'P1',
    firstResponseAt: at(16, 23, 30),
    status: 'IN_PROGRESS',
  }),
  // FRT 20, resolved exactly at its due time (8 Mar 09:00) → met; FCR; CSAT 1
  fact('c14', at(7, 9), {
    scope: 'APPEALS',
    firstResponseAt: at(7, 9, 20),
    resolvedAt: at(8, 9),
    handleSeconds: 700,
    firstContactResolution: true,
    csat: 1,
  }),
  // Another vendor's case: never part of v-acme's scorecard
  fact('x01', at(5, 9), { vendorId: 'v-other', firstResponseAt: at(5, 12), csat: 1 }),
];

export const CONTRACT: ContractTerms = {
  vendorId: VENDOR,
  targets: [
    { kpi: 'firstResponseSla', target: 90 },
    { kpi: 'resolutionSla', target: 80 },
    { kpi: 'resolutionSla', target: 60, scope: 'APPEALS' },
    { kpi: 'fcr', target: 60 },
    { kpi: 'csatAverage', target: 4 },
    { kpi: 'qaAverage', target: 85 },
    { kpi: 'ahtSeconds', target: 900 },
    { kpi: 'escalationRate', target: 10 },
  ],
  volumeBounds: { min: 10, max: 20 },
  pricePerCaseCents: 100_000, // 1,000.00 per case
};
