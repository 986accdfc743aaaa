// One GraphQL request over fetch, typed by the generated document. Errors come back typed
// (the gateway's `extensions.code` and, for VALIDATION, every problem with its path).
import type { TypedDocumentString } from '../generated/graphql.ts';

export type ApiProblem = { path: string; message: string };

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly problems: ApiProblem[],
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type GraphQLBody<R> = {
  data?: R | null;
  errors?: { message: string; extensions?: { code?: string; problems?: ApiProblem[] } }[];
};

export async function gqlRequest<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  token: string,
  signal?: AbortSignal,
): Promise<R> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query: document.toString(), variables }),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('The gateway cannot be reached.', 'NETWORK', [], 0);
  }
  let body: GraphQLBody<R>;
  try {
    body = (await response.json()) as GraphQLBody<R>;
  } catch {
    throw new ApiError(`The gateway answered ${response.status}.`, 'HTTP', [], response.status);
  }
  const first = body.errors?.[0];
  if (first) {
    throw new ApiError(
      first.message,
      first.extensions?.code ?? 'ERROR',
      first.extensions?.problems ?? [],
      response.status,
    );
  }
  if (!body.data) throw new ApiError('The gateway sent no data.', 'HTTP', [], response.status);
  return body.data;
}
