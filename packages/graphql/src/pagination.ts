// Page sizes of the API's connections: one declaration per connection field, read by the
// field's resolver (to refuse an out-of-range size) and by the gateway's query-cost estimate
// (to price a list by the size asked for, or by the default when none is given).
import type { GraphQLField } from 'graphql';
import { AppError } from './errors.ts';

export interface PageSize {
  /** Items returned when `first` is absent. */
  readonly default: number;
  /** The largest `first` accepted. */
  readonly max: number;
}

/** The field extension that carries a connection's page size. */
export const PAGE_SIZE_EXTENSION = 'pageSize';

/** `extensions` for a connection field: `t.connection({ extensions: pageSizeExtension(…) })`. */
export const pageSizeExtension = (size: PageSize) => ({ [PAGE_SIZE_EXTENSION]: size });

/** The page size a field declares, or null for a field that is not a paged connection. */
export function pageSizeOf(field: GraphQLField<unknown, unknown>): PageSize | null {
  const size = field.extensions?.[PAGE_SIZE_EXTENSION] as PageSize | undefined;
  return size && typeof size.default === 'number' && typeof size.max === 'number' ? size : null;
}

interface PageArgs {
  first?: number | null;
  last?: number | null;
  before?: string | null;
}

/**
 * Refuses what a forward-only connection cannot answer — `last`/`before`, or a `first` outside
 * 0…max — with VALIDATION naming every offending argument, before anything is read.
 */
export function checkForwardPage(field: string, args: PageArgs, size: PageSize): void {
  const problems: { path: string; message: string }[] = [];
  const { first } = args;
  if (first != null && (!Number.isInteger(first) || first < 0 || first > size.max)) {
    problems.push({ path: 'first', message: `must be between 0 and ${size.max} (got ${first})` });
  }
  if (args.last != null) {
    problems.push({ path: 'last', message: `${field} pages forward only: use first and after` });
  }
  if (args.before != null) {
    problems.push({ path: 'before', message: `${field} pages forward only: use first and after` });
  }
  if (problems.length === 0) return;
  const message =
    args.last != null || args.before != null
      ? `${field} pages forward only: use first and after`
      : `${field} returns at most ${size.max} items a page`;
  throw new AppError('VALIDATION', message, { problems });
}
