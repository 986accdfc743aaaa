export {
  ALERT_KINDS,
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  AlertTopic,
  dedupeKeyOf,
  OPS_DESK_SLUG,
  unroutedSeverity,
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
  alertNoticesSql,
  type RaiseAlertInput,
  raiseAlerts,
  upsertAlertsSql,
} from './raise-alert.ts';
export {
  type AlertSweepOptions,
  DEFAULT_ALERT_SWEEP,
  sweepAlertConditions,
} from './sweep-alert-conditions.ts';
