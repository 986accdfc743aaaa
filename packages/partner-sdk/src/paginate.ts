// Relay connections as async iterators of pages.

/** A page of a connection, as the async iterators yield it. */
export interface Page<T> {
  nodes: T[];
  /** Pass as `after` to continue from here later (e.g. a poller's saved position). */
  endCursor: string | null;
  hasNextPage: boolean;
}

/** Walks a Relay connection page by page from `after`. */
export async function* paginate<T>(
  after: string | null,
  fetchPage: (after: string | null) => Promise<{
    edges: { node: T }[];
    pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  }>,
): AsyncGenerator<Page<T>> {
  let cursor = after;
  for (;;) {
    const { edges, pageInfo } = await fetchPage(cursor);
    const endCursor = pageInfo.endCursor ?? null;
    yield { nodes: edges.map((e) => e.node), endCursor, hasNextPage: pageInfo.hasNextPage };
    if (!pageInfo.hasNextPage || !endCursor) return;
    cursor = endCursor;
  }
}
