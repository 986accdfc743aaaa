-- Operations control over cases: the unrouted queue is retried on a schedule with backoff,
-- ops move work in bulk as tracked operations, and an unrouted case raises one alert while
-- the alert is open.

-- When the retry sweep next tries an UNROUTED case; null while ops hold it (recalled).
ALTER TABLE "Case" ADD COLUMN "routingRetryAt" TIMESTAMPTZ(3);
-- The unrouted queue, most urgent first, and the sweep's "due now" read: only unrouted cases.
CREATE INDEX "Case_unrouted_idx" ON "Case" ("priority", "createdAt") WHERE "status" = 'UNROUTED';

-- An alert per case is looked up before another is raised (de-duplication while open).
CREATE INDEX IF NOT EXISTS "Alert_caseId_idx" ON "Alert" ("caseId");

CREATE TYPE "BulkOperationKind" AS ENUM ('REROUTE', 'RECALL', 'ASSIGN');
CREATE TYPE "BulkOperationStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- One bulk action by ops over the cases a filter selected, run by a worker job.
CREATE TABLE "BulkCaseOperation" (
  "id"              UUID NOT NULL DEFAULT gen_random_uuid(),
  "kind"            "BulkOperationKind" NOT NULL,
  "status"          "BulkOperationStatus" NOT NULL DEFAULT 'QUEUED',
  "filter"          JSONB NOT NULL,
  "targetVendorId"  UUID,
  "excludeVendorIds" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[],
  "overrideCapacity" BOOLEAN NOT NULL DEFAULT false,
  "reason"          TEXT NOT NULL,
  "requestedBy"     TEXT NOT NULL,
  "caseIds"         UUID[] NOT NULL,
  "total"           INTEGER NOT NULL,
  "processed"       INTEGER NOT NULL DEFAULT 0,
  "succeeded"       INTEGER NOT NULL DEFAULT 0,
  "skipped"         INTEGER NOT NULL DEFAULT 0,
  "failed"          INTEGER NOT NULL DEFAULT 0,
  "outcomes"        JSONB NOT NULL DEFAULT '{}',
  "error"           TEXT,
  "createdAt"       TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "startedAt"       TIMESTAMPTZ(3),
  "finishedAt"      TIMESTAMPTZ(3),
  "updatedAt"       TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "BulkCaseOperation_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "BulkCaseOperation_status_createdAt_idx" ON "BulkCaseOperation" ("status", "createdAt");

-- System-only: operations name cases of every vendor.
ALTER TABLE "BulkCaseOperation" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "BulkCaseOperation" FORCE ROW LEVEL SECURITY;
CREATE POLICY system_only ON "BulkCaseOperation" USING (app_is_system()) WITH CHECK (app_is_system());
