// Field checks shared by the admin entry points: each adds its problems to one list, so an
// input is answered with every problem at once.
import type { Problem } from '../shared/domain-error.ts';

export function checkReason(reason: string, problems: Problem[]) {
  if (reason.trim().length === 0) problems.push({ path: 'reason', message: 'say why' });
  if (reason.length > 500)
    problems.push({ path: 'reason', message: 'is longer than 500 characters' });
}

export function checkText(
  value: string | undefined | null,
  path: string,
  problems: Problem[],
  max = 200,
) {
  if (value === undefined || value === null) return;
  if (value.trim().length === 0) problems.push({ path, message: 'must not be empty' });
  else if (value.length > max) problems.push({ path, message: `is longer than ${max} characters` });
}

export function checkPattern(
  value: string | undefined | null,
  path: string,
  pattern: RegExp,
  what: string,
  problems: Problem[],
) {
  if (value === undefined || value === null) return;
  if (!pattern.test(value)) problems.push({ path, message: `must be ${what}` });
}

/** An IANA time zone the runtime knows (Intl throws RangeError for any other). */
export function checkTimeZone(value: string | undefined | null, path: string, problems: Problem[]) {
  if (value === undefined || value === null) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    problems.push({ path, message: 'is not a known IANA time zone' });
  }
}

export const SLUG = /^[a-z0-9][a-z0-9-]{1,39}$/;
export const CODE = /^[A-Z][A-Z0-9_]{1,31}$/;
export const COUNTRY = /^[A-Z]{2}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The fields of `after` that differ from `before`: what the audit records as changed. */
export function changedFields<T extends object>(before: T, after: Partial<T>) {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (after[key] === undefined) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}
