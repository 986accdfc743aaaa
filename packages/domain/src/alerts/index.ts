export {
  ALERT_KINDS,
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  AlertTopic,
  dedupeKeyOf,
  OPS_DESK_SLUG,
} from './alert-kinds.ts';
export {
  type AlertFilter,
  type AlertRow,
  acknowledgeAlert,
  listAlerts,
  readAlert,
  resolveAlert,
} from './manage-alerts.ts';
export {
  createOpsNotificationEndpoint,
  ensureOpsDesk,
  listOpsNotificationEndpoints,
} from './ops-notifications.ts';
export { type RaiseAlertInput, raiseAlerts } from './raise-alert.ts';
export {
  type AlertSweepOptions,
  DEFAULT_ALERT_SWEEP,
  sweepAlertConditions,
} from './sweep-alert-conditions.ts';
