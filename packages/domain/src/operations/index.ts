export {
  createOverviewCache,
  getOperationsOverview,
  type OperationsOverview,
  type OverviewInput,
} from './operations-overview.ts';
export type { BacklogPoint, OverviewCell } from './overview-model.ts';
