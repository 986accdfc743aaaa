// Who writes in and when: arrivals with weekday and hour seasonality, each case's routing
// attributes and the user behind it. Nothing here knows where a case will go.
import { createHash } from 'node:crypto';
import { demoId, type Prisma } from '@bvg/db';
import type { CaseAttributes } from '@bvg/routing';
import {
  FIRST_NAMES,
  HOURLY_INTAKE,
  INTAKE_UTC_OFFSET,
  LAST_NAMES,
  REGIONS,
  SCOPES,
  type ScopeDef,
  SOURCE_BY_CHANNEL,
} from '../catalog.ts';
import type { DemoPeriod } from '../period.ts';
import { Rng } from '../prng.ts';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const roundSecond = (t: number) => Math.round(t / SECOND) * SECOND;

const CHANNEL_PREFIX: Record<string, string> = {
  IN_APP: 'FB',
  WEBFORM: 'WF',
  EMAIL: 'EM',
  APPEAL: 'AP',
  INTERNAL_FORM: 'IF',
};

/** A case as intake receives it, with the random stream that tells the rest of its story. */
export interface Arrival {
  index: number;
  caseId: string;
  at: number;
  attrs: CaseAttributes;
  scope: ScopeDef;
  source: string;
  externalRef: string;
  subjectRef: string;
  subject: Omit<Prisma.CaseSubjectCreateManyInput, 'caseId' | 'vendorId'>;
  rng: Rng;
}

/** Arrival instants of the period, with the market each comes from, in time order. */
function arrivalTimes(
  rng: Rng,
  period: DemoPeriod,
  casesPerDay: number,
): { at: number; region: string }[] {
  const days = Math.round((period.end.getTime() - period.start.getTime()) / DAY);
  const markets = REGIONS.filter((r) => r.intakeShare > 0).map(
    (r) => [r.code, r.intakeShare] as const,
  );
  const hours = HOURLY_INTAKE.map((w, h) => [h, w] as const);
  const out: { at: number; region: string }[] = [];
  for (let d = 0; d < days; d++) {
    const dayStart = period.start.getTime() + d * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    // Weekends are quieter; the factors average 1 over a week.
    const factor = weekday === 0 || weekday === 6 ? 0.8 : 1.08;
    const count = Math.round(casesPerDay * factor * rng.between(0.88, 1.12));
    for (let i = 0; i < count; i++) {
      const region = rng.weighted(markets);
      const localMinute = rng.weighted(hours) * 60 + rng.int(0, 59);
      const utcMinute = (((localMinute - (INTAKE_UTC_OFFSET[region] ?? 0)) % 1440) + 1440) % 1440;
      out.push({ at: dayStart + utcMinute * MINUTE + rng.int(0, 59) * SECOND, region });
    }
  }
  out.sort((a, b) => a.at - b.at);
  return out;
}

/** Every case of the period, in arrival order. */
export function drawArrivals(seed: number, period: DemoPeriod, casesPerDay: number): Arrival[] {
  const times = arrivalTimes(Rng.for(seed, 'arrivals'), period, casesPerDay);
  const usersPerRegion = Math.max(50, Math.round((times.length / REGIONS.length) * 0.8));
  return times.map(({ at, region }, index) => {
    const rng = Rng.for(seed, `case:${index}`);
    const regionDef = REGIONS.find((r) => r.code === region);
    if (regionDef === undefined) throw new Error(`unknown region ${region}`);
    const scope = rng.weighted(SCOPES.map((s) => [s, s.intakeShare] as const));
    const attrs: CaseAttributes = {
      region,
      scope: scope.code,
      channel: rng.weighted(scope.channels),
      language: rng.weighted(regionDef.languages),
      priority: rng.weighted(scope.priorities),
      tier: scope.sensitivity === 'RESTRICTED' ? 'T2' : 'T1',
    };
    const t0 = roundSecond(at);
    const day = new Date(t0).toISOString().slice(0, 10).replaceAll('-', '');
    const externalRef = `${CHANNEL_PREFIX[attrs.channel]}-${day}-${String(index + 1).padStart(5, '0')}`;
    const source = SOURCE_BY_CHANNEL[attrs.channel];
    const userNo = rng.int(1, usersPerRegion);
    const phoneDigits = String(rng.int(10_000_000, 99_999_999));
    const withPhone = rng.chance(0.4);
    const withAttachment = rng.chance(0.15);
    const description = rng.pick(scope.descriptions);
    const minorSafetyDetail =
      scope.sensitivity === 'RESTRICTED'
        ? {
            reportedBy: rng.pick(['in-app report', 'trusted flagger', 'parent or guardian']),
            minorAgeBand: rng.pick(['under 13', '13-15', '16-17']),
            contentType: rng.pick(['direct message', 'video', 'live stream', 'comment']),
            imminentRisk: rng.chance(0.15),
          }
        : undefined;
    const regionIndex = REGIONS.indexOf(regionDef);
    const firstNames = FIRST_NAMES[region] ?? ['Alex'];
    const lastNames = LAST_NAMES[region] ?? ['Doe'];
    const userId = (regionIndex + 1) * 100_000 + userNo;
    return {
      index,
      caseId: demoId(`case:${seed}:${externalRef}`),
      at: t0,
      attrs,
      scope,
      source,
      externalRef,
      subjectRef: `usr_${createHash('sha1').update(`${seed}:${region}:${userNo}`).digest('hex').slice(0, 20)}`,
      subject: {
        displayName: `${firstNames[(userNo * 7) % firstNames.length]} ${lastNames[(userNo * 13) % lastNames.length]}`,
        email: `user${userId}@example.test`,
        phone: withPhone ? `+${region === 'US' ? '1' : '00'} 555 ${phoneDigits}` : null,
        description,
        minorSafetyDetail,
        attachments: withAttachment
          ? [{ name: 'screenshot-1.png', contentType: 'image/png', sizeBytes: 180_000 + userNo }]
          : [],
      },
      rng,
    };
  });
}
