export { caseUpdateRecipient } from './case-updated.ts';
export {
  CASE_DATA_FIELDS,
  type CaseContext,
  type CaseDataField,
  type CaseDataPolicy,
  type DataGrant,
  decideCaseDataPolicy,
  type FieldDecision,
  type Reader,
  type RedactionReason,
} from './data-access-policy.ts';
export { type CaseAction, planTransition, TRANSITIONS } from './lifecycle.ts';
export {
  applyPlatformTransition,
  closeQuietResolvedCases,
  reopenCase,
} from './platform-transitions.ts';
export {
  type CaseEventRow,
  type CaseFilter,
  type CaseRow,
  type CaseView,
  listCaseEvents,
  listCases,
  listEventsOfCases,
  type Page,
  readCase,
} from './read-cases.ts';
export {
  decodeSyncCursor,
  encodeSyncCursor,
  isSyncCursor,
  type SyncPosition,
} from './sync-cursor.ts';
export {
  applyTransition,
  type CaseWorker,
  type TransitionExtension,
  type TransitionInput,
  type TransitionResult,
  transitionCase,
} from './transition-case.ts';
export {
  type CaseClocks,
  type TransitionEffects,
  transitionEffects,
} from './transition-effects.ts';
