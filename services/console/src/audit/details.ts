// An audit record's details as an auditor reads them: which fields a change changed, from what
// to what, and the record's other details as short key/value pairs. The raw JSON stays
// available on screen and in the CSV export; this is only the readable view of it.

/** One changed field: its path in the record (`capacity.openCaseCeiling`) and both values. */
export type FieldChange = { path: string; before: unknown; after: unknown };

export type ReadableDetails = {
  /** Fields that differ between `before` and `after`, in the record's order. */
  changes: FieldChange[];
  /** Every other key of the details, its value as short text. */
  other: { key: string; value: string }[];
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// JSON values only (the details are JSON), so their JSON text is their identity.
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The paths whose values differ between two JSON values, objects compared key by key; a
 * record created (before null) or removed (after null) lists each of its fields. Lists are
 * compared whole: a grant added in the middle reads better as the list before and after than
 * as every later index changed.
 */
export function changedPaths(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isObj(before) || isObj(after)) {
    const b = isObj(before) ? before : before == null ? {} : null;
    const a = isObj(after) ? after : after == null ? {} : null;
    if (b && a) {
      const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
      return keys.flatMap((k) => changedPaths(b[k], a[k], path ? `${path}.${k}` : k));
    }
  }
  return same(before, after) ? [] : [{ path: path || '(value)', before, after }];
}

/** A detail's value as short text: "—" for none, lists of plain values joined, else JSON. */
export function detailText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) {
    return value.length === 0 ? 'none' : value.map(detailText).join(', ');
  }
  return JSON.stringify(value);
}

/** The changes a record's `{before, after}` details make, and its other details. */
export function readableDetails(details: unknown): ReadableDetails {
  if (details === null || details === undefined) return { changes: [], other: [] };
  if (!isObj(details))
    return { changes: [], other: [{ key: 'details', value: detailText(details) }] };
  const hasChange = 'before' in details || 'after' in details;
  const changes = hasChange ? changedPaths(details.before, details.after) : [];
  const other = Object.entries(details)
    .filter(([key]) => !hasChange || (key !== 'before' && key !== 'after'))
    .map(([key, value]) => ({ key, value: detailText(value) }));
  return { changes, other };
}
