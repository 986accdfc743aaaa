import { describe, expect, it } from 'vitest';
import { computeScorecard } from './compute-scorecard.ts';
import { serviceCreditsToCsv } from './csv.ts';
import { at, CONTRACT, FACTS, fact, PERIOD } from './hand-built-set.fixture.ts';
import type { ContractTerms, ServiceCreditTerms } from './types.ts';

const withCredits = (serviceCredits: ServiceCreditTerms): ContractTerms => ({
  ...CONTRACT,
  serviceCredits,
});

describe('per-point credits, capped', () => {
  it("reproduces the contract's worked example to the cent", () => {
    // 125 cases, 114 answered on time: 91.2 %; fees 125 × 960.00 = 120,000.00
    const facts = Array.from({ length: 125 }, (_, i) =>
      fact(`b${i}`, at(4, 9), { firstResponseAt: at(4, 9, i < 114 ? 30 : 90) }),
    );
    const credits = computeScorecard({
      facts,
      period: PERIOD,
      contract: {
        vendorId: CONTRACT.vendorId,
        targets: [{ kpi: 'firstResponseSla', target: 95 }],
        pricePerCaseCents: 96_000,
        serviceCredits: {
          shape: 'PER_STEP',
          lines: [
            {
              kpi: 'firstResponseSla',
              unit: 'PERCENTAGE_POINTS',
              stepSize: 1,
              rateBpsPerStep: 100,
              capBps: 1_000,
            },
          ],
          capBps: 1_000,
        },
      },
    }).serviceCredits!;
    // "1 % of fees per full point below target": 3.80 points short is 3 full points,
    // 12,000,000 cents × 1 % × 3 = 360,000 cents
    expect(credits.lines[0]).toMatchObject({
      unit: 'PERCENTAGE_POINTS',
      shortfall: 3.8,
      steps: 3,
      amountCents: 12_000_000 * 0.01 * 3,
    });
    expect(credits.lines[0]!.explanation).toBe(
      'SLA first response 91.20% vs target 95.00%: 3.80 points short = 3 full steps of 1.00 points × 1.00% × fees 120,000.00 = 3,600.00',
    );
    expect(credits).toMatchObject({ totalCents: 360_000, capped: false, capCents: 1_200_000 });
  });

  it('weights lines and shares the cap pro rata in whole cents', () => {
    const card = computeScorecard({
      facts: FACTS,
      period: PERIOD,
      contract: withCredits({
        shape: 'PER_STEP',
        lines: [
          {
            kpi: 'firstResponseSla',
            unit: 'PERCENTAGE_POINTS',
            stepSize: 0.01,
            rateBpsPerStep: 1,
            capBps: 10_000,
          },
          {
            kpi: 'resolutionSla',
            unit: 'PERCENTAGE_POINTS',
            stepSize: 0.01,
            rateBpsPerStep: 0.5,
            capBps: 10_000,
          },
          {
            kpi: 'qaAverage',
            unit: 'SCORE_POINTS',
            stepSize: 0.01,
            rateBpsPerStep: 1,
            capBps: 10_000,
            weightPercent: 50,
          },
          {
            kpi: 'fcr',
            unit: 'PERCENTAGE_POINTS',
            stepSize: 0.01,
            rateBpsPerStep: 1,
            capBps: 10_000,
          }, // met: no credit
        ],
        capBps: 1_000,
      }),
    });
    const credits = card.serviceCredits!;
    const fees = 12 * 100_000; // volume 12 × 1,000.00 = 1,200,000 cents
    expect(credits.feesCents).toBe(fees);
    const [fr, res, qa, fcr] = credits.lines;
    // first response 66.67 % vs 90: 23.33 points × 1 % of fees
    expect(fr!.amountCents).toBe(Math.round(fees * 0.01 * 23.33)); // 279,960
    // resolution 70 % vs 80: 10 points × 0.5 %
    expect(res!.amountCents).toBe(fees * 0.005 * 10); // 60,000
    // QA 83.5 vs 85: 1.5 points × 1 % × weight 50 %
    expect(qa!.amountCents).toBe(fees * 0.01 * 1.5 * 0.5); // 9,000
    expect(fcr!.amountCents).toBe(0);
    expect(fcr!.explanation).toBe(
      'First contact resolution 62.50% vs target 60.00%: target met, no credit',
    );
    // steps of a hundredth of a point at 1 bps each price the shortfall exactly
    expect(qa!.explanation).toContain(
      '1.50 score points short = 150 full steps of 0.01 score points × 0.01% × fees 12,000.00 × weight 50% = 90.00',
    );
    // 348,960 > cap 10 % of fees = 120,000: shares 96,272.3 / 20,632.7 / 3,094.9, floors sum to
    // 119,998 and the 2 leftover cents go to the largest remainders (QA .91, resolution .74)
    expect(credits).toMatchObject({
      subtotalCents: 348_960,
      capCents: 120_000,
      capped: true,
      totalCents: 120_000,
    });
    expect(credits.lines.map((l) => l.chargedCents)).toEqual([96_272, 20_633, 3_095, 0]);
    expect(fr!.explanation).toBe(
      "SLA first response 66.67% vs target 90.00%: 23.33 points short = 2333 full steps of 0.01 points × 0.01% × fees 12,000.00 = 2,799.60; capped at 10.00% of fees, this line's share 962.72",
    );
    expect(credits.explanation).toBe(
      'Credits 3,489.60; capped at 10.00% of fees 12,000.00 = 1,200.00; total 1,200.00',
    );
  });
});

