/** Case statuses that hold a place under a vendor's open-case ceiling. */
export const OPEN_CASE_STATUSES = [
  'ROUTED',
  'OFFERED',
  'ACCEPTED',
  'IN_PROGRESS',
  'PENDING_USER',
  'ESCALATED',
  'REOPENED',
] as const;
