export {
  findTeam,
  isSpecialist,
  listActiveInHouseTeams,
  readSpecialistTeams,
  type Specialist,
  specialistTeams,
  type TeamRef,
} from './specialist.ts';
export { type TransferToTeamInput, transferToTeam } from './transfer-to-team.ts';
