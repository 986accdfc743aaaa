// Which screens and actions each role sees. The gateway enforces the same rules on every
// field; this only keeps people from being offered what they would be refused.

export type Capability =
  | 'routing.view'
  | 'routing.edit'
  | 'vendors.view'
  | 'webhooks.view'
  | 'webhooks.redeliver'
  | 'cases.view'
  | 'ops.view'
  | 'alerts.handle'
  | 'cases.route'
  | 'vendors.state'
  | 'cases.explain'
  | 'vendors.states'
  | 'vendors.capacity'
  | 'webhooks.manage'
  | 'cases.bulk'
  | 'audit.view'
  | 'subjects.erase'
  | 'tier2.work'
  | 'scorecards.view';

const GRANTS: Record<Capability, readonly string[]> = {
  'routing.view': ['ops', 'vendor_manager', 'auditor'],
  'routing.edit': ['ops'],
  'vendors.view': ['ops', 'vendor_manager', 'auditor'],
  'webhooks.view': ['ops'],
  'webhooks.redeliver': ['ops'],
  'cases.view': ['ops', 'auditor'],
  'ops.view': ['ops'],
  'alerts.handle': ['ops'],
  'cases.route': ['ops'],
  'vendors.state': ['ops'],
  'cases.explain': ['ops', 'auditor'],
  'vendors.states': ['ops', 'auditor'],
  'vendors.capacity': ['ops'],
  'webhooks.manage': ['ops'],
  'cases.bulk': ['ops'],
  'audit.view': ['auditor'],
  'subjects.erase': ['auditor'],
  'tier2.work': ['specialist'],
  // Scorecards across vendors, their cases, credits and review packs (vendor managers only).
  'scorecards.view': ['vendor_manager'],
};

export function can(roles: readonly string[], capability: Capability): boolean {
  return GRANTS[capability].some((role) => roles.includes(role));
}
