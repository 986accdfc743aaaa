export {
  type RecallReason,
  routeAndAnnounce,
  slaDueTimesFor,
  type UserClockStart,
  userDueTimesFor,
} from './assign-and-announce.ts';
export { expireOffers } from './expire-offers.ts';
export {
  createRerouteHandler,
  MAX_ROUTING_ATTEMPTS,
  type RerouteInput,
  rerouteCase,
} from './reroute-case.ts';
