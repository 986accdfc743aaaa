export { API_CLIENT_SCOPES, DEMO_WEBHOOK_BASE } from './build-reference-data.ts';
export { type DemoPeriod, historyQuarter } from './demo-period.ts';
export { demoId } from './deterministic-id.ts';
export {
  DEFAULT_CASES_PER_DAY,
  DEFAULT_DEMO_NOW,
  type SeedDemoOptions,
  type SeedSummary,
  seedDemoData,
} from './seed-demo-data.ts';
