// The bulk operation form kept in the URL, turned into the API's filter. Pure, so the rules
// (at least one criterion, lists split on commas, "created before" read in the viewer's zone)
// are unit-tested.
import type { BulkCaseFilterInput, CaseStatus } from '../generated/graphql.ts';

export const BULK_KINDS = ['REROUTE', 'ASSIGN', 'RECALL'] as const;
export type BulkKind = (typeof BULK_KINDS)[number];

/** The form as the URL holds it (every value a string or absent). */
export type BulkSearch = {
  kind?: BulkKind;
  vendorId?: string;
  scope?: string;
  region?: string;
  status?: string;
  /** `<input type="datetime-local">` value, in the viewer's time zone. */
  createdBefore?: string;
  target?: string;
  exclude?: string;
};

/** "a, b,,c " → ["a", "b", "c"]; nothing → undefined. */
export function splitList(value: string | undefined): string[] | undefined {
  const items = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return items.length > 0 ? [...new Set(items)] : undefined;
}

/** A datetime-local value read as the viewer's wall-clock time; undefined when not a time. */
export function localInputToIso(value: string | undefined): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  // Date parses a date-time without an offset as local time: the viewer's zone.
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export type BuiltBulk = { ok: true; filter: BulkCaseFilterInput } | { ok: false; problem: string };

/** The filter for the API, or why it cannot be sent (the API needs at least one criterion). */
export function buildBulkFilter(search: BulkSearch, statuses: readonly CaseStatus[]): BuiltBulk {
  const filter: BulkCaseFilterInput = {};
  if (search.vendorId) filter.vendorId = search.vendorId;
  const scope = splitList(search.scope);
  if (scope) filter.scope = scope;
  const region = splitList(search.region);
  if (region) filter.region = region;
  const status = splitList(search.status);
  if (status) {
    const unknown = status.filter((s) => !statuses.includes(s as CaseStatus));
    if (unknown.length > 0) return { ok: false, problem: `Unknown status ${unknown.join(', ')}.` };
    filter.status = status as CaseStatus[];
  }
  if (search.createdBefore) {
    const iso = localInputToIso(search.createdBefore);
    if (!iso) return { ok: false, problem: '“Created before” is not a date and time.' };
    filter.createdBefore = iso;
  }
  if (Object.keys(filter).length === 0) {
    return {
      ok: false,
      problem: 'Choose at least one criterion: the operation never runs on every case.',
    };
  }
  return { ok: true, filter };
}

/** What the kind needs besides the filter (ASSIGN: a target vendor). */
export function missingForKind(kind: BulkKind, target: string | undefined): string | null {
  return kind === 'ASSIGN' && !target ? 'Choose the vendor taking the cases.' : null;
}

const SKIPS: Record<string, string> = {
  NOT_HELD: 'skipped: nobody holds it',
  NOT_MOVABLE: 'skipped: its status does not allow moving it',
  ALREADY_WITH_VENDOR: 'skipped: already with that vendor',
  HARD_CONSTRAINT: 'skipped: residency, restriction or certification forbids it',
  OVER_CAPACITY: 'skipped: over the vendor’s capacity',
  CHANGED: 'skipped: changed meanwhile',
};

/** An outcome key as a person reads it: the vendor's name, unrouted, recalled or why skipped. */
export function describeOutcome(outcome: {
  key: string;
  vendorId?: string | null;
  vendorName?: string | null;
}): string {
  if (outcome.vendorId) return `to ${outcome.vendorName ?? outcome.vendorId}`;
  if (outcome.key === 'UNROUTED') return 'left unrouted (nobody else may take it)';
  if (outcome.key === 'RECALLED') return 'recalled, held for ops';
  if (outcome.key.startsWith('SKIPPED:')) {
    const why = outcome.key.slice('SKIPPED:'.length);
    return SKIPS[why] ?? `skipped: ${why.toLowerCase().replaceAll('_', ' ')}`;
  }
  return outcome.key.toLowerCase().replaceAll('_', ' ');
}

/** 0–100 for a progress bar; a finished empty operation is complete. */
export function progressPercent(processed: number, total: number, finished: boolean): number {
  if (total <= 0) return finished ? 100 : 0;
  return Math.min(100, Math.round((processed / total) * 100));
}
