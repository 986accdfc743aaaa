// What a sandbox tenant's synthetic cases look like: real routing attributes (so redaction,
// SLA clocks and webhooks behave as in production) around a subject that is plainly fake, so
// nothing a partner's test system stores or prints can be a real person's data. Pure.
import type { CaseAttributes, CasePriority, Channel } from '@bvg/routing';

/** The intake source of synthetic cases; real intake may not use it. */
export const SYNTHETIC_CASE_SOURCE = 'sandbox';

/** `.invalid` is reserved (RFC 2606, RFC 6761): no mail to it can ever be delivered. */
export const SYNTHETIC_EMAIL_DOMAIN = 'example.invalid';

/** Most synthetic cases one call makes. */
export const MAX_SYNTHETIC_CASES_PER_CALL = 50;

/** What the caller asked for; anything absent is picked. */
export interface SyntheticCaseRequest {
  scope?: string | null;
  region?: string | null;
  channel?: Channel | null;
  language?: string | null;
  priority?: CasePriority | null;
}

/** Where the partner is certified to work: picks look like the traffic it will get. */
export interface CertifiedCombination {
  region: string;
  scope: string;
  language: string;
}

export interface SyntheticSubject {
  displayName: string;
  email: string;
  phone: string;
  description: string;
}

export interface SyntheticCase {
  externalRef: string;
  subjectRef: string;
  attrs: CaseAttributes;
  subject: SyntheticSubject;
}

export interface PlanSyntheticCasesInput {
  count: number;
  request: SyntheticCaseRequest;
  /** The partner's certifications; empty picks the request's values or the fallbacks. */
  certified: readonly CertifiedCombination[];
  /** Used when neither the request nor the certifications give a value. */
  fallback: { region: string; scope: string };
  /** [0, 1), e.g. Math.random; injectable so tests are deterministic. */
  random: () => number;
  /** A fresh unique token per case (e.g. a UUID); names the case and its fake subject. */
  token: () => string;
}

const CHANNELS: readonly Channel[] = ['IN_APP', 'WEBFORM', 'EMAIL', 'APPEAL'];
const PRIORITIES: readonly CasePriority[] = ['P2', 'P3', 'P3', 'P3', 'P4'];

const PROBLEMS: Record<string, readonly string[]> = {
  ACCOUNT_ACCESS: [
    'cannot log in after changing phone number',
    'password reset e-mail never arrives',
    'account locked after too many attempts',
  ],
  ACCOUNT_SECURITY: [
    'a login from an unknown device was reported',
    'two-factor codes stopped arriving',
  ],
  AGE_SUPPORT: ['date of birth was entered wrongly at sign-up'],
  APPEALS: ['asks for a second look at a removed video'],
  PLATFORM_INTEGRITY: ['reports an account impersonating a brand'],
  MINOR_SAFETY: ['a report that needs a cleared specialist'],
};
const GENERAL_PROBLEMS = ['asks how to change the display name', 'a question about a feature'];

const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.min(items.length - 1, Math.floor(random() * items.length))]!;

/**
 * `count` synthetic cases. A certified combination matching what was requested is chosen at
 * random per case; the subject is fake by construction: the name says so, the e-mail is at
 * `example.invalid`, the phone number is in the 555-01xx range kept for fiction.
 */
export function planSyntheticCases(input: PlanSyntheticCasesInput): SyntheticCase[] {
  const { request, random } = input;
  const matching = input.certified.filter(
    (c) =>
      (request.scope == null || c.scope === request.scope) &&
      (request.region == null || c.region === request.region) &&
      (request.language == null || c.language === request.language),
  );
  return Array.from({ length: input.count }, () => {
    const combo = matching.length > 0 ? pick(matching, random) : undefined;
    const scope = request.scope ?? combo?.scope ?? input.fallback.scope;
    const token = input.token();
    const short = token.replaceAll('-', '').slice(0, 8);
    const problem = pick(PROBLEMS[scope] ?? GENERAL_PROBLEMS, random);
    return {
      externalRef: `synthetic-${token}`,
      subjectRef: `sandbox-subject-${short}`,
      attrs: {
        region: request.region ?? combo?.region ?? input.fallback.region,
        scope,
        channel: request.channel ?? pick(CHANNELS, random),
        language: request.language ?? combo?.language ?? 'en',
        priority: request.priority ?? pick(PRIORITIES, random),
        tier: 'T1',
      },
      subject: {
        displayName: `Sandbox User ${short}`,
        email: `sandbox.user.${short}@${SYNTHETIC_EMAIL_DOMAIN}`,
        phone: `+1 202 555 01${String(Math.floor(random() * 100)).padStart(2, '0')}`,
        description: `Synthetic sandbox case (not a real user): ${problem}.`,
      },
    };
  });
}
