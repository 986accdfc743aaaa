export { listQaCalibration, type QaCalibration } from './list-qa-calibration.ts';
export { recordCsat, recordQaEvaluation, reviewQaCalibration } from './quality-entries.ts';
export { type RubricItem, rubricProblems, rubricScore } from './rubric-score.ts';
export { type CsatResult, type SubmitCsatInput, submitCsat } from './submit-csat.ts';
export {
  type QaEvaluationResult,
  type SubmitQaEvaluationInput,
  submitQaEvaluation,
} from './submit-qa-evaluation.ts';
