import { describe, expect, it } from 'vitest';
import { submitCaseSchema } from '../intake/index.ts';
import { planSyntheticCases, SYNTHETIC_CASE_SOURCE } from './synthetic-cases.ts';

/** A small deterministic generator (mulberry32), so picks are reproducible. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let n = 0;
const token = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

const certified = [
  { region: 'IN', scope: 'ACCOUNT_ACCESS', language: 'hi' },
  { region: 'IN', scope: 'ACCOUNT_ACCESS', language: 'en' },
  { region: 'MY', scope: 'GENERAL', language: 'ms' },
];

describe('planSyntheticCases', () => {
  const plan = (request = {}, count = 40) =>
    planSyntheticCases({
      count,
      request,
      certified,
      fallback: { region: 'SG', scope: 'GENERAL' },
      random: seeded(7),
      token,
    });

  it('gives every subject obviously fake, undeliverable contact data', () => {
    for (const c of plan()) {
      expect(c.subject.email).toMatch(/^sandbox\.user\.[0-9a-f]{8}@example\.invalid$/);
      expect(c.subject.phone).toMatch(/^\+1 202 555 01\d\d$/);
      expect(c.subject.displayName).toMatch(/^Sandbox User /);
      expect(c.subject.description).toContain('not a real user');
      expect(c.subjectRef).toMatch(/^sandbox-subject-/);
    }
  });

  it('names each case uniquely', () => {
    const refs = plan().map((c) => c.externalRef);
    expect(new Set(refs).size).toBe(refs.length);
  });

  it('picks only combinations the partner is certified for when nothing is asked', () => {
    const combos = new Set(certified.map((c) => `${c.region}/${c.scope}/${c.language}`));
    const cases = plan();
    for (const c of cases) {
      expect(combos).toContain(`${c.attrs.region}/${c.attrs.scope}/${c.attrs.language}`);
    }
    // Random picks, not always the first: more than one combination shows up in 40 cases.
    expect(new Set(cases.map((c) => c.attrs.region)).size).toBeGreaterThan(1);
  });

  it('keeps what was asked, filling the rest from matching certifications', () => {
    const cases = plan({ scope: 'ACCOUNT_ACCESS', priority: 'P1', channel: 'EMAIL' });
    for (const c of cases) {
      expect(c.attrs).toMatchObject({
        scope: 'ACCOUNT_ACCESS',
        region: 'IN',
        priority: 'P1',
        channel: 'EMAIL',
        tier: 'T1',
      });
      expect(['hi', 'en']).toContain(c.attrs.language);
    }
  });

  it('falls back to the request and defaults when no certification matches', () => {
    const [c] = plan({ region: 'EU' }, 1);
    expect(c!.attrs).toMatchObject({ region: 'EU', scope: 'GENERAL', language: 'en' });
  });

  it('makes subjects real intake would accept, under a source real intake may not use', () => {
    const [c] = plan({}, 1);
    const asIntake = {
      source: 'webform',
      externalRef: c!.externalRef,
      region: c!.attrs.region,
      scope: c!.attrs.scope,
      channel: c!.attrs.channel,
      language: c!.attrs.language,
      priority: c!.attrs.priority,
      subjectRef: c!.subjectRef,
      subject: c!.subject,
    };
    expect(submitCaseSchema.safeParse(asIntake).success).toBe(true);
    const reserved = submitCaseSchema.safeParse({ ...asIntake, source: SYNTHETIC_CASE_SOURCE });
    expect(reserved.success).toBe(false);
    expect(reserved.error?.issues.map((i) => i.path.join('.'))).toEqual(['source']);
  });
});
