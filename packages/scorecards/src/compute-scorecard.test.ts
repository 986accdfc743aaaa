import { describe, expect, it } from 'vitest';
import { computeScorecard, scorecardTotals } from './compute-scorecard.ts';
import { CONTRACT, FACTS, PERIOD } from './hand-built-set.fixture.ts';

const card = computeScorecard({ facts: FACTS, contract: CONTRACT, period: PERIOD });
const k = card.totals.kpis;

describe('scorecard totals on the hand-built period', () => {
  it('counts volume, rejections and escalations on assignment in the period', () => {
    // assigned 3–16 Mar: c01–c08, c10–c14 = 13 offers; c07 rejected; c09 assigned 1 Mar
    expect(k.volume.evidence).toMatchObject({ value: 13 - 1, numerator: 12, denominator: null });
    expect(k.volume.evidence.caseIds).not.toContain('c07');
    expect(k.volume.evidence.caseIds).not.toContain('c09');
    expect(k.volume.status).toBe('MET'); // 10 ≤ 12 ≤ 20
    expect(k.rejectionRate.evidence).toMatchObject({
      value: (100 * 1) / 13,
      numerator: 1,
      denominator: 13,
    });
    expect(k.rejectionRate.evidence.numeratorCaseIds).toEqual(['c07']);
    // c06 of the 12 taken on
    expect(k.escalationRate.actual).toBe((100 * 1) / 12);
    expect(k.escalationRate.status).toBe('MET'); // 8.33 ≤ 10
  });

  it('measures first-response SLA over cases due in the period, unanswered ones breached', () => {
    // due in period (c09's was 1 Mar; c07 rejected): 12 cases
    // met: c01 c03 c04 c05 c06 c10 c12 c14 = 8; breached: c02 (late) c08 (none) c11 c13 (late)
    expect(k.firstResponseSla.evidence).toMatchObject({ numerator: 8, denominator: 12 });
    expect(k.firstResponseSla.actual).toBe((100 * 8) / 12);
    expect(k.firstResponseSla.target).toBe(90);
    expect(k.firstResponseSla.difference).toBe(-23.33); // 66.67 − 90.00
    expect(k.firstResponseSla.status).toBe('MISSED');
    expect(
      k.firstResponseSla.evidence.caseIds.filter(
        (id) => !k.firstResponseSla.evidence.numeratorCaseIds!.includes(id),
      ),
    ).toEqual(['c02', 'c08', 'c11', 'c13']);
  });

  it('measures resolution SLA without escalated cases, on the due time, met at the due instant', () => {
    // due in period: c01 c02 c03 c04 c05 c08 c09 c10 c12 c14 (c06 escalated, c11 and c13 due later)
    // met: c01 c02 c04 c05 c10 c12 c14 (resolved exactly at due) = 7; breached: c03 c08 c09
    expect(k.resolutionSla.evidence).toMatchObject({ numerator: 7, denominator: 10 });
    expect(k.resolutionSla.actual).toBe(70);
    expect(k.resolutionSla.difference).toBe(70 - 80);
    expect(k.resolutionSla.status).toBe('MISSED');
  });

  it('takes median and p90 first-response time by nearest rank', () => {
    // minutes, first response in period (c09's was 1 Mar): c01 20, c02 90, c03 5, c04 30,
    // c05 45 − 15 paused = 30, c06 10, c10 50, c11 100, c12 15, c13 90, c14 20 → n = 11
    // sorted: 5 10 15 20 20 30 30 50 90 90 100
    // median rank ⌈0.5 × 11⌉ = 6 → 30 (c04); p90 rank ⌈0.9 × 11⌉ = 10 → 90 (c13)
    expect(k.firstResponseMedianMinutes.evidence).toMatchObject({
      value: 30,
      numerator: 6,
      denominator: 11,
      numeratorCaseIds: ['c04'],
    });
    expect(k.firstResponseP90Minutes.evidence).toMatchObject({
      value: 90,
      numerator: 10,
      denominator: 11,
      numeratorCaseIds: ['c13'],
    });
  });

  it('averages handle time, FCR and reopens over cases resolved in the period', () => {
    // resolved: c01 c02 c03 c04 c05 c10 c12 c14 = 8
    const handle = 600 + 900 + 1200 + 300 + 1500 + 450 + 240 + 700; // 5,890 s
    expect(k.ahtSeconds.evidence).toMatchObject({
      value: handle / 8,
      numerator: 5890,
      denominator: 8,
    });
    expect(k.ahtSeconds.actual).toBe(736.25);
    expect(k.ahtSeconds.status).toBe('MET'); // lower is better: 736.25 ≤ 900
    // FCR: c01 c04 c10 c12 c14 (c03 said FCR but was reopened) = 5 of 8
    expect(k.fcr.evidence).toMatchObject({ value: 62.5, numerator: 5, denominator: 8 });
    expect(k.fcr.difference).toBe(2.5);
    expect(k.fcr.status).toBe('MET');
    expect(k.reopenRate.evidence).toMatchObject({ value: 12.5, numerator: 1, denominator: 8 });
  });

  it('averages CSAT over answers and counts the share of 4–5', () => {
    // answers: c01 5, c02 3, c03 2, c04 4, c05 4, c10 5, c14 1 (c12 none; x01 other vendor)
    const sum = 5 + 3 + 2 + 4 + 4 + 5 + 1; // 24
    expect(k.csatAverage.evidence).toMatchObject({ value: sum / 7, numerator: 24, denominator: 7 });
    expect(k.csatAverage.difference).toBe(-0.57); // 3.43 − 4.00
    expect(k.csatAverage.status).toBe('MISSED');
    // 4–5: c01 c04 c05 c10
    expect(k.csatSatisfiedShare.evidence).toMatchObject({
      value: (100 * 4) / 7,
      numerator: 4,
      denominator: 7,
    });
    expect(k.csatSatisfiedShare.status).toBe('NO_TARGET');
  });

  it('averages QA over evaluations, overall and per evaluator kind', () => {
    // vendor: c01 90, c03 80, c05 70 (critical), c10 100, c12 92 → 432 / 5
    // internal: c01 85, c03 60 (critical), c04 95, c05 75, c10 88 → 403 / 5
    expect(k.qaAverage.evidence).toMatchObject({
      value: (432 + 403) / 10,
      numerator: 835,
      denominator: 10,
    });
    expect(k.qaAverage.difference).toBe(83.5 - 85);
    expect(k.qaAverageVendor.actual).toBe(432 / 5);
    expect(k.qaAverageInternal.actual).toBe(403 / 5);
    expect(k.qaCriticalErrorRate.evidence).toMatchObject({
      value: 20,
      numerator: 2,
      denominator: 10,
    });
    expect(k.qaCriticalErrorRateVendor.evidence.numeratorCaseIds).toEqual(['c05']);
    expect(k.qaCriticalErrorRateInternal.evidence.numeratorCaseIds).toEqual(['c03']);
  });

  it('calibrates vendor QA against internal QA and lists disagreements over 10 points', () => {
    // pairs: c01 |90−85| = 5, c03 |80−60| = 20, c05 |70−75| = 5, c10 |100−88| = 12
    expect(k.calibrationGap.evidence).toMatchObject({
      value: 42 / 4,
      numerator: 42,
      denominator: 4,
    });
    expect(k.graderAgreement.evidence).toMatchObject({ value: 50, numerator: 2, denominator: 4 });
    expect(card.totals.calibration.disagreements).toEqual([
      { caseId: 'c03', vendorScore: 80, internalScore: 60, gap: 20 },
      { caseId: 'c10', vendorScore: 100, internalScore: 88, gap: 12 },
    ]);
  });

  it('counts open cases at period end as backlog and those older than 7 days as aged', () => {
    // open on 17 Mar: c08 ACCEPTED, c09 IN_PROGRESS, c11 PENDING_USER, c13 IN_PROGRESS
    expect(k.backlog.evidence).toMatchObject({ value: 4, caseIds: ['c08', 'c09', 'c11', 'c13'] });
    // c09 was created 1 Mar 08:00: 15 days 16 h old; c08 (11 Mar) is under 7 days
    expect(k.agedBacklog.evidence).toMatchObject({ value: 1, caseIds: ['c09'] });
  });

  it('gives a trend against the previous period and NO_DATA where nothing was measured', () => {
    const next = computeScorecard({
      facts: FACTS,
      contract: CONTRACT,
      period: PERIOD,
      previous: { firstResponseSla: 70, fcr: 62.5, volume: 10, csatAverage: null },
    }).totals.kpis;
    expect(next.firstResponseSla.trend).toBe('DOWN');
    expect(next.fcr.trend).toBe('FLAT');
    expect(next.volume.trend).toBe('UP');
    expect(next.csatAverage.trend).toBeNull();
    expect(k.volume.trend).toBeNull();

    const empty = computeScorecard({ facts: [], contract: CONTRACT, period: PERIOD }).totals.kpis;
    expect(empty.firstResponseSla.status).toBe('NO_DATA');
    expect(empty.volume.status).toBe('MISSED'); // 0 < min 10
    expect(scorecardTotals(card.totals).fcr).toBe(62.5);
  });
});