describe('tiered credits', () => {
  const tiers = [
    { threshold: 95, creditBps: 0 },
    { threshold: 90, creditBps: 200 },
    { threshold: 85, creditBps: 500 },
    { threshold: 0, creditBps: 1_000 },
  ];

  it('picks the tier the actual falls in, weights it, and caps the total', () => {
    const credits = computeScorecard({
      facts: FACTS,
      period: PERIOD,
      contract: withCredits({
        shape: 'TIERED',
        lines: [
          { kpi: 'firstResponseSla', unit: 'PERCENTAGE_POINTS', tiers },
          { kpi: 'resolutionSla', unit: 'PERCENTAGE_POINTS', tiers, weightPercent: 50 },
        ],
        capBps: 1_000,
      }),
    }).serviceCredits!;
    // 66.67 % and 70 % both fall below 85 → 10 % of 1,200,000; resolution at half weight
    expect(credits.lines.map((l) => l.amountCents)).toEqual([120_000, 60_000]);
    expect(credits.lines[0]!.explanation).toBe(
      "SLA first response 66.67% falls in tier ≥ 0.00%: 10.00% × fees 12,000.00 = 1,200.00; capped at 10.00% of fees, this line's share 800.00",
    );
    // cap 120,000 shared 2 : 1
    expect(credits.lines.map((l) => l.chargedCents)).toEqual([80_000, 40_000]);
    expect(credits.totalCents).toBe(120_000);
  });

  it('charges nothing in the top tier and the boundary belongs to the better tier', () => {
    // 18 of 20 on time = 90.00 % exactly → the 90–95 tier (2 %), not 85–90
    const facts = Array.from({ length: 20 }, (_, i) =>
      fact(`t${i}`, at(4, 9), { firstResponseAt: at(4, 9, i < 18 ? 10 : 61) }),
    );
    const credits = computeScorecard({
      facts,
      period: PERIOD,
      contract: withCredits({
        shape: 'TIERED',
        lines: [{ kpi: 'firstResponseSla', unit: 'PERCENTAGE_POINTS', tiers }],
        capBps: 1_000,
      }),
    }).serviceCredits!;
    expect(credits.lines[0]!.appliedBps).toBe(200);
    expect(credits.totalCents).toBe(20 * 100_000 * 0.02); // 40,000
  });
});

