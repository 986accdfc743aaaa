// TanStack Query over the typed client, with the signed-in person's token. A refused token
// ends the session (the person is asked to sign in again) instead of showing a broken screen.
import {
  type InfiniteData,
  type UseQueryOptions,
  useInfiniteQuery,
  useMutation,
  useQueries,
  useQuery,
} from '@tanstack/react-query';
import { useSession, useSignedIn } from '../auth/session.tsx';
import type { TypedDocumentString } from '../generated/graphql.ts';
import { ApiError, gqlRequest } from './client.ts';

function useRequest() {
  const session = useSignedIn();
  const { expire } = useSession();
  return async <R, V>(document: TypedDocumentString<R, V>, variables: V, signal?: AbortSignal) => {
    try {
      return await gqlRequest(document, variables, session.token, signal);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') expire();
      throw error;
    }
  };
}

export function useApiQuery<R, V>(
  key: readonly unknown[],
  document: TypedDocumentString<R, V>,
  variables: V,
  options: Omit<UseQueryOptions<R, ApiError>, 'queryKey' | 'queryFn'> = {},
) {
  const request = useRequest();
  return useQuery<R, ApiError>({
    queryKey: [...key, variables],
    queryFn: ({ signal }) => request(document, variables, signal),
    ...options,
  });
}

/** The same document once per set of variables (e.g. one vendor each), fetched side by side. */
export function useApiQueriesOf<R, V>(
  key: readonly unknown[],
  document: TypedDocumentString<R, V>,
  variablesList: readonly V[],
  options: { staleTime?: number } = {},
) {
  const request = useRequest();
  return useQueries({
    queries: variablesList.map((variables) => ({
      queryKey: [...key, variables],
      queryFn: ({ signal }: { signal: AbortSignal }) => request(document, variables, signal),
      ...options,
    })),
  });
}

/** A forward-paged list: each page asks `after` the cursor the previous page ended on. */
export function useApiInfiniteQuery<R, V extends { after?: string | null }>(
  key: readonly unknown[],
  document: TypedDocumentString<R, V>,
  variables: Omit<V, 'after'>,
  nextCursor: (page: R) => string | null | undefined,
  options: { initialCursor?: string | null; enabled?: boolean } = {},
) {
  const request = useRequest();
  return useInfiniteQuery<
    R,
    ApiError,
    InfiniteData<R, string | null>,
    readonly unknown[],
    string | null
  >({
    queryKey: [...key, variables],
    initialPageParam: options.initialCursor ?? null,
    queryFn: ({ pageParam, signal }) =>
      request(document, { ...variables, after: pageParam } as V, signal),
    getNextPageParam: (last) => nextCursor(last) ?? undefined,
    enabled: options.enabled ?? true,
  });
}

export function useApiMutation<R, V>(document: TypedDocumentString<R, V>) {
  const request = useRequest();
  return useMutation<R, ApiError, V>({ mutationFn: (variables) => request(document, variables) });
}
