export { REGIONS, SCOPES, VENDORS } from './catalog.ts';
export {
  DEMO_LIVE_SOURCE,
  DEMO_SPECIALIST,
  type DemoTier2Summary,
  ensureDemoTier2Work,
} from './live/tier2-work.ts';
export { type DemoPeriod, historyQuarter } from './period.ts';
export {
  API_CLIENT_SCOPES,
  DEMO_RECEIVER_PORT,
  DEMO_WEBHOOK_BASE,
  demoWebhookBase,
} from './reference-data.ts';
export {
  DEFAULT_CASES_PER_DAY,
  DEFAULT_DEMO_NOW,
  type SeedDemoOptions,
  type SeedSummary,
  seedDemoData,
} from './seed-demo-data.ts';