describe('earn-back', () => {
  // The next period: 17–31 March. Both first responses on time (100 %), one of two resolutions
  // on time (50 %), QA 90.
  const NEXT = { start: PERIOD.end, end: new Date('2025-03-31T00:00:00Z') };
  const nextFacts = [
    fact('n1', at(18, 9), {
      firstResponseAt: at(18, 9, 10),
      resolvedAt: at(18, 12),
      qa: [{ score: 90, criticalError: false, evaluatorKind: 'INTERNAL' }],
    }),
    fact('n2', at(19, 9), { firstResponseAt: at(19, 9, 10), resolvedAt: at(21, 9) }),
  ];
  const terms: ServiceCreditTerms = {
    shape: 'PER_STEP',
    lines: [
      {
        kpi: 'firstResponseSla',
        unit: 'PERCENTAGE_POINTS',
        stepSize: 0.01,
        rateBpsPerStep: 1,
        capBps: 10_000,
      },
      {
        kpi: 'resolutionSla',
        unit: 'PERCENTAGE_POINTS',
        stepSize: 0.01,
        rateBpsPerStep: 0.5,
        capBps: 10_000,
      },
      {
        kpi: 'qaAverage',
        unit: 'SCORE_POINTS',
        stepSize: 0.01,
        rateBpsPerStep: 1,
        capBps: 10_000,
        weightPercent: 50,
      },
    ],
    capBps: 1_000,
    earnBack: { sharePercent: 50, marginPoints: 2 },
  };

  it("returns a share of last period's charged credit for each KPI that now beats target + margin", () => {
    const previous = computeScorecard({
      facts: FACTS,
      period: PERIOD,
      contract: withCredits(terms),
    });
    const prev = previous.serviceCredits!; // charged 96,272 / 20,633 / 3,095 (see above)
    const next = computeScorecard({
      facts: nextFacts,
      period: NEXT,
      contract: withCredits(terms),
      previousCredits: prev,
    }).serviceCredits!;
    // first response 100 ≥ 90 + 2 → 50 % of 96,272 = 48,136; QA 90 ≥ 85 + 2 → 50 % of 3,095 =
    // 1,547.5 → 1,548 (half up); resolution 50 < 80 + 2 → nothing
    expect(next.earnBack.map((e) => [e.kpi, e.returnedCents])).toEqual([
      ['firstResponseSla', 48_136],
      ['resolutionSla', 0],
      ['qaAverage', 1_548],
    ]);
    expect(next.earnBack[0]!.explanation).toBe(
      "Earn-back: SLA first response 100.00% meets target 90.00% + margin 2.00: 50% of last period's 962.72 = 481.36 returned",
    );
    expect(next.earnBack[1]!.explanation).toBe(
      "No earn-back: SLA resolution 50.00% does not meet target 80.00% + margin 2.00; last period's 206.33 stands",
    );
    // this period: resolution 30 points short × 0.5 % × fees 2 × 1,000.00 = 300.00, capped at
    // 10 % of 2,000.00 = 200.00
    expect(next.subtotalCents).toBe(2 * 100_000 * 0.005 * 30);
    expect(next.totalCents).toBe(2 * 100_000 * 0.1);
    expect(next.earnBackCents).toBe(48_136 + 1_548);
    expect(next.netCents).toBe(20_000 - 49_684); // money back to the vendor
    const csv = serviceCreditsToCsv(next);
    expect(csv.split('\r\n')[0]).toBe('line,kpi,amount,charged,explanation');
    expect(csv).toContain('EARN_BACK,firstResponseSla,-481.36,-481.36,');
  });

  it('needs only the target when there is no margin, and nothing without previous credits', () => {
    const noMargin = { ...terms, earnBack: { sharePercent: 100 } };
    const previous = computeScorecard({
      facts: FACTS,
      period: PERIOD,
      contract: withCredits(noMargin),
    });
    const next = computeScorecard({
      facts: nextFacts,
      period: NEXT,
      contract: withCredits(noMargin),
      previousCredits: previous.serviceCredits!,
    }).serviceCredits!;
    expect(next.earnBack.find((e) => e.kpi === 'qaAverage')!.returnedCents).toBe(3_095);
    const alone = computeScorecard({
      facts: nextFacts,
      period: NEXT,
      contract: withCredits(noMargin),
    });
    expect(alone.serviceCredits!.earnBack).toEqual([]);
  });
});

