// The console's routes. Every screen is loaded on first visit (its own chunk), so the first
// page downloads only the shell; search parameters (filters, tabs, periods) live in the URL.
import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
} from '@tanstack/react-router';
import { Loading } from './components/states.tsx';
import { CONSOLE_BASE } from './config.ts';
import type {
  CaseStatus,
  RoutingRulesetStatus,
  WebhookDeliveryStatus,
} from './generated/graphql.ts';
import { BULK_KINDS, type BulkSearch } from './ops/bulk-filter.ts';
import { Home, Shell } from './shell.tsx';
import { isQuarter } from './vendor-manager/period.ts';

/** Compiles only when `list` names every value of the schema's enum `E` (the lists below keep a
 * display order the schema's alphabetical one lacks, so they are checked, not copied blindly). */
type EveryValue<E extends string, L extends readonly E[]> =
  Exclude<E, L[number]> extends never ? L : { missing: Exclude<E, L[number]> };
const everyValue =
  <E extends string>() =>
  <const L extends readonly E[]>(list: L & EveryValue<E, L>) =>
    list;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;
const oneOf = <T extends string>(value: unknown, options: readonly T[]): T | undefined =>
  options.includes(value as T) ? (value as T) : undefined;

export const RULESET_STATUSES = everyValue<RoutingRulesetStatus>()([
  'DRAFT',
  'PUBLISHED',
  'ARCHIVED',
]);
type RulesetStatus = (typeof RULESET_STATUSES)[number];
export const RULESET_TABS = ['rules', 'diff', 'simulate', 'shadow'] as const;
export const VENDOR_TABS = ['capacity', 'webhooks', 'deliveries'] as const;
export const DELIVERY_STATUSES = everyValue<WebhookDeliveryStatus>()([
  'PENDING',
  'RETRYING',
  'SUCCEEDED',
  'EXHAUSTED',
  'ENDPOINT_DISABLED',
]);
export const CASE_STATUSES = everyValue<CaseStatus>()([
  'NEW',
  'ROUTED',
  'UNROUTED',
  'OFFERED',
  'ACCEPTED',
  'IN_PROGRESS',
  'PENDING_USER',
  'RESOLVED',
  'CLOSED',
  'REJECTED',
  'ESCALATED',
  'REOPENED',
]);

export const QUEUE_VIEWS = ['UNCLAIMED', 'MINE', 'ANY'] as const;
export type AuditSearch = {
  actor?: string;
  action?: string;
  caseId?: string;
  vendorId?: string;
  /** Instants, ISO 8601. */
  from?: string;
  to?: string;
};

export const ALERT_SEVERITIES = ['CRITICAL', 'WARNING', 'INFO'] as const;
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;

const rootRoute = createRootRoute({ component: Shell });

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  component: Home,
});

const routingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/routing',
  validateSearch: (search: Record<string, unknown>): { status?: RulesetStatus } => ({
    status: oneOf(search.status, RULESET_STATUSES),
  }),
  component: lazyRouteComponent(() => import('./screens/routing-list.tsx'), 'RoutingListScreen'),
});

const rulesetRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/routing/$version',
  validateSearch: (
    search: Record<string, unknown>,
  ): { tab?: (typeof RULESET_TABS)[number]; from?: string; to?: string } => ({
    tab: oneOf(search.tab, RULESET_TABS),
    from: text(search.from),
    to: text(search.to),
  }),
  component: lazyRouteComponent(() => import('./screens/ruleset.tsx'), 'RulesetScreen'),
});

const vendorsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/vendors',
  validateSearch: (search: Record<string, unknown>): { q?: string } => ({ q: text(search.q) }),
  component: lazyRouteComponent(() => import('./screens/vendors.tsx'), 'VendorsScreen'),
});

const vendorRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/vendors/$vendorId',
  validateSearch: (
    search: Record<string, unknown>,
  ): { tab?: (typeof VENDOR_TABS)[number]; status?: (typeof DELIVERY_STATUSES)[number] } => ({
    tab: oneOf(search.tab, VENDOR_TABS),
    status: oneOf(search.status, DELIVERY_STATUSES),
  }),
  component: lazyRouteComponent(() => import('./screens/vendor.tsx'), 'VendorScreen'),
});

const casesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/cases',
  validateSearch: (
    search: Record<string, unknown>,
  ): {
    status?: (typeof CASE_STATUSES)[number];
    vendorId?: string;
    region?: string;
    scope?: string;
  } => ({
    status: oneOf(search.status, CASE_STATUSES),
    vendorId: text(search.vendorId),
    region: text(search.region),
    scope: text(search.scope),
  }),
  component: lazyRouteComponent(() => import('./screens/cases.tsx'), 'CasesScreen'),
});

const caseRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/cases/$caseId',
  component: lazyRouteComponent(() => import('./screens/case.tsx'), 'CaseScreen'),
});

const opsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/ops',
  validateSearch: (
    search: Record<string, unknown>,
  ): {
    region?: string;
    scope?: string;
    vendorId?: string;
    severity?: (typeof ALERT_SEVERITIES)[number];
  } => ({
    region: text(search.region),
    scope: text(search.scope),
    vendorId: text(search.vendorId),
    severity: oneOf(search.severity, ALERT_SEVERITIES),
  }),
  component: lazyRouteComponent(() => import('./screens/ops-now.tsx'), 'OpsNowScreen'),
});

const queuesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/queues',
  validateSearch: (
    search: Record<string, unknown>,
  ): { priority?: (typeof PRIORITIES)[number]; scope?: string; region?: string } => ({
    priority: oneOf(search.priority, PRIORITIES),
    scope: text(search.scope),
    region: text(search.region),
  }),
  component: lazyRouteComponent(() => import('./screens/queues.tsx'), 'QueuesScreen'),
});

const bulkRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/queues/bulk',
  validateSearch: (search: Record<string, unknown>): BulkSearch & { op?: string } => ({
    kind: oneOf(search.kind, BULK_KINDS),
    vendorId: text(search.vendorId),
    scope: text(search.scope),
    region: text(search.region),
    status: text(search.status),
    createdBefore: text(search.createdBefore),
    target: text(search.target),
    exclude: text(search.exclude),
    op: text(search.op),
  }),
  component: lazyRouteComponent(() => import('./screens/bulk.tsx'), 'BulkScreen'),
});

const auditRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/audit',
  validateSearch: (search: Record<string, unknown>): AuditSearch => ({
    actor: text(search.actor),
    action: text(search.action),
    caseId: text(search.caseId),
    vendorId: text(search.vendorId),
    from: text(search.from),
    to: text(search.to),
  }),
  component: lazyRouteComponent(() => import('./audit/audit-trail.tsx'), 'AuditTrailScreen'),
});

const erasureRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/erasure',
  component: lazyRouteComponent(() => import('./audit/erasure.tsx'), 'ErasureScreen'),
});

const tier2Route = createRoute({
  getParentRoute: () => rootRoute,
  path: '/tier2',
  validateSearch: (search: Record<string, unknown>): { claim?: (typeof QUEUE_VIEWS)[number] } => ({
    claim: oneOf(search.claim, QUEUE_VIEWS),
  }),
  component: lazyRouteComponent(() => import('./tier2/team-queue.tsx'), 'TeamQueueScreen'),
});

const tier2CaseRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/tier2/cases/$caseId',
  component: lazyRouteComponent(() => import('./tier2/workspace.tsx'), 'WorkspaceScreen'),
});

// The vendor manager's screens: the period is a calendar quarter (e.g. 2026-Q3).
const quarterOf = (value: unknown) => (isQuarter(value) ? value : undefined);

const compareRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/compare',
  validateSearch: (
    search: Record<string, unknown>,
  ): {
    quarter?: string;
    groupBy?: 'SCOPE' | 'REGION';
    vendors?: string;
    all?: boolean;
    sort?: string;
    dir?: 'asc' | 'desc';
  } => ({
    quarter: quarterOf(search.quarter),
    groupBy: oneOf(search.groupBy, ['SCOPE', 'REGION'] as const),
    vendors: text(search.vendors),
    all: search.all === true || search.all === 'true' ? true : undefined,
    sort: text(search.sort),
    dir: oneOf(search.dir, ['asc', 'desc'] as const),
  }),
  component: lazyRouteComponent(
    () => import('./vendor-manager/compare-screen.tsx'),
    'CompareScreen',
  ),
});

const scorecardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/scorecards/$vendorId',
  validateSearch: (search: Record<string, unknown>): { quarter?: string } => ({
    quarter: quarterOf(search.quarter),
  }),
  component: lazyRouteComponent(
    () => import('./vendor-manager/scorecard-screen.tsx'),
    'ScorecardScreen',
  ),
});

const figureCasesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/scorecards/$vendorId/cases',
  validateSearch: (
    search: Record<string, unknown>,
  ): { quarter?: string; kpi?: string; rowKey?: string; counted?: 'yes' | 'no' } => ({
    quarter: quarterOf(search.quarter),
    kpi: text(search.kpi),
    rowKey: text(search.rowKey),
    counted: oneOf(search.counted, ['yes', 'no'] as const),
  }),
  component: lazyRouteComponent(
    () => import('./vendor-manager/figure-cases-screen.tsx'),
    'FigureCasesScreen',
  ),
});

const creditsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/credits',
  validateSearch: (search: Record<string, unknown>): { quarter?: string; vendorId?: string } => ({
    quarter: quarterOf(search.quarter),
    vendorId: text(search.vendorId),
  }),
  component: lazyRouteComponent(
    () => import('./vendor-manager/credits-screen.tsx'),
    'CreditsScreen',
  ),
});

const routeTree = rootRoute.addChildren([
  indexRoute,
  routingRoute,
  rulesetRoute,
  vendorsRoute,
  vendorRoute,
  casesRoute,
  caseRoute,
  opsRoute,
  queuesRoute,
  bulkRoute,
  auditRoute,
  erasureRoute,
  tier2Route,
  tier2CaseRoute,
  compareRoute,
  scorecardRoute,
  figureCasesRoute,
  creditsRoute,
]);

export function createAppRouter() {
  return createRouter({
    routeTree,
    basepath: CONSOLE_BASE,
    defaultPendingComponent: () => <Loading label="Loading the screen…" />,
    defaultPreload: 'intent',
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
