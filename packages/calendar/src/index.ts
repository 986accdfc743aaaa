export {
  addBusinessMinutes,
  businessMinutesBetween,
  localDate,
  type OpeningHours,
  utcOffsetMinutes,
} from './business-clock.ts';
export {
  type BusinessHours,
  isWithinBusinessHours,
  type LocalTime,
  localTimeIn,
} from './business-hours.ts';
export {
  type CalendarProblem,
  type CalendarVersion,
  effectiveFromProblems,
  isKnownTimeZone,
  type OpeningHoursInput,
  openingHoursOfVersion,
  openingHoursProblems,
  versionInForce,
} from './calendar-versions.ts';
