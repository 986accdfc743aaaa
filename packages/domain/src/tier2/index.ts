export { type ClaimInput, claimCase, releaseCase } from './claims.ts';
export { returnCaseToTier1 } from './return-to-tier1.ts';
export {
  listTeamQueue,
  type QueueClaimFilter,
  type TeamQueueEntry,
  type TeamQueueInput,
} from './team-queue.ts';
