export {
  CASE_STATUSES,
  type CaseStatus,
  isCaseStatus,
  OPEN_CASE_STATUSES,
  PLACEABLE_STATUSES,
  RESOLVED_STATUSES,
  ROUTABLE_STATUSES,
  statusIn,
  VENDOR_WORK_STATUSES,
  WORKING_STATUSES,
} from './case-status.ts';
