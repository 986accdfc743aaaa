// Who may call what: every root field of the schema against every kind of principal. The
// table below is the contract; a field added without a row fails the first test. The calls
// carry minimal, random arguments, so an allowed call must end in a typed error or data.
import { randomUUID } from 'node:crypto';
import { schema } from '@bvg/graphql';
import { createTestStack, type TestStack } from '@bvg/testkit';
import type { GraphQLField } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalCall } from '../support/case-fields.ts';

type Who =
  | 'anonymous'
  | 'vendor'
  | 'vendorReadOnly'
  | 'ops'
  | 'vendor_manager'
  | 'auditor'
  | 'intake'
  | 'specialist';
const WHO: Who[] = [
  'anonymous',
  'vendor',
  'vendorReadOnly',
  'ops',
  'vendor_manager',
  'auditor',
  'intake',
  'specialist',
];

// vendor = a partner client with every scope; vendorReadOnly = only cases:read; specialist =
// an in-house Tier 2 specialist (of a team that does not exist here: its queue is empty).
const ALLOWED: Record<string, Who[]> = {
  viewer: ['vendor', 'vendorReadOnly', 'ops', 'vendor_manager', 'auditor', 'intake', 'specialist'],
  case: ['vendor', 'vendorReadOnly', 'ops', 'auditor', 'specialist'],
  cases: ['vendor', 'vendorReadOnly', 'ops', 'auditor', 'specialist'],
  vendors: ['ops', 'auditor'],
  businessCalendar: ['ops', 'vendor_manager', 'auditor'],
  businessCalendars: ['ops', 'vendor_manager', 'auditor'],
  holidaySets: ['ops', 'vendor_manager', 'auditor'],
  platformSlaTargets: ['ops', 'auditor'],
  slaTimeline: ['vendor', 'vendorReadOnly', 'ops', 'auditor', 'specialist'],
  createBusinessCalendar: ['ops'],
  addBusinessCalendarVersion: ['ops'],
  createHolidaySet: ['ops'],
  setPlatformSlaTargets: ['ops'],
  importHolidays: ['ops'],
  apiClients: ['ops', 'auditor'],
  auditEvents: ['auditor'],
  routingRuleset: ['ops', 'auditor', 'vendor_manager'],
  routingRulesets: ['ops', 'auditor', 'vendor_manager'],
  routingShadowComparison: ['ops', 'auditor', 'vendor_manager'],
  routingVendors: ['ops', 'auditor', 'vendor_manager'],
  simulateRouting: ['ops'],
  scorecard: ['vendor', 'vendor_manager'],
  scorecardCsv: ['vendor', 'vendor_manager'],
  scorecards: ['vendor_manager'],
  creditStatements: ['vendor', 'vendor_manager'],
  creditStatement: ['vendor', 'vendor_manager'],
  closeCreditStatement: ['vendor_manager'],
  disputeCreditLine: ['vendor'],
  resolveCreditDispute: ['vendor_manager'],
  qaCalibration: ['vendor_manager', 'auditor'],
  webhookDeliveries: ['vendor', 'ops'],
  webhookEndpoints: ['vendor', 'ops'],
  acceptCase: ['vendor', 'specialist'],
  rejectCase: ['vendor', 'specialist'],
  recordResponse: ['vendor', 'specialist'],
  setCasePending: ['vendor', 'specialist'],
  resumeCase: ['vendor', 'specialist'],
  resolveCase: ['vendor', 'specialist'],
  escalateCase: ['vendor', 'specialist'],
  addCaseNote: ['vendor', 'specialist'],
  submitQaEvaluation: ['vendor', 'auditor'],
  submitCase: ['intake'],
  submitCases: ['intake'],
  submitCsat: ['intake'],
  reopenCase: ['intake'],
  appendCaseMessages: ['intake'],
  replyToUser: ['vendor', 'specialist'],
  platformChannelEndpoints: ['ops'],
  createPlatformChannelEndpoint: ['ops'],
  createWebhookEndpoint: ['vendor', 'ops'],
  updateWebhookEndpoint: ['vendor', 'ops'],
  rotateWebhookSecret: ['vendor', 'ops'],
  redeliverWebhook: ['vendor', 'ops'],
  sendTestWebhook: ['vendor', 'ops'],
  createApiClient: ['ops'],
  rotateClientSecret: ['ops'],
  registerClientJwks: ['ops'],
  setApiClientActive: ['ops'],
  setApiClientRateLimitTier: ['ops'],
  setVendorActive: ['ops'],
  createRoutingRuleset: ['ops'],
  updateRoutingRuleset: ['ops'],
  publishRoutingRuleset: ['ops'],
  rollbackRoutingRuleset: ['ops'],
  startRoutingShadow: ['ops'],
  setVendorCapacity: ['ops'],
  setVendorCertifications: ['ops'],
  unroutedCases: ['ops'],
  previewBulkCaseOperation: ['ops'],
  bulkCaseOperation: ['ops'],
  assignCase: ['ops'],
  rerouteCase: ['ops'],
  recallCase: ['ops'],
  startBulkCaseOperation: ['ops'],
  eraseSubject: ['auditor'],
  sandboxTenants: ['ops', 'auditor'],
  sandboxSchedule: ['vendor', 'vendorReadOnly', 'ops', 'auditor'],
  issueSandboxCredentials: ['ops'],
  // A sandbox client may too (sandbox.test.ts); the matrix's partner is a real one: FORBIDDEN.
  generateSandboxCases: ['ops'],
  setSandboxSchedule: ['ops'],
  myTeams: ['specialist'],
  teamQueue: ['ops', 'specialist'],
  claimCase: ['specialist'],
  releaseCase: ['ops', 'specialist'],
  returnCaseToTier1: ['specialist'],
  setVendorState: ['ops'],
  failoverVendor: ['ops'],
  alerts: ['ops', 'auditor'],
  alert: ['ops', 'auditor'],
  opsNotificationEndpoints: ['ops'],
  acknowledgeAlert: ['ops'],
  resolveAlert: ['ops'],
  createOpsNotificationEndpoint: ['ops'],
  operationsOverview: ['ops'],
  regions: ['ops', 'vendor_manager', 'auditor'],
  scopes: ['ops', 'vendor_manager', 'auditor'],
  vendorSites: ['ops', 'vendor_manager', 'auditor'],
  createVendor: ['ops'],
  updateVendor: ['ops'],
  offboardVendor: ['ops'],
  createVendorSite: ['ops'],
  updateVendorSite: ['ops'],
  createRegion: ['ops'],
  updateRegion: ['ops'],
  createScope: ['ops'],
  updateScope: ['ops'],
  contracts: ['vendor', 'ops', 'vendor_manager', 'auditor'],
  contract: ['vendor', 'ops', 'vendor_manager', 'auditor'],
  createContract: ['vendor_manager'],
  amendContract: ['vendor_manager'],
  setDataAccessGrants: ['vendor_manager'],
};

