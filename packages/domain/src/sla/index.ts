export {
  type CalendarVersions,
  type ClockEntry,
  type ClockEntryKind,
  type ClockEvent,
  type ClockKind,
  type ClockTargets,
  calendarVersionAt,
  type PlatformTargetRow,
  type ReplayedClock,
  replayClocks,
  userClockAt,
  type VendorClockTerms,
  vendorClockAt,
} from './clock-replay.ts';
export {
  computeSlaDueTimes,
  openingHoursOf,
  pickSlaTarget,
  type SlaCaseAttributes,
  type SlaDueTimes,
  type SlaTargetRow,
  shiftDueAfterPause,
} from './sla-clock.ts';
export { type SlaSweepOptions, sweepSlaClocks } from './sla-sweep.ts';
export { loadClockReplay, readSlaTimeline, type SlaTimeline } from './sla-timeline.ts';
