export {
  CASE_PROBE_ACTION,
  type CaseProbeOutcome,
  DEFAULT_PROBE_ALERT_POLICY,
  type ProbeAlertPolicy,
  probeAlertDue,
  recordCaseProbes,
} from './record-case-probes.ts';
