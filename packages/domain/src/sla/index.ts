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