let stack: TestStack;
const tokens = new Map<Who, string | undefined>();

beforeAll(async () => {
  stack = await createTestStack();
  const vendor = await stack.seed.vendor();
  tokens.set('anonymous', undefined);
  tokens.set('vendor', await stack.vendorToken(vendor));
  tokens.set('vendorReadOnly', await stack.vendorToken(vendor, ['cases:read']));
  for (const role of ['ops', 'vendor_manager', 'auditor', 'intake'] as const) {
    tokens.set(role, await stack.internalToken([role]));
  }
  tokens.set('specialist', await stack.specialistToken(['no-such-team']));
});
afterAll(async () => stack?.close());

const roots: ['query' | 'mutation', GraphQLField<unknown, unknown>][] = [
  ...Object.values(schema.getQueryType()!.getFields()).map(
    (f) => ['query', f] as ['query', GraphQLField<unknown, unknown>],
  ),
  ...Object.values(schema.getMutationType()!.getFields()).map(
    (f) => ['mutation', f] as ['mutation', GraphQLField<unknown, unknown>],
  ),
];

describe('authorisation matrix', () => {
  it('has a row for every root field', () => {
    expect(roots.map(([, f]) => f.name).filter((n) => !(n in ALLOWED))).toEqual([]);
  });

  for (const [operation, field] of roots) {
    it(`${operation} ${field.name}`, async () => {
      const document = minimalCall(operation, field);
      const variables = { caseId: randomUUID(), version: 1 };
      const outcome: Record<string, string> = {};
      for (const who of WHO) {
        const res = await stack.graphql(document, variables, tokens.get(who));
        const code = String(res.errors?.[0]?.extensions?.code ?? 'OK');
        // An allowed call with nonsense arguments must still get a typed answer, never a crash.
        outcome[who] = ['FORBIDDEN', 'UNAUTHENTICATED', 'INTERNAL'].includes(code)
          ? code
          : 'ALLOWED';
      }
      const expected = Object.fromEntries(
        WHO.map((who) => [
          who,
          (ALLOWED[field.name] ?? []).includes(who)
            ? 'ALLOWED'
            : who === 'anonymous'
              ? 'UNAUTHENTICATED'
              : 'FORBIDDEN',
        ]),
      );
      expect(outcome).toEqual(expected);
    });
  }
});
