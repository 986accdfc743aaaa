export {
  figureCasesCsv,
  type GetScorecardInput,
  getScorecard,
  getScorecards,
  type ScorecardSource,
  scorecardCsv,
  serviceCreditsCsv,
  type VendorScorecard,
  validatePeriod,
} from './get-scorecard.ts';
export { CONTRACT_KPI_CODES, kpiKeyOf } from './kpi-codes.ts';
export { type LoadCaseFactsInput, loadCaseFacts } from './load-case-facts.ts';
export {
  blendTerms,
  type ContractInForce,
  legacyStep,
  loadContractTerms,
  loadPeriodContract,
  parseCreditTerms,
  periodBounds,
  termsOfVersion,
} from './load-contract-terms.ts';
export { type QbrPack, quarterPeriod, readQbrPack } from './qbr-pack.ts';
export {
  compareScorecards,
  exportScorecardCsv,
  type ReadScorecardInput,
  readScorecard,
  type ScorecardCsvKind,
  scorecardVendorOf,
} from './read-scorecards.ts';
export {
  loadRollupCells,
  type RebuildRollupsInput,
  rebuildRollups,
  refreshRollupsForCases,
} from './rollups.ts';
export {
  previousPeriod,
  type ScorecardFromRollupsInput,
  scorecardFromRollups,
} from './scorecard-from-rollups.ts';
