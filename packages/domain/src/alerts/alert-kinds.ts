// What ops are alerted about, how loud, and how one condition is recognised again (its
// de-duplication key): while an alert is unresolved, raising the same condition counts an
// occurrence on it instead of opening another (and the ops endpoint is told once).
import type { AlertKind, AlertSeverity } from '@bvg/db';

export type { AlertKind, AlertSeverity };

export const ALERT_KINDS = [
  'UNROUTED_CASE',
  'SLA_AT_RISK',
  'SLA_BREACH',
  'WEBHOOK_ENDPOINT_FAILING',
  'CAPACITY_EXHAUSTED',
  'OFFERS_LAPSING',
  'REROUTE_LIMIT',
  'DELIVERY_EXHAUSTED',
  'ENDPOINT_DISABLED',
] as const satisfies readonly AlertKind[];

export const ALERT_STATUSES = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'] as const;
export const ALERT_SEVERITIES = ['CRITICAL', 'WARNING', 'INFO'] as const;

/** The de-duplication key of a condition: the kind and what it is about. */
export const dedupeKeyOf = (kind: AlertKind, ...subject: (string | null | undefined)[]) =>
  [kind, ...subject.map((s) => s ?? '-')].join(':');

/** An unrouted P1 or P2 case pages someone; the rest can wait for the board. */
export const unroutedSeverity = (priority: string): AlertSeverity =>
  priority === 'P1' || priority === 'P2' ? 'CRITICAL' : 'WARNING';

/** Outbox topics of ops notifications (webhook event types `alert.raised`, …). */
export const AlertTopic = {
  Raised: 'webhook.alert.raised',
  Acknowledged: 'webhook.alert.acknowledged',
  Resolved: 'webhook.alert.resolved',
} as const;
export type AlertTopic = (typeof AlertTopic)[keyof typeof AlertTopic];

/**
 * The in-house party whose webhook endpoints receive ops notifications: a system vendor made
 * on first use, never routed work (PAUSED, no certifications), so the notifications go through
 * the same outbox, signing, retries and delivery log as partner webhooks.
 */
export const OPS_DESK_SLUG = 'operations-desk';
