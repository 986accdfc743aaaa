export { disputeCreditLine, resolveCreditDispute } from './disputes.ts';
export {
  type CloseStatementInput,
  closeStatementProblems,
  type DisputeDecision,
  type DisputeStatus,
  isUuid,
  monthPeriod,
  type ResolveDisputeInput,
  resolutionProblems,
  resolveDispute,
  type StatementLineRow,
  statementLines,
} from './rules.ts';
export {
  type CreditDisputeView,
  type CreditStatementLineView,
  type CreditStatementView,
  closeCreditStatement,
  closeStatement,
  type ReadStatementsInput,
  readCreditStatement,
  readCreditStatements,
} from './statements.ts';
