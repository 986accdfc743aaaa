export {
  type AssignmentView,
  listCaseAssignments,
  type SplitPosition,
  splitPosition,
} from './assignment-explanations.ts';
export {
  BULK_CHUNK_SIZE,
  type BulkCaseFilter,
  type BulkCaseOperationInput,
  type BulkCaseOperationView,
  type BulkPreview,
  failBulkCaseOperation,
  findUnstartedBulkOperations,
  getBulkCaseOperation,
  MAX_BULK_CASES,
  type OutcomeCount,
  previewBulkCaseOperation,
  runBulkCaseOperation,
  startBulkCaseOperation,
} from './bulk-operations.ts';
export {
  type AssignCaseInput,
  assignCase,
  type CaseActionInput,
  type CaseActionResult,
  type RerouteCaseByOpsInput,
  recallCase,
  rerouteCaseByOps,
} from './case-actions.ts';
export {
  type CaseMove,
  type CaseMoveKind,
  type CaseMoveOutcome,
  lockCases,
  moveLockedCases,
} from './move-cases.ts';
export {
  listUnroutedCases,
  type RetryUnroutedResult,
  retryUnroutedCases,
  type UnroutedCaseView,
  type UnroutedFilter,
} from './unrouted-queue.ts';
