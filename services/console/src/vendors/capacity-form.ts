// The capacity and certification editors' rows, checked in the browser for what needs no
// server (blanks, repeats), and the server's VALIDATION problems placed on the field they name
// (`capacities.2.scope` → row 2, field scope).
import type { ApiProblem } from '../api/client.ts';
import type { VendorCapacityInput, VendorCertificationInput } from '../generated/graphql.ts';
import { localInputToIso } from '../ops/bulk-filter.ts';

export type CapacityRow = {
  scope: string;
  openCaseCeiling: number | '';
  dailyIntakeCap: number | '';
};
export type CertificationRow = {
  region: string;
  scope: string;
  languages: string;
  expiresAt: string;
};

/** Field errors keyed `<row>.<field>`; problems on other paths under `form`. */
export type FieldErrors = Record<string, string>;

/** The server's problems under `prefix` (e.g. "capacities") by row and field. */
export function problemsByField(problems: readonly ApiProblem[], prefix: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of problems) {
    const match = new RegExp(`^(?:input\\.)?${prefix}\\.(\\d+)\\.(\\w+)$`).exec(p.path);
    const key = match ? `${match[1]}.${match[2]}` : p.path === 'reason' ? 'reason' : 'form';
    errors[key] = errors[key] ? `${errors[key]}; ${p.message}` : p.message;
  }
  return errors;
}

/** What the browser can tell before sending: blank scopes, missing numbers, repeated scopes. */
export function checkCapacityRows(rows: readonly CapacityRow[]): FieldErrors {
  const errors: FieldErrors = {};
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const scope = r.scope.trim();
    if (!scope) errors[`${i}.scope`] = 'name the scope';
    else if (seen.has(scope)) errors[`${i}.scope`] = `${scope} is listed twice`;
    seen.add(scope);
    for (const field of ['openCaseCeiling', 'dailyIntakeCap'] as const) {
      const v = r[field];
      if (v === '' || !Number.isInteger(v) || v < 0)
        errors[`${i}.${field}`] = 'a whole number, zero or more';
    }
  });
  return errors;
}

export function toCapacityInputs(rows: readonly CapacityRow[]): VendorCapacityInput[] {
  return rows.map((r) => ({
    scope: r.scope.trim(),
    openCaseCeiling: Number(r.openCaseCeiling),
    dailyIntakeCap: Number(r.dailyIntakeCap),
  }));
}

/**
 * The API lists one certification per language; the editor shows one row per region × scope ×
 * expiry with its languages together, as they are granted.
 */
export function groupCertifications(
  certs: readonly { region: string; scope: string; language: string; expiresAt?: string | null }[],
  toLocal: (iso: string) => string,
): CertificationRow[] {
  const rows = new Map<string, CertificationRow>();
  for (const c of certs) {
    const expiresAt = c.expiresAt ? toLocal(c.expiresAt) : '';
    const key = `${c.region}|${c.scope}|${expiresAt}`;
    const row = rows.get(key);
    if (row) row.languages = `${row.languages}, ${c.language}`;
    else rows.set(key, { region: c.region, scope: c.scope, languages: c.language, expiresAt });
  }
  return [...rows.values()];
}

export function checkCertificationRows(rows: readonly CertificationRow[]): FieldErrors {
  const errors: FieldErrors = {};
  rows.forEach((r, i) => {
    if (!r.region.trim()) errors[`${i}.region`] = 'name the region';
    if (!r.scope.trim()) errors[`${i}.scope`] = 'name the scope';
    if (splitLanguages(r.languages).length === 0)
      errors[`${i}.languages`] = 'list at least one language';
    if (r.expiresAt && !localInputToIso(r.expiresAt))
      errors[`${i}.expiresAt`] = 'not a date and time';
  });
  return errors;
}

function splitLanguages(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function toCertificationInputs(
  rows: readonly CertificationRow[],
): VendorCertificationInput[] {
  return rows.map((r) => ({
    region: r.region.trim(),
    scope: r.scope.trim(),
    languages: splitLanguages(r.languages),
    expiresAt: r.expiresAt ? (localInputToIso(r.expiresAt) ?? null) : null,
  }));
}
