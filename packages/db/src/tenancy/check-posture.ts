// Start-up check that the database connection really is behind row-level security.
import type { PrismaClient } from '../generated/prisma/client.ts';

/** Tables whose rows belong to one vendor (or are system-only): row-level security required. */
export const SECURED_TABLES = [
  'Case',
  'CaseSubject',
  'CaseEvent',
  'CaseNote',
  'CaseMessage',
  'Assignment',
  'WebhookEndpoint',
  'WebhookSecret',
  'WebhookDelivery',
  'WebhookAttempt',
  'QaEvaluation',
  'CsatResponse',
  'Contract',
  'SlaTarget',
  'KpiTarget',
  'DataAccessGrant',
  'ScorecardRollup',
  'IdempotencyKey',
  'OutboxMessage',
  'AuditEvent',
  'Alert',
  'RoutingAllocation',
  'ShadowDecision',
  'SigningKey',
  'ApiClientSecret',
  'VendorDailyIntake',
  'SandboxSchedule',
  'BulkCaseOperation',
  'RevokedAccessToken',
] as const;

/**
 * Configuration that names vendors but is not tenant data: read by system code (routing,
 * token endpoint) and by ops. A new table must be added to one list or the other.
 */
export const SHARED_TABLES = [
  'Region',
  'Scope',
  'Vendor',
  'VendorSite',
  'VendorCertification',
  'VendorCapacity',
  'ApiClient',
  'RoutingRuleset',
  'RoutingRule',
  'RoutingRuleTarget',
] as const;

export interface PostureReport {
  role: string;
  problems: string[];
}

export async function checkDatabasePosture(prisma: PrismaClient): Promise<PostureReport> {
  const problems: string[] = [];
  const [me] = await prisma.$queryRaw<{ role: string; superuser: boolean; bypassrls: boolean }[]>`
    SELECT current_user AS role, r.rolsuper AS superuser, r.rolbypassrls AS bypassrls
      FROM pg_roles r WHERE r.rolname = current_user`;
  if (!me) return { role: 'unknown', problems: ['cannot read the current role'] };
  if (me.superuser)
    problems.push(`role ${me.role} is a superuser (row-level security does not apply)`);
  if (me.bypassrls) problems.push(`role ${me.role} has BYPASSRLS`);

  const tables = await prisma.$queryRaw<
    { table: string; owned: boolean; rls: boolean; forced: boolean; tenant: boolean }[]
  >`
    SELECT c.relname AS table,
           pg_get_userbyid(c.relowner) = current_user AS owned,
           c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
           c.relname = ANY(${[...SECURED_TABLES]}) AS tenant
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'`;
  for (const t of tables) {
    if (t.owned) problems.push(`role ${me.role} owns table ${t.table}`);
    if (t.tenant && !(t.rls && t.forced)) {
      problems.push(`table ${t.table} holds tenant data without ENABLE + FORCE ROW LEVEL SECURITY`);
    }
    if (!t.tenant && !(SHARED_TABLES as readonly string[]).includes(t.table)) {
      problems.push(
        `table ${t.table} is neither a secured nor a shared table; classify it in check-posture.ts`,
      );
    }
  }
  return { role: me.role, problems };
}
