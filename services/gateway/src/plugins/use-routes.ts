import type { Plugin } from 'graphql-yoga';

export type RouteHandler = (request: Request) => Response | Promise<Response>;

/** Serves non-GraphQL endpoints (token, JWKS) from the same server, before GraphQL parsing. */
export function useRoutes(
  routes: Record<string, { method: string; handler: RouteHandler }>,
): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      const route = routes[url.pathname];
      if (!route) return;
      if (request.method !== route.method) {
        endResponse(new Response(null, { status: 405, headers: { allow: route.method } }));
        return;
      }
      endResponse(await route.handler(request));
    },
  };
}
