export { addBusinessMinutes, localDate, type OpeningHours, utcOffsetMinutes } from './business-clock.ts';
