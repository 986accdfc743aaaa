-- Operations control: vendor states (replacing the on/off switch), Tier 2 claims, alerts with
-- a lifecycle and de-duplication, and the indexes the operations overview reads.

-- ─── Vendor states ───
-- ACTIVE takes new work; PAUSED and DRAINING take none (DRAINING also gives its unaccepted
-- offers back). API access is not part of a vendor's state: it is its clients' `active` flag.
CREATE TYPE "VendorState" AS ENUM ('ACTIVE', 'PAUSED', 'DRAINING');
ALTER TABLE "Vendor"
  ADD COLUMN "state" "VendorState" NOT NULL DEFAULT 'ACTIVE',
  ADD COLUMN "stateReason" TEXT,
  ADD COLUMN "stateChangedAt" TIMESTAMPTZ(3);
UPDATE "Vendor" SET "state" = 'PAUSED', "stateReason" = 'was inactive' WHERE NOT "active";
ALTER TABLE "Vendor" DROP COLUMN "active";

-- ─── Tier 2 claims ───
-- A case offered to an in-house team waits in the team's queue until one specialist claims it.
ALTER TABLE "Case"
  ADD COLUMN "claimedBy" TEXT,
  ADD COLUMN "claimedAt" TIMESTAMPTZ(3);
ALTER TYPE "CaseEventType" ADD VALUE 'CLAIMED';
ALTER TYPE "CaseEventType" ADD VALUE 'RELEASED';
ALTER TYPE "CaseEventType" ADD VALUE 'RETURNED_TO_TIER1';

-- ─── Alerts ───
ALTER TYPE "AlertKind" ADD VALUE 'SLA_AT_RISK';
ALTER TYPE "AlertKind" ADD VALUE 'WEBHOOK_ENDPOINT_FAILING';
ALTER TYPE "AlertKind" ADD VALUE 'CAPACITY_EXHAUSTED';
ALTER TYPE "AlertKind" ADD VALUE 'OFFERS_LAPSING';
CREATE TYPE "AlertStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'RESOLVED');
CREATE TYPE "AlertSeverity" AS ENUM ('CRITICAL', 'WARNING', 'INFO');
ALTER TABLE "Alert"
  ADD COLUMN "status" "AlertStatus" NOT NULL DEFAULT 'OPEN',
  ADD COLUMN "severity" "AlertSeverity" NOT NULL DEFAULT 'WARNING',
  ADD COLUMN "dedupeKey" TEXT,
  ADD COLUMN "occurrences" INTEGER NOT NULL DEFAULT 1,
  ADD COLUMN "lastRaisedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  ADD COLUMN "data" JSONB NOT NULL DEFAULT '{}',
  ADD COLUMN "acknowledgeNote" TEXT,
  ADD COLUMN "resolvedAt" TIMESTAMPTZ(3),
  ADD COLUMN "resolvedBy" TEXT,
  ADD COLUMN "resolutionNote" TEXT;
UPDATE "Alert" SET "dedupeKey" = kind::text || ':' || coalesce("caseId"::text, "vendorId"::text, id::text),
                   "lastRaisedAt" = "createdAt",
                   "status" = CASE WHEN "acknowledgedAt" IS NULL THEN 'OPEN' ELSE 'ACKNOWLEDGED' END::"AlertStatus";
ALTER TABLE "Alert" ALTER COLUMN "dedupeKey" SET NOT NULL;
CREATE INDEX "Alert_status_lastRaisedAt_idx" ON "Alert" ("status", "lastRaisedAt");
-- One unresolved alert per condition: raising it again counts an occurrence on the open one.
CREATE UNIQUE INDEX "Alert_open_dedupeKey_key" ON "Alert" ("dedupeKey") WHERE "status" <> 'RESOLVED';

-- ─── Operations overview ───
-- Cases not yet resolved, read by vendor × scope × region × status for the board with what
-- the SLA columns need, from the index alone (partial: only open cases, however large the
-- history grows).
CREATE INDEX "Case_open_overview_idx" ON "Case" ("vendorId", "scopeCode", "regionCode", "status")
  INCLUDE ("createdAt", "firstResponseAt", "firstResponseDueAt", "resolutionDueAt")
  WHERE "status" NOT IN ('RESOLVED', 'CLOSED');
-- The backlog series: cases resolved in the last day.
CREATE INDEX "Case_resolvedAt_idx" ON "Case" ("resolvedAt") WHERE "resolvedAt" IS NOT NULL;

-- The case policy's scope test, once per statement instead of once per row: as scalar
-- subqueries the planner evaluates `app_is_system()` and `app_vendor_id()` once (an InitPlan),
-- where the inlined functions were re-evaluated for every row — most of the cost of reading
-- every open case for the overview (`pnpm bench ops-overview`). Same rule, same check.
DROP POLICY tenant_isolation ON "Case";
CREATE POLICY tenant_isolation ON "Case"
  USING ((SELECT app_is_system()) OR "vendorId" = (SELECT app_vendor_id()))
  WITH CHECK ((SELECT app_is_system()) OR "vendorId" = (SELECT app_vendor_id()));