describe('credits counted in the KPI’s own unit', () => {
  // 100 resolved cases handled in 118,161 s in all: AHT 1,181.61 s, published (and compared)
  // in whole seconds as 1,182 s, against a 900 s target;
  // 91 of them answered within the hour: first-response SLA 91.00 % against 95 %.
  // Fees 100 × 7.49 = 749.00.
  const facts = Array.from({ length: 100 }, (_, i) =>
    fact(`a${i}`, at(4, 9), {
      firstResponseAt: at(4, 9, i < 91 ? 30 : 90),
      resolvedAt: at(4, 12),
      handleSeconds: i < 61 ? 1_182 : 1_181,
    }),
  );
  const contract = (serviceCredits: ServiceCreditTerms): ContractTerms => ({
    vendorId: CONTRACT.vendorId,
    targets: [
      { kpi: 'firstResponseSla', target: 95 },
      { kpi: 'ahtSeconds', target: 900 },
    ],
    pricePerCaseCents: 749,
    serviceCredits,
  });

  it('prices an AHT shortfall per full step of seconds, not as percentage points', () => {
    const credits = computeScorecard({
      facts,
      period: PERIOD,
      contract: contract({
        shape: 'PER_STEP',
        lines: [
          {
            kpi: 'firstResponseSla',
            unit: 'PERCENTAGE_POINTS',
            stepSize: 1,
            rateBpsPerStep: 100,
            capBps: 1_000,
            weightPercent: 25,
          },
          // "1 % of fees per full 10 s over the AHT target", weight 5 %
          {
            kpi: 'ahtSeconds',
            unit: 'SECONDS',
            stepSize: 10,
            rateBpsPerStep: 100,
            capBps: 1_000,
            weightPercent: 5,
          },
        ],
        capBps: 1_000,
      }),
    }).serviceCredits!;
    const [sla, aht] = credits.lines;
    // 4 points × 1 % × 74,900 cents × 25 % = 749 cents
    expect(sla).toMatchObject({ steps: 4, amountCents: 749 });
    // 282 s over = 28 full steps of 10 s: 28 × 1 % × 74,900 × 5 % = 1,048.6 → 1,049 cents.
    // Read as 282 percentage points it came to 282 × 1 % × 74,900 × 5 % = 105.61, more than
    // four times the SLA line.
    expect(aht).toMatchObject({ unit: 'SECONDS', shortfall: 282, steps: 28, amountCents: 1_049 });
    expect(aht!.amountCents).not.toBe(Math.round(282 * 0.01 * 74_900 * 0.05)); // 10,561
    expect(aht!.explanation).toBe(
      'Average handle time 1182.00 vs target 900.00: 282.00 s short = 28 full steps of 10.00 s × 1.00% × fees 749.00 × weight 5% = 10.49',
    );
    expect(credits.totalCents).toBe(749 + 1_049);
  });

  it('charges nothing below one full step and holds each line to its own cap', () => {
    const step = (stepSize: number, capBps: number): ServiceCreditTerms => ({
      shape: 'PER_STEP',
      lines: [{ kpi: 'ahtSeconds', unit: 'SECONDS', stepSize, rateBpsPerStep: 100, capBps }],
      capBps: 10_000,
    });
    // a 300 s step: 282 s over is not one full step
    const none = computeScorecard({ facts, period: PERIOD, contract: contract(step(300, 500)) });
    expect(none.serviceCredits!.lines[0]).toMatchObject({ steps: 0, amountCents: 0 });
    expect(none.serviceCredits!.lines[0]!.explanation).toContain(
      'less than one full step of 300.00 s, no credit',
    );
    // 28 steps × 1 % = 28 % of fees, this line capped at 5 % = 3,745 cents
    const capped = computeScorecard({ facts, period: PERIOD, contract: contract(step(10, 500)) });
    expect(capped.serviceCredits!.lines[0]).toMatchObject({ steps: 28, amountCents: 3_745 });
    expect(capped.serviceCredits!.lines[0]!.explanation).toContain(
      '= 209.72, line capped at 5.00% of fees = 37.45',
    );
  });
});