describe('grouped scorecards', () => {
  it('splits by ISO week, each week measured on its own dates', () => {
    const weekly = computeScorecard({
      facts: FACTS,
      contract: CONTRACT,
      period: PERIOD,
      groupBy: ['WEEK'],
    });
    expect(weekly.rows.map((r) => r.key)).toEqual(['WEEK=2025-W10', 'WEEK=2025-W11']);
    const [w10, w11] = weekly.rows;
    // W10 assignments: c01 c02 c03 c04 c05 c14; W11: c06 c08 c10 c11 c12 c13
    expect(w10!.kpis.volume.actual).toBe(6);
    expect(w11!.kpis.volume.actual).toBe(6);
    // FR met in W10: c01 c03 c04 c05 c14 of 6; W11: c06 c10 c12 of 6
    expect(w10!.kpis.firstResponseSla.evidence).toMatchObject({ numerator: 5, denominator: 6 });
    expect(w11!.kpis.firstResponseSla.evidence).toMatchObject({ numerator: 3, denominator: 6 });
    // backlog at the end of W10 (10 Mar 00:00) uses the statuses the facts carry (as of the
    // scorecard's end): of the cases assigned by then only c09 is still open
    expect(w10!.period.end.toISOString()).toBe('2025-03-10T00:00:00.000Z');
    expect(w10!.kpis.backlog.evidence.caseIds).toEqual(['c09']);
  });

  it('applies the most specific target to each scope', () => {
    const byScope = computeScorecard({
      facts: FACTS,
      contract: CONTRACT,
      period: PERIOD,
      groupBy: ['SCOPE'],
    });
    const appeals = byScope.rows.find((r) => r.group.scope === 'APPEALS')!.kpis.resolutionSla;
    const access = byScope.rows.find((r) => r.group.scope === 'ACCOUNT_ACCESS')!.kpis.resolutionSla;
    // APPEALS: c05 and c14 met, c06 escalated, c11 due later → 2 / 2 against the APPEALS target 60
    expect(appeals).toMatchObject({ actual: 100, target: 60, difference: 40, status: 'MET' });
    // ACCOUNT_ACCESS: met c01 c02 c04 c10 c12 of c01 c02 c03 c04 c08 c09 c10 c12 → 5 / 8 vs 80
    expect(access).toMatchObject({ actual: 62.5, target: 80, difference: -17.5, status: 'MISSED' });
    // volume bounds are a contract-wide term: not judged per scope
    expect(byScope.rows[0]!.kpis.volume.status).toBe('NO_TARGET');
  });

  it('combines dimensions', () => {
    const rows = computeScorecard({
      facts: FACTS,
      contract: CONTRACT,
      period: PERIOD,
      groupBy: ['SCOPE', 'REGION'],
    }).rows.map((r) => [r.key, r.kpis.volume.actual]);
    expect(rows).toEqual([
      ['SCOPE=ACCOUNT_ACCESS|REGION=IN', 5], // c01 c02 c08 c12 c13 (c09 before the period)
      ['SCOPE=ACCOUNT_ACCESS|REGION=MY', 3], // c03 c04 c10
      ['SCOPE=APPEALS|REGION=IN', 3], // c05 c06 c14
      ['SCOPE=APPEALS|REGION=MY', 1], // c11 (c07 rejected)
    ]);
  });
});
