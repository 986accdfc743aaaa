// The terms of one contract version and their checks: pure, so every problem of an input is
// found before anything is read or written.
import type { CaseDataField, Priority } from '@bvg/db';
import { validateCreditTerms } from '@bvg/scorecards';
import { CASE_DATA_FIELDS } from '../cases/index.ts';
import { kpiKeyOf } from '../scorecard-data/index.ts';
import type { Problem } from '../shared/domain-error.ts';

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const satisfies readonly Priority[];

export interface SlaTargetTerm {
  scopeCode?: string | null;
  regionCode?: string | null;
  priority?: Priority | null;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  businessHoursOnly?: boolean;
}
export interface KpiTargetTerm {
  kpi: string;
  scopeCode?: string | null;
  regionCode?: string | null;
  target: number;
  weight?: number;
}
export interface DataAccessTerm {
  regionCode?: string | null;
  scopeCode?: string | null;
  fields: CaseDataField[];
}

/** Every term of a version. */
export interface ContractTermsInput {
  currency: string;
  pricePerCaseMinor: number;
  minMonthlyVolume: number | null;
  maxMonthlyVolume: number | null;
  slaTargets: SlaTargetTerm[];
  kpiTargets: KpiTargetTerm[];
  dataAccess: DataAccessTerm[];
  /** Service-credit terms (JSON); `{}` for none. */
  creditTerms: unknown;
}

/** What the terms may name: the reference data known when they are checked. */
export interface KnownReference {
  regions: ReadonlySet<string>;
  scopes: ReadonlySet<string>;
}

/**
 * Service-credit terms as `validateCreditTerms` of the scorecard core reads them: every term
 * states its KPI, unit and step, so a term without them is refused here, before it is stored.
 * `{}` (or none) means no credits.
 */
export function checkCreditTerms(json: unknown, path = 'creditTerms'): Problem[] {
  if (json === null || json === undefined) return [];
  if (typeof json === 'object' && !Array.isArray(json) && Object.keys(json).length === 0) return [];
  const result = validateCreditTerms(json);
  if (result.ok) return [];
  return result.problems.map((p) => ({
    path: p.path ? `${path}.${p.path}` : path,
    message: p.message,
  }));
}

const isWhole = (n: number) => Number.isInteger(n);

function checkCodes(
  row: { scopeCode?: string | null; regionCode?: string | null },
  path: string,
  known: KnownReference,
  problems: Problem[],
) {
  if (row.regionCode != null && !known.regions.has(row.regionCode)) {
    problems.push({ path: `${path}.regionCode`, message: `unknown region ${row.regionCode}` });
  }
  if (row.scopeCode != null && !known.scopes.has(row.scopeCode)) {
    problems.push({ path: `${path}.scopeCode`, message: `unknown scope ${row.scopeCode}` });
  }
}

/** Every problem of a version's terms, paths under `terms.` (empty when they are sound). */
export function checkContractTerms(terms: ContractTermsInput, known: KnownReference): Problem[] {
  const problems: Problem[] = [];
  const p = (path: string, message: string) => problems.push({ path: `terms.${path}`, message });
  if (!/^[A-Z]{3}$/.test(terms.currency)) p('currency', 'must be an ISO 4217 code');
  if (!isWhole(terms.pricePerCaseMinor) || terms.pricePerCaseMinor < 0) {
    p('pricePerCaseMinor', 'must be a whole number of minor units, 0 or more');
  }
  for (const k of ['minMonthlyVolume', 'maxMonthlyVolume'] as const) {
    const v = terms[k];
    if (v !== null && (!isWhole(v) || v < 0)) p(k, 'must be a whole number, 0 or more');
  }
  if (
    terms.minMonthlyVolume !== null &&
    terms.maxMonthlyVolume !== null &&
    terms.minMonthlyVolume > terms.maxMonthlyVolume
  ) {
    p('maxMonthlyVolume', 'must not be below minMonthlyVolume');
  }
  const slaKeys = new Set<string>();
  terms.slaTargets.forEach((t, i) => {
    const at = `slaTargets.${i}`;
    checkCodes(t, `terms.${at}`, known, problems);
    if (t.priority != null && !(PRIORITIES as readonly string[]).includes(t.priority)) {
      p(`${at}.priority`, `one of ${PRIORITIES.join(', ')}`);
    }
    if (!isWhole(t.firstResponseMinutes) || t.firstResponseMinutes <= 0) {
      p(`${at}.firstResponseMinutes`, 'must be a whole number of minutes above 0');
    }
    if (!isWhole(t.resolutionMinutes) || t.resolutionMinutes <= 0) {
      p(`${at}.resolutionMinutes`, 'must be a whole number of minutes above 0');
    } else if (t.resolutionMinutes < t.firstResponseMinutes) {
      p(`${at}.resolutionMinutes`, 'must not be below firstResponseMinutes');
    }
    const key = `${t.scopeCode ?? '*'}/${t.regionCode ?? '*'}/${t.priority ?? '*'}`;
    if (slaKeys.has(key)) p(at, `a second target for ${key}`);
    slaKeys.add(key);
  });
  const kpiKeys = new Set<string>();
  terms.kpiTargets.forEach((t, i) => {
    const at = `kpiTargets.${i}`;
    checkCodes(t, `terms.${at}`, known, problems);
    const kpi = kpiKeyOf(t.kpi);
    if (!kpi) p(`${at}.kpi`, `unknown KPI ${t.kpi}`);
    if (!Number.isFinite(t.target)) p(`${at}.target`, 'must be a number');
    if (t.weight !== undefined && (!Number.isFinite(t.weight) || t.weight < 0)) {
      p(`${at}.weight`, 'must be 0 or more');
    }
    const key = `${kpi ?? t.kpi}/${t.scopeCode ?? '*'}/${t.regionCode ?? '*'}`;
    if (kpiKeys.has(key)) p(at, `a second target for ${key}`);
    kpiKeys.add(key);
  });
  terms.dataAccess.forEach((g, i) => {
    const at = `dataAccess.${i}`;
    checkCodes(g, `terms.${at}`, known, problems);
    if (g.fields.length === 0) p(`${at}.fields`, 'must name at least one field');
    for (const f of g.fields) {
      if (!(CASE_DATA_FIELDS as readonly string[]).includes(f))
        p(`${at}.fields`, `unknown field ${f}`);
    }
  });
  problems.push(...checkCreditTerms(terms.creditTerms, 'terms.creditTerms'));
  return problems;
}
