// The case statuses and the named sets of them that business rules, SQL, the GraphQL enum and
// webhook payloads read. The order is the data model's (and the public enum's).

export const CASE_STATUSES = [
  'NEW',
  'UNROUTED',
  'ROUTED',
  'OFFERED',
  'ACCEPTED',
  'IN_PROGRESS',
  'PENDING_USER',
  'RESOLVED',
  'CLOSED',
  'REJECTED',
  'ESCALATED',
  'REOPENED',
] as const;

export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Accepted by a vendor and being worked (or waiting on the user, or reopened). */
export const WORKING_STATUSES = [
  'ACCEPTED',
  'IN_PROGRESS',
  'PENDING_USER',
  'REOPENED',
] as const satisfies readonly CaseStatus[];

/** Held by a vendor (offered to it or being worked): what ops may take back from it. */
export const RECALLABLE_STATUSES = [
  'OFFERED',
  ...WORKING_STATUSES,
] as const satisfies readonly CaseStatus[];

/** Held by a vendor with its SLA clocks running (waiting on the user pauses them). */
export const CLOCK_RUNNING_STATUSES = [
  'OFFERED',
  'ACCEPTED',
  'IN_PROGRESS',
  'REOPENED',
] as const satisfies readonly CaseStatus[];

/** Done: the work counts as resolved. */
export const RESOLVED_STATUSES = ['RESOLVED', 'CLOSED'] as const satisfies readonly CaseStatus[];

/** Still the vendor's work: routed or offered to it, or being worked. */
export const VENDOR_WORK_STATUSES = [
  'ROUTED',
  'OFFERED',
  ...WORKING_STATUSES,
] as const satisfies readonly CaseStatus[];

/**
 * Open cases held by a vendor: its work, and escalated cases it still holds. Each holds a place
 * under the vendor's open-case ceiling.
 */
export const OPEN_CASE_STATUSES = [
  ...VENDOR_WORK_STATUSES,
  'ESCALATED',
] as const satisfies readonly CaseStatus[];

/** Not (yet) with a vendor: routing may place the case as it is. */
export const PLACEABLE_STATUSES = [
  'NEW',
  'UNROUTED',
  'REJECTED',
  'ROUTED',
] as const satisfies readonly CaseStatus[];

/** Routing may decide (again) for the case: placeable, offered, or escalated. */
export const ROUTABLE_STATUSES = [
  ...PLACEABLE_STATUSES,
  'OFFERED',
  'ESCALATED',
] as const satisfies readonly CaseStatus[];

const members = new Set<string>(CASE_STATUSES);

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && members.has(value);
}

/** Whether a status is in one of the sets above (typed for any string, e.g. a row's text). */
export function statusIn(set: readonly CaseStatus[], status: string | null | undefined): boolean {
  return status !== null && status !== undefined && (set as readonly string[]).includes(status);
}
