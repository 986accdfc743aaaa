export {
  type GeneratedSandboxCase,
  type GenerateSandboxCasesInput,
  generateSandboxCases,
} from './generate-sandbox-cases.ts';
export {
  type IssuedSandboxCredentials,
  type IssueSandboxCredentialsInput,
  issueSandboxCredentials,
  MAX_SANDBOX_ENDPOINTS,
  type SandboxEndpointInput,
  type SandboxTenantView,
} from './issue-sandbox-credentials.ts';
export {
  listSandboxTenants,
  readSandboxTenants,
  type SandboxTenantSummary,
} from './list-sandbox-tenants.ts';
export {
  getSandboxSchedule,
  MAX_SCHEDULE_MINUTES,
  runDueSandboxSchedules,
  type SandboxScheduleView,
  type SandboxSweepResult,
  type SetSandboxScheduleInput,
  setSandboxSchedule,
} from './sandbox-schedule.ts';
export {
  MAX_SYNTHETIC_CASES_PER_CALL,
  planSyntheticCases,
  SYNTHETIC_CASE_SOURCE,
  SYNTHETIC_EMAIL_DOMAIN,
  type SyntheticCase,
} from './synthetic-cases.ts';
