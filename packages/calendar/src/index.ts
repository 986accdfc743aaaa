export {
  addBusinessMinutes,
  businessMinutesBetween,
  localDate,
  type OpeningHours,
  utcOffsetMinutes,
} from './business-clock.ts';
