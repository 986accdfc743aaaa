import type { Plugin } from 'graphql-yoga';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'bvg_gateway_' });
  const httpRequests = new Counter({
    name: 'bvg_gateway_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'bvg_gateway_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return { registry, httpRequests, httpDuration };
}
export type Metrics = ReturnType<typeof createMetrics>;

// Known routes only, so a scanner's random paths cannot blow up label cardinality.
const ROUTES = new Set([
  '/graphql',
  '/oauth/token',
  '/.well-known/jwks.json',
  '/healthz',
  '/readyz',
  '/metrics',
]);

/** Serves `GET /metrics` (Prometheus text format) and counts every request. */
export function useMetrics(metrics: Metrics): Plugin {
  const started = new WeakMap<Request, number>();
  return {
    async onRequest({ request, url, endResponse }) {
      started.set(request, performance.now());
      if (url.pathname === '/metrics' && request.method === 'GET') {
        endResponse(
          new Response(await metrics.registry.metrics(), {
            headers: { 'content-type': metrics.registry.contentType },
          }),
        );
      }
    },
    onResponse({ request, response }) {
      const path = new URL(request.url).pathname;
      const route = ROUTES.has(path) ? path : 'other';
      metrics.httpRequests.inc({ route, status: String(response.status) });
      const t0 = started.get(request);
      if (t0 !== undefined)
        metrics.httpDuration.observe({ route }, (performance.now() - t0) / 1000);
    },
  };
}
