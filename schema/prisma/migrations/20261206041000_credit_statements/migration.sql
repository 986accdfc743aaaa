-- A billing month's service credits close into a statement that never changes: its lines
-- keep the figures, the cases behind them and the contract terms they were priced under.
-- Closing the month again issues the next version and marks the one before SUPERSEDED (the
-- only change a statement ever takes). A vendor may dispute a line; a vendor manager
-- accepts, adjusts or rejects the dispute.

CREATE TYPE "CreditStatementStatus" AS ENUM ('CURRENT', 'SUPERSEDED');
CREATE TYPE "CreditDisputeStatus" AS ENUM ('OPEN', 'ACCEPTED', 'ADJUSTED', 'REJECTED');

CREATE TABLE "CreditStatement" (
  "id"                UUID NOT NULL DEFAULT gen_random_uuid(),
  "vendorId"          UUID NOT NULL,
  "period"            TEXT NOT NULL,
  "periodStart"       TIMESTAMPTZ(3) NOT NULL,
  "periodEnd"         TIMESTAMPTZ(3) NOT NULL,
  "version"           INTEGER NOT NULL,
  "status"            "CreditStatementStatus" NOT NULL DEFAULT 'CURRENT',
  "supersededById"    UUID,
  "supersededAt"      TIMESTAMPTZ(3),
  "contractId"        UUID,
  "contractReference" TEXT,
  "creditTerms"       JSONB,
  "currency"          TEXT NOT NULL,
  "feesCents"         INTEGER NOT NULL,
  "subtotalCents"     INTEGER NOT NULL,
  "capCents"          INTEGER NOT NULL,
  "totalCents"        INTEGER NOT NULL,
  "earnBackCents"     INTEGER NOT NULL,
  "netCents"          INTEGER NOT NULL,
  "explanation"       TEXT NOT NULL,
  "reason"            TEXT NOT NULL,
  "closedBy"          TEXT NOT NULL,
  "closedAt"          TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "CreditStatement_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "CreditStatement_vendorId_fkey" FOREIGN KEY ("vendorId") REFERENCES "Vendor"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "CreditStatement_period_check" CHECK ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
CREATE UNIQUE INDEX "CreditStatement_vendorId_period_version_key" ON "CreditStatement" ("vendorId", "period", "version");
CREATE INDEX "CreditStatement_period_idx" ON "CreditStatement" ("period");

CREATE TABLE "CreditStatementLine" (
  "id"             UUID NOT NULL DEFAULT gen_random_uuid(),
  "statementId"    UUID NOT NULL,
  "vendorId"       UUID NOT NULL,
  "position"       INTEGER NOT NULL,
  "kpi"            TEXT NOT NULL,
  "unit"           TEXT NOT NULL,
  "stepSize"       DOUBLE PRECISION,
  "rateBpsPerStep" DOUBLE PRECISION,
  "target"         DOUBLE PRECISION,
  "actual"         DOUBLE PRECISION,
  "shortfall"      DOUBLE PRECISION,
  "steps"          INTEGER,
  "appliedBps"     DOUBLE PRECISION NOT NULL,
  "weightPercent"  DOUBLE PRECISION NOT NULL,
  "amountCents"    INTEGER NOT NULL,
  "chargedCents"   INTEGER NOT NULL,
  "explanation"    TEXT NOT NULL,
  "caseIds"        UUID[] NOT NULL,
  CONSTRAINT "CreditStatementLine_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "CreditStatementLine_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "CreditStatement"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "CreditStatementLine_statementId_position_key" ON "CreditStatementLine" ("statementId", "position");

CREATE TABLE "CreditDispute" (
  "id"                  UUID NOT NULL DEFAULT gen_random_uuid(),
  "lineId"              UUID NOT NULL,
  "statementId"         UUID NOT NULL,
  "vendorId"            UUID NOT NULL,
  "status"              "CreditDisputeStatus" NOT NULL DEFAULT 'OPEN',
  "reason"              TEXT NOT NULL,
  "openedBy"            TEXT NOT NULL,
  "openedAt"            TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "resolvedAmountCents" INTEGER,
  "resolutionNote"      TEXT,
  "resolvedBy"          TEXT,
  "resolvedAt"          TIMESTAMPTZ(3),
  CONSTRAINT "CreditDispute_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "CreditDispute_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "CreditStatementLine"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- One dispute per line: a resolved dispute is final.
CREATE UNIQUE INDEX "CreditDispute_lineId_key" ON "CreditDispute" ("lineId");
CREATE INDEX "CreditDispute_vendorId_status_idx" ON "CreditDispute" ("vendorId", "status");
CREATE INDEX "CreditDispute_statementId_idx" ON "CreditDispute" ("statementId");

-- Statements and their lines: a vendor reads its own, only staff (system scope) write them.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['CreditStatement', 'CreditStatementLine']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (app_is_system() OR "vendorId" = app_vendor_id()) '
      'WITH CHECK (app_is_system())', t);
  END LOOP;
END
$$;

-- Disputes: a vendor opens them in its own tenant; staff resolve them.
ALTER TABLE "CreditDispute" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CreditDispute" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CreditDispute"
  USING (app_is_system() OR "vendorId" = app_vendor_id())
  WITH CHECK (app_is_system() OR "vendorId" = app_vendor_id());

-- A closed statement is evidence: its lines are never rewritten or removed, and a statement
-- changes only to be marked superseded by the next version.
REVOKE UPDATE, DELETE ON "CreditStatementLine" FROM bvg_app;
REVOKE UPDATE, DELETE ON "CreditStatement" FROM bvg_app;
GRANT UPDATE ("status", "supersededById", "supersededAt") ON "CreditStatement" TO bvg_app;
REVOKE DELETE ON "CreditDispute" FROM bvg_app;
