-- Ops are alerted when one partner client keeps naming other tenants' cases (each attempt is
-- in the audit trail as `case.probe_denied`). "Alert" is a system table (no tenant rows).
ALTER TYPE "AlertKind" ADD VALUE 'TENANT_PROBING';
