-- Row-level security: the second wall between tenants, behind the API's own checks.
--
-- The application connects as `bvg_app`: no superuser, no BYPASSRLS, owner of nothing, so
-- every policy below applies to it (FORCE also binds the owner, should it ever connect).
-- Each transaction states whose data it works on with transaction-local settings:
--   app.scope     = 'vendor' | 'system'
--   app.vendor_id = the tenant's vendor id (when app.scope = 'vendor')
-- Nothing set means no rows: default deny.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bvg_app') THEN
    CREATE ROLE bvg_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;

-- Helper functions keep every policy short and identical. STABLE: read once per statement.
CREATE FUNCTION app_is_system() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT coalesce(current_setting('app.scope', true), '') = 'system' $$;

CREATE FUNCTION app_vendor_id() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT CASE WHEN coalesce(current_setting('app.scope', true), '') = 'vendor'
               THEN nullif(current_setting('app.vendor_id', true), '')::uuid END $$;

GRANT USAGE ON SCHEMA public TO bvg_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO bvg_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO bvg_app;
GRANT EXECUTE ON FUNCTION app_is_system(), app_vendor_id() TO bvg_app;
-- Migrations are not the application's business.
REVOKE ALL ON "_prisma_migrations" FROM bvg_app;
-- History is append-only: no one rewrites case events or the audit trail.
REVOKE UPDATE, DELETE ON "CaseEvent", "AuditEvent" FROM bvg_app;

-- Tables owned by one vendor through their own "vendorId" column.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['Case', 'Assignment', 'WebhookEndpoint', 'WebhookSecret',
                           'WebhookDelivery', 'WebhookAttempt', 'QaEvaluation', 'Contract',
                           'ScorecardRollup', 'IdempotencyKey', 'CsatResponse']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (app_is_system() OR "vendorId" = app_vendor_id()) '
      'WITH CHECK (app_is_system() OR "vendorId" = app_vendor_id())', t);
  END LOOP;
END
$$;

-- Tables that belong to a case: visible exactly when the case is (the subquery is itself
-- filtered by the Case policy), so a re-routed case takes its history along.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['CaseSubject', 'CaseEvent', 'CaseNote']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (app_is_system() OR EXISTS (SELECT 1 FROM "Case" c WHERE c.id = "caseId")) '
      'WITH CHECK (app_is_system() OR EXISTS (SELECT 1 FROM "Case" c WHERE c.id = "caseId"))', t);
  END LOOP;
END
$$;

-- Contract details: visible with their contract.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['SlaTarget', 'KpiTarget', 'DataAccessGrant']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (app_is_system() OR EXISTS (SELECT 1 FROM "Contract" c WHERE c.id = "contractId")) '
      'WITH CHECK (app_is_system())', t);
  END LOOP;
END
$$;

-- System-only tables: a vendor transaction sees none of their rows and cannot write them,
-- except that anyone may append to the audit trail and the outbox.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['OutboxMessage', 'AuditEvent', 'Alert', 'RoutingAllocation',
                           'ShadowDecision', 'SigningKey', 'ApiClientSecret', 'VendorDailyIntake']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY system_only ON %I USING (app_is_system()) WITH CHECK (app_is_system())', t);
  END LOOP;
END
$$;
CREATE POLICY append_by_tenant ON "AuditEvent" FOR INSERT WITH CHECK ("vendorId" = app_vendor_id());
CREATE POLICY append_by_tenant ON "OutboxMessage" FOR INSERT WITH CHECK ("vendorId" = app_vendor_id());

-- Tables added by later migrations are granted to the application too; the posture check
-- (packages/db/src/tenancy/check-posture.ts) fails start-up if one of them holds tenant
-- data without row-level security.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO bvg_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO bvg_app;
