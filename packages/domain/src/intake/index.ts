export { IntakeBatcher, type IntakeBatcherOptions } from './intake-batcher.ts';
export {
  type SubmitCaseInput,
  type SubmitCaseResult,
  submitCaseSchema,
} from './submission-schema.ts';
export { submitCase } from './submit-case.ts';
export {
  MAX_SUBMISSIONS_PER_BATCH,
  type Submission,
  type SubmissionOutcome,
  submitCases,
} from './submit-cases.ts';
