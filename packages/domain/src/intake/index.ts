export {
  type SubmitCaseInput,
  type SubmitCaseResult,
  submitCase,
  submitCaseSchema,
} from './submit-case.ts';
