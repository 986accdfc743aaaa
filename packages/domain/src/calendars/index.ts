export {
  type AddBusinessCalendarVersionInput,
  addBusinessCalendarVersion,
  type BusinessCalendarView,
  type CalendarVersionInput,
  type CreateBusinessCalendarInput,
  type CreateHolidaySetInput,
  createBusinessCalendar,
  createHolidaySet,
  getBusinessCalendar,
  type HolidayInput,
  type HolidaySetView,
  type ImportHolidaysInput,
  type ImportHolidaysResult,
  importHolidays,
  listBusinessCalendars,
  listHolidaySets,
} from './calendar-admin.ts';
export {
  calendarInForce,
  calendarVersionsInclude,
  calendarVersionsOf,
  loadAllCalendarVersions,
  loadCalendarVersions,
  type VendorCalendarSource,
  vendorCalendar,
} from './calendar-data.ts';
export {
  listPlatformSlaTargets,
  type PlatformSlaTargetInput,
  type PlatformSlaTargetView,
  setPlatformSlaTargets,
} from './platform-targets.ts';
