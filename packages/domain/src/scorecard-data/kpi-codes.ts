// The KPI spellings contracts use live with the pure core, which validates credit terms.
export { CONTRACT_KPI_CODES, kpiKeyOf } from '@bvg/scorecards';
