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
